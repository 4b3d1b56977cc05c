#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import type { Runtime } from '../runtime.ts';
import type { DemoCommandOptions } from './demo.ts';
import type { SandboxCommandOptions } from './sandbox.ts';
import { UsageError } from './usage-error.ts';

const program = new Command()
  .name('ocop-monitor')
  .description(
    'Giám sát sản phẩm OCOP trên các sàn thương mại điện tử.\n' +
      'Keeps OCOP products visible on e-commerce marketplaces.',
  )
  .option('-c, --config <file>', 'tệp YAML ghi đè config/default.yaml / YAML file merged over config/default.yaml')
  .option(
    '--new-store',
    'tạo kho mới dù đã có kho ở nơi khác / create an empty embedded store at dataDir although one exists elsewhere',
  )
  .showHelpAfterError()
  .exitOverride();

// Each command's module (and the configuration, which needs the monitor) is imported when the
// command runs, not here: `--help` then loads none of them, and `alerts list` not the dashboard,
// the sandbox or BullMQ (docs/operator.md, "Start-up").

/** Loads the configuration and runtime for one command, and always releases them. */
async function withRuntime(action: (runtime: Runtime) => Promise<void>): Promise<void> {
  const { config: file, newStore } = program.opts<{ config?: string; newStore?: boolean }>();
  const [{ loadConfig }, { createRuntime }] = await Promise.all([import('../config/load.ts'), import('../runtime.ts')]);
  const runtime = createRuntime(
    loadConfig({ ...(file ? { file } : {}), ...(newStore ? { overrides: { newStore } } : {}) }),
  );
  try {
    await action(runtime);
  } finally {
    await runtime.close();
  }
}

program
  .command('probe')
  .description('Kiểm tra một tin đăng và in kết quả / Check one listing URL and print the Observation')
  .argument('<url>', 'URL trang sản phẩm / product page URL')
  .option('--json', 'in đúng đối tượng Observation dạng JSON / print exactly the Observation as JSON')
  .action((url: string, options: { json?: boolean }) =>
    withRuntime(async (runtime) => (await import('./probe.ts')).probe(runtime, url, options)),
  );

const collect = (value: string, previous: string[] = []) => [...previous, value];

program
  .command('doctor')
  .description(
    'Kiểm tra hệ thống đọc đúng từng sàn chưa, trước khi có cảnh báo / Check that each marketplace is read correctly (reads only; exit 1 unless every one is ready)',
  )
  .option('--marketplace <id>', 'chỉ sàn này / only this marketplace')
  .option('--sample <n>', 'số trang mỗi sàn / pages per marketplace, from the linked listings', (v) => Number(v), 5)
  .option('--url <url>', 'trang sản phẩm cần đọc (lặp lại được) / a product page to read (repeatable)', collect)
  .option('--capture <dir>', 'lưu các trang đã đọc, bỏ thông tin cá nhân / save the pages read, personal data stripped')
  .option(
    '--suggest-layout [dir]',
    'đề xuất bố cục cho sàn tỉnh từ trang đã lưu (DIR) hoặc --url / propose a provincial floor layout from captured pages (DIR) or --url',
  )
  .option(
    '--removed <url>',
    'trang sản phẩm đã bị gỡ: phải đọc là bị gỡ (lặp lại được) / a removed product page: must read removed (repeatable)',
    collect,
  )
  .option('--json', 'JSON')
  .action(
    (options: {
      marketplace?: string;
      sample: number;
      url?: string[];
      capture?: string;
      suggestLayout?: string | boolean;
      removed?: string[];
      json?: boolean;
    }) =>
      withRuntime(async (runtime) => {
        const doctor = await import('./doctor.ts');
        const { suggestLayout, ...rest } = options;
        if (suggestLayout === undefined) {
          exitCode = await doctor.doctorCommand(runtime, rest);
          return;
        }
        exitCode = await doctor.suggestLayoutCommand(runtime, {
          ...rest,
          ...(typeof suggestLayout === 'string' ? { from: suggestLayout } : {}),
        });
      }),
  );

const integer = (name: string) => (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new UsageError(`${name} must be a whole number, not "${value}"`);
  return parsed;
};

program
  .command('sandbox')
  .description('Chạy các sàn mô phỏng trên máy này / Serve the simulated marketplaces on localhost')
  .option('--seed <n>', 'hạt giống / seed of the simulated world', integer('--seed'), 1)
  .option('--products <n>', 'số sản phẩm OCOP / registry size', integer('--products'), 300)
  .option(
    '--faults <profile>',
    'lỗi giả lập / fault profile: none, light, heavy, blocked, redesign, moved, moved-home, adversarial',
    'none',
  )
  .option('--port <n>', 'cổng đầu tiên / first port (0 = any free ports)', integer('--port'), 0)
  .action(async (options: SandboxCommandOptions) => (await import('./sandbox.ts')).sandboxCommand(options));

