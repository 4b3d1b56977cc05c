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

const SHOWN_EVENTS = 50;

/** One event's detail in a line: what changed, from what to what. */
function describe(detail: Record<string, unknown>): string {
  const changes = (detail.changes ?? []) as Array<{ field: string; from: unknown; to: unknown }>;
  const conflicts = (detail.conflicts ?? []) as Array<{ field: string; province: unknown; registry: unknown }>;
  if (changes.length)
    return changes.map((c) => `${c.field} ${String(c.from ?? '—')} → ${String(c.to ?? '—')}`).join('; ');
  if (conflicts.length)
    return conflicts
      .map(
        (c) =>
          `${c.field}: tỉnh/province "${String(c.province ?? '')}", quốc gia/registry "${String(c.registry ?? '')}"`,
      )
      .join('; ');
  if (typeof detail.name === 'string') return `"${detail.name}" (${String(detail.stars)}★, ${String(detail.producer)})`;
  if (typeof detail.expiryDate === 'string') return `hết hạn / expired ${detail.expiryDate}`;
  if ('product' in detail)
    return `"${String(detail.product ?? '')}" không còn trên hệ thống quốc gia, chuyển sang thu hồi / gone from the national system, marked revoked`;
  if (typeof detail.missing === 'number') return `${detail.missing} missing at once (limit ${String(detail.limit)})`;
  return '';
}

function formatSyncSummary(summary: RegistrySyncSummary): string {
  const lines = [
    `Đồng bộ danh mục quốc gia / national registry sync #${summary.syncId}: ${summary.listed} sản phẩm trên hệ thống / listed, ` +
      `${summary.inProvince} của tỉnh / this province's, ${summary.requests} yêu cầu / requests` +
      (summary.complete ? '' : ' — CHƯA ĐỦ / INCOMPLETE: no removal judged'),
  ];
  for (const [kind, count] of Object.entries(summary.counts)) lines.push(`  ${KIND_LABEL[kind] ?? kind}: ${count}`);
  for (const event of summary.events.slice(0, SHOWN_EVENTS))
    lines.push(`    - ${event.kind} ${event.nationalId}: ${describe(event.detail)}`);
  if (summary.events.length > SHOWN_EVENTS)
    lines.push(`    … ${summary.events.length - SHOWN_EVENTS} more (--json lists them all)`);
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
