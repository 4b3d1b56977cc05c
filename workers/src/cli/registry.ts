import type { RegistrySyncSummary } from '@ocop-monitor/monitor';
import { syncNationalRegistry } from '../registry-sync.ts';
import type { Runtime } from '../runtime.ts';
import { openConfiguredStore } from '../store-runtime.ts';

const KIND_LABEL: Record<string, string> = {
  new: 'mới / new',
  recertified: 'cấp lại / re-certified',
  stars_changed: 'đổi hạng sao / stars changed',
  expired: 'hết hạn / expired',
  revoked: 'thu hồi / revoked',
  reinstated: 'khôi phục / reinstated',
  removed: 'không còn trong hệ thống / removed',
  updated: 'sửa tên, nhóm / renamed or regrouped',
  conflict: 'khác với dữ liệu tỉnh nhập tay (không ghi đè) / conflicts with hand-entered data (not overwritten)',
  removals_held: 'tạm giữ: quá nhiều sản phẩm biến mất cùng lúc / held: too many products gone at once',
};

function formatSyncSummary(summary: RegistrySyncSummary): string {
  const lines = [
    `Đồng bộ danh mục quốc gia / national registry sync #${summary.syncId}: ${summary.listed} sản phẩm trên hệ thống / listed, ` +
      `${summary.inProvince} của tỉnh / this province's, ${summary.requests} yêu cầu / requests` +
      (summary.complete ? '' : ' — CHƯA ĐỦ / INCOMPLETE: no removal judged'),
  ];
  for (const [kind, count] of Object.entries(summary.counts)) lines.push(`  ${KIND_LABEL[kind] ?? kind}: ${count}`);
  for (const event of summary.events.filter((e) => e.kind === 'conflict').slice(0, 20))
    lines.push(`    - ${event.nationalId}: ${JSON.stringify(event.detail.conflicts)}`);
  for (const problem of summary.problems.slice(0, 10)) lines.push(`  ! ${problem}`);
  return `${lines.join('\n')}\n`;
}

/** `registry sync [--json]`: exit 0 when complete, 1 when the read was incomplete or removals were held. */
export async function registrySyncCommand(runtime: Runtime, options: { json?: boolean }): Promise<number> {
  const store = await openConfiguredStore(runtime.config);
  try {
    const summary = await syncNationalRegistry(runtime.config, store);
    process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSyncSummary(summary));
    return summary.complete && !summary.counts.removals_held ? 0 : 1;
  } finally {
    await store.close();
  }
}