/** Commands that set an exit code other than 0 return it (imports with rejected rows). */
let exitCode = 0;

const importCommandGroup = program
  .command('import')
  .description('Nhập danh mục / Import the registry from CSV or XLSX');
for (const what of ['products', 'listings'] as const) {
  importCommandGroup
    .command(what)
    .description(
      what === 'products'
        ? 'Nhập sản phẩm OCOP và chủ thể / Import OCOP products and producers (template: examples/)'
        : 'Nhập URL tin đăng trên sàn / Import listing URLs',
    )
    .argument('<file>', 'tệp .csv hoặc .xlsx / a .csv or .xlsx file')
    .action((file: string) =>
      withRuntime(async (runtime) => {
        exitCode = await (await import('./import.ts')).importCommand(runtime, what, file);
      }),
    );
}

const registryGroup = program
  .command('registry')
  .description('Danh mục OCOP quốc gia / The national OCOP registry (config: registry.national)');
registryGroup
  .command('sync')
  .description(
    'Đồng bộ với hệ thống OCOP quốc gia / Bring the registry in step with the national system (new, re-certified, stars, expired, revoked, removed; conflicts reported)',
  )
  .option('--json', 'in kết quả JSON / print the summary as JSON')
  .action((options: { json?: boolean }) =>
    withRuntime(async (runtime) => {
      exitCode = await (await import('./registry.ts')).registrySyncCommand(runtime, options);
    }),
  );

program
  .command('discover')
  .description(
    'Tìm tin đăng của sản phẩm chưa có trên sàn / Search the marketplaces for products without a listing there, and propose candidates for a person to confirm',
  )
  .option('--marketplace <id>', 'chỉ sàn này / only this marketplace')
  .option('--min-score <n>', 'điểm tối thiểu / lowest score proposed (default discovery.minScore)')
  .option('--json', 'in kết quả JSON / print the summary as JSON')
  .action((options: { marketplace?: string; minScore?: string; json?: boolean }) =>
    withRuntime(async (runtime) => {
      exitCode = await (await import('./discover.ts')).discoverCommand(runtime, options);
    }),
  );
const listingsGroup = program.command('listings').description('Tin đăng đề xuất / Proposed listings');
listingsGroup
  .command('proposals')
  .option('--state <state>', 'proposed (default), accepted or rejected')
  .option('--json', 'JSON')
  .action((options: { state?: string; json?: boolean }) =>
    withRuntime(async (runtime) => (await import('./discover.ts')).proposalsCommand(runtime, options)),
  );
for (const decision of ['accept', 'reject'] as const) {
  listingsGroup
    .command(decision)
    .description(decision === 'accept' ? 'Liên kết tin đăng / Link the listing' : 'Loại đề xuất / Reject the proposal')
    .argument('<ids...>', 'số đề xuất / proposal ids')
    .option('--by <name>', 'người quyết định / who decides')
    .action((ids: string[], options: { by?: string }) =>
      withRuntime(async (runtime) => (await import('./discover.ts')).decideCommand(runtime, decision, ids, options)),
    );
}

program
  .command('check')
  .description(
    'Chạy một lượt kiểm tra hằng ngày / One complete daily run in this process (no Redis); beside `start`, asked of it',
  )
  .option('--date <yyyy-mm-dd>', 'ngày của lượt / the run date (default: today in Asia/Ho_Chi_Minh)')
  .option('--lang <lang>', 'ngôn ngữ tóm tắt / language of the summary: vi (mặc định / default) or en')
  .option('--json', 'in tóm tắt JSON / print the summary as JSON')
  .action((options: { date?: string; lang?: string; json?: boolean }) =>
    withRuntime(async (runtime) => (await import('./check.ts')).checkCommand(runtime, options)),
  );

const alertsGroup = program.command('alerts').description('Xem và xử lý cảnh báo / Review alerts');
alertsGroup
  .command('list')
  .option('--type <type>', 'loại / alert type')
  .option('--state <state>', 'open, confirmed, dismissed, snoozed, resolved, or live (not resolved)')
  .option('--lang <lang>', 'ngôn ngữ / language: vi (mặc định / default) or en')
  .option('--json', 'JSON (mã, không dịch / codes, untranslated)')
  .action((options: { type?: string; state?: string; lang?: string; json?: boolean }) =>
    withRuntime(async (runtime) => (await import('./alerts.ts')).listAlertsCommand(runtime, options)),
  );
for (const action of ['confirm', 'dismiss', 'snooze'] as const) {
  alertsGroup
    .command(action)
    .argument('<id>', 'số cảnh báo / alert number')
    .requiredOption('--by <name>', 'người xử lý / who reviews')
    .option('--note <text>', 'ghi chú / note')
    .option('--until <date>', 'tạm hoãn đến / snooze until (snooze only)')
    .action((id: string, options: { by: string; note?: string; until?: string }) =>
      withRuntime(async (runtime) => (await import('./alerts.ts')).reviewAlertCommand(runtime, action, id, options)),
    );
}

program
  .command('report')
  .description('Báo cáo / Reports')
  .command('coverage')
  .description('Độ phủ so với mục tiêu 100% / Coverage against the 100% target')
  .option('--date <yyyy-mm-dd>', 'ngày / as of this date (default today)')
  .option(
    '--format <format>',
    'table, csv, json, xlsx; report, docx (bản báo cáo gửi lên / the report sent upward, XLSX or Word), open-csv, open-json (dữ liệu mở / open data)',
    'table',
  )
  .option('--out <file>', 'ghi ra tệp / write to a file')
  .action((options: { date?: string; format: string; out?: string }) =>
    withRuntime(async (runtime) => (await import('./report.ts')).reportCoverageCommand(runtime, options)),
  );

program
  .command('serve')
  .description("Trang quản trị cho Sở Công Thương / The department's dashboard (web pages and JSON API)")
  .option('--port <n>', 'cổng / port', integer('--port'), 8080)
  .option('--host <host>', 'địa chỉ / address to listen on', '127.0.0.1')
  .option(
    '--insecure-cookies',
    'cookie không cần HTTPS (chỉ thử trên máy này) / session cookie without Secure (local trials only)',
  )
  .action((options: { port: number; host: string; insecureCookies?: boolean }) =>
    withRuntime(async (runtime) => (await import('./dashboard.ts')).serveCommand(runtime, options)),
  );

const usersGroup = program
  .command('users')
  .description('Tài khoản trang quản trị / Dashboard accounts (password on standard input)');
for (const action of ['add', 'passwd', 'disable'] as const) {
  const command = usersGroup.command(action).argument('<username>');
  if (action === 'add')
    command
      .option('--name <name>', 'họ tên / display name')
      .option('--role <role>', 'admin, reviewer or viewer', 'viewer');
  command.action((username: string, options: { name?: string; role?: string }) =>
    withRuntime(async (runtime) => (await import('./dashboard.ts')).usersCommand(runtime, action, username, options)),
  );
}

const notifyGroup = program.command('notify').description('Thông báo / Notifications to producers and the department');
notifyGroup
  .command('outbox')
  .description('Hộp thư đi / the outbox: sent, waiting, failed')
  .option('--state <state>', 'pending, sending, sent, deferred, failed, fell_back, uncertain, suppressed, withdrawn')
  .option('--json', 'JSON')
  .action((options: { state?: string; json?: boolean }) =>
    withRuntime(async (runtime) => (await import('./notify.ts')).notifyOutboxCommand(runtime, options)),
  );
notifyGroup
  .command('send')
  .description('Gửi các thông báo đến hạn / deliver what is due now')
  .action(() => withRuntime(async (runtime) => (await import('./notify.ts')).notifySendCommand(runtime)));
notifyGroup
  .command('test')
  .description('Gửi thử / send a test message through a configured channel')
  .requiredOption('--channel <channel>', 'email or webhook')
  .requiredOption('--to <address>', 'địa chỉ / e-mail address or webhook URL')
  .action((options: { channel: string; to: string }) =>
    withRuntime(async (runtime) => (await import('./notify.ts')).notifyTestCommand(runtime, options)),
  );

program
  .command('backup')
  .description('Sao lưu kho dữ liệu / Back up the store to one file (pg_dump, or the embedded store folder)')
  .requiredOption('--out <file>', 'tệp sao lưu / backup file')
  .action((options: { out: string }) =>
    withRuntime(async (runtime) => (await import('./backup.ts')).backupCommand(runtime, options)),
  );

program
  .command('restore')
  .description('Khôi phục từ bản sao lưu / Restore a backup into the configured store')
  .argument('<file>', 'tệp sao lưu / backup file')
  .option('--force', 'thay kho đang có / replace a store that holds data (the embedded one is kept aside)')
  .action((file: string, options: { force?: boolean }) =>
    withRuntime(async (runtime) => (await import('./backup.ts')).restoreCommand(runtime, file, options)),
  );

program
  .command('worker')
  .description('Tiến trình kiểm tra (BullMQ) / Check worker process: runs checks and run finalisation')
  .option('--marketplaces <ids>', 'chỉ các sàn này / only these marketplaces (comma-separated)')
  .option('--concurrency <n>', 'số việc song song mỗi sàn / checks in flight per marketplace', integer('--concurrency'))
  .action((options: { marketplaces?: string; concurrency?: number }) =>
    withRuntime(async (runtime) => (await import('./queue-commands.ts')).workerCommand(runtime, options)),
  );

program
  .command('scheduler')
  .description('Lịch chạy hằng ngày (một tiến trình) / Owns the daily schedule and the watchdog (run exactly one)')
  .action(() => withRuntime(async (runtime) => (await import('./queue-commands.ts')).schedulerCommand(runtime)));

program
  .command('run-now')
  .description(
    'Chạy một lượt ngay và theo dõi / Have the workers run a date now and follow its progress (on the embedded store: asks `start`)',
  )
  .option('--date <yyyy-mm-dd>', 'ngày của lượt / the run date (default today)')
  .option('--lang <lang>', 'ngôn ngữ tóm tắt / language of the summary: vi (mặc định / default) or en')
  .action((options: { date?: string; lang?: string }) =>
    withRuntime(async (runtime) => (await import('./queue-commands.ts')).runNowCommand(runtime, options)),
  );

const queuesGroup = program
  .command('queues')
  .description('Hàng đợi kiểm tra (BullMQ) / The check queues: pause or resume one (the dashboard only shows them)');
for (const action of ['pause', 'resume'] as const) {
  queuesGroup
    .command(action)
    .argument('<queue>', 'mã sàn, runs hoặc notify / a marketplace id, runs or notify')
    .action((name: string) =>
      withRuntime(async (runtime) => (await import('./queue-commands.ts')).queuesCommand(runtime, action, name)),
    );
}

program
  .command('start')
  .description(
    'Lịch + kiểm tra + trang quản trị trong một tiến trình / Scheduler, workers and dashboard in one process',
  )
  .option('--port <n>', 'cổng trang quản trị / dashboard port', integer('--port'), 8080)
  .option('--host <host>', 'địa chỉ / address to listen on', '127.0.0.1')
  .action((options: { port: number; host: string }) =>
    withRuntime(async (runtime) => (await import('./queue-commands.ts')).startCommand(runtime, options)),
  );

program
  .command('demo')
  .description('Chạy thử toàn hệ thống trên sàn mô phỏng / The whole system against the sandbox, day by day')
  .option('--days <n>', 'số ngày mô phỏng / simulated days', integer('--days'), 30)
  .option('--products <n>', 'số sản phẩm / registry size', integer('--products'), 200)
  .option('--seed <n>', 'hạt giống / seed', integer('--seed'), 1)
  .option(
    '--products-per-producer <n>',
    'sản phẩm mỗi cơ sở (cỡ gian hàng) / products per producer: shop sizes (default 2.2)',
    Number.parseFloat,
  )
  .option('--faults <profile>', 'none, light, heavy, blocked, redesign, moved, moved-home, adversarial', 'none')
  .option('--faults-from <day>', 'lỗi bắt đầu từ ngày / the faults begin on this day', integer('--faults-from'), 1)
  .option('--faults-on <marketplace>', 'chỉ sàn này / only on this marketplace (voso, postmart, floor, tiki)')
  .option('--engine <engine>', 'in-process, hoặc queue (BullMQ trên Redis) / or queue (BullMQ on Redis)', 'in-process')
  .option('--json', 'in một đối tượng JSON / print one JSON object')
  .option('--serve', 'giữ trang quản trị mở sau khi chạy / keep the dashboard up afterwards, with a demo login')
  .option('--port <n>', 'cổng trang quản trị / dashboard port (with --serve)', integer('--port'), 8080)
  .option(
    '--sync-registry',
    'đồng bộ danh mục quốc gia mô phỏng hằng tuần / sync with the sandbox national registry on day 0 and weekly',
  )
  .action(async (options: DemoCommandOptions) =>
    (await import('./demo.ts')).demoCommand(options, program.opts<{ config?: string }>().config),
  );

try {
  await program.parseAsync();
  process.exitCode = exitCode;
} catch (error) {
  // Commander has already printed the help, or what was wrong with the arguments.
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
  // One line with the cause and what to do; the stack only when asked for (OCOP_DEBUG=1).
  const { debugStack, describeFailure } = await import('./failure.ts');
  const failure = describeFailure(error);
  if (failure.message) process.stderr.write(`ocop-monitor: ${failure.message}\n`);
  if (process.env.OCOP_DEBUG) process.stderr.write(`${debugStack(error)}\n`);
  process.exit(failure.exitCode);
}
