import { type Database, listAlerts, reviewAlert, vietnamDay } from '@ocop-monitor/monitor';
import type { ProviderSimulators, Truth } from '@ocop-monitor/sandbox';
import { sql } from 'drizzle-orm';
import type { Runtime } from '../runtime.ts';
import type { DetectionWindows } from './detection-scorer.ts';
import { noSaleFor, outOfStockFor, removedBy } from './detection-scorer.ts';

export interface DemoNotifications {
  /** Messages sent, per channel and per kind (alert to a producer, digest or urgent to the department). */
  sent: Record<string, number>;
  byKind: Record<string, number>;
  deferred: number;
  failed: number;
  fellBack: number;
  uncertain: number;
  /** What the simulated providers received. */
  received: { zns: number; sms: number; email: number };
  /** Messages to producers about something the sandbox truth says was not so on the day they went out: must be 0. */
  falseAlarmsToProducers: number;
}

/**
 * The demo's notifications: after each run, a reviewer confirms the listing_delisted alerts (as
 * department staff would, after opening the evidence), decides each possible removal by opening
 * the listing — the sandbox's truth stands for what the live page shows a person — and what is due
 * is delivered; every message that reached a producer is scored against the truth of the day it
 * went out.
 */
export class DemoNotifier {
  readonly #judged = new Set<number>();
  /** Each simulated day's truth by its date: a message is judged on the day it went out. */
  readonly #days = new Map<string, { day: number; truth: Truth }>();
  #falseAlarms = 0;
  readonly runtime: Runtime;
  readonly db: Database;
  readonly providers: ProviderSimulators;
  readonly windows: DetectionWindows;

  constructor(runtime: Runtime, db: Database, providers: ProviderSimulators, windows: DetectionWindows) {
    this.runtime = runtime;
    this.db = db;
    this.providers = providers;
    this.windows = windows;
  }

  async afterRun(day: number, truth: Truth, runAt: Date, score = true): Promise<void> {
    const reviewedAt = new Date(runAt.getTime() + 3_600_000);
    const review = (id: number, action: 'confirm' | 'dismiss', note: string) =>
      reviewAlert(this.db, {
        id,
        action,
        by: 'demo reviewer',
        note,
        now: reviewedAt,
        confirmAfterHours: this.runtime.config.monitor.confirmAfterHours,
        afterAlerts: this.runtime.notifier.afterAlerts,
      });
    const onSale = new Map(truth.listings.map((listing) => [listing.url, listing.onSale]));
    for (const alert of await listAlerts(this.db, { type: 'listing_possibly_removed', state: 'open' })) {
      const gone = onSale.get(String((alert.evidence as { url?: unknown }).url)) === false;
      await review(
        alert.id,
        gone ? 'confirm' : 'dismiss',
        gone ? 'đã mở trang: sản phẩm đã bị gỡ / page opened: removed' : 'đã mở trang: vẫn bán / page opened: on sale',
      );
    }
    for (const alert of await listAlerts(this.db, { type: 'listing_delisted', state: 'open' }))
      await review(alert.id, 'confirm', 'bằng chứng đã xem / evidence checked');
    await this.runtime.notifier.deliver(this.db, () => reviewedAt);
    if (score) await this.#score(day, truth);
  }

  async #score(day: number, truth: Truth): Promise<void> {
    this.#days.set(truth.date, { day, truth });
    const sent = (await this.db.execute(
      sql`select n.id, a.type, a.evidence->>'url' as url, n.sent_at from notifications n join alerts a on a.id = n.alert_id
          where n.producer_id is not null and n.state = 'sent'`,
    )) as unknown as { rows: Array<{ id: number; type: string; url: string; sent_at: Date | string }> };
    for (const message of sent.rows) {
      if (this.#judged.has(message.id)) continue;
      this.#judged.add(message.id);
      // The BullMQ engine delivers after the run in a job of its own, at the run's clock: it may
      // finish after this day was scored. The message is judged on the day it went out.
      const sentOn = this.#days.get(vietnamDay(new Date(message.sent_at))) ?? { day, truth };
      const real = sentOn.truth.listings.find((l) => l.url === message.url);
      const window = this.windows.zeroSalesDays(real?.marketplace ?? '');
      const trueThatDay =
        real !== undefined &&
        ((message.type === 'listing_delisted' && removedBy(real, sentOn.day)) ||
          (message.type === 'zero_sales' && noSaleFor(real, sentOn.day, window)) ||
          (message.type === 'out_of_stock' && outOfStockFor(real, sentOn.day, this.windows.outOfStockDays)));
      if (!trueThatDay) this.#falseAlarms += 1;
    }
  }

  async summary(): Promise<DemoNotifications> {
    const count = async (column: 'channel' | 'kind') =>
      Object.fromEntries(
        (
          (await this.db.execute(
            sql`select ${sql.raw(column)} as key, count(*)::int as n from notifications where state = 'sent' group by 1 order by 1`,
          )) as unknown as { rows: Array<{ key: string; n: number }> }
        ).rows.map((r) => [r.key, r.n]),
      );
    const states = Object.fromEntries(
      (
        (await this.db.execute(sql`select state, count(*)::int as n from notifications group by state`)) as unknown as {
          rows: Array<{ state: string; n: number }>;
        }
      ).rows.map((r) => [r.state, r.n]),
    );
    return {
      sent: await count('channel'),
      byKind: await count('kind'),
      deferred: states.deferred ?? 0,
      failed: states.failed ?? 0,
      fellBack: states.fell_back ?? 0,
      uncertain: states.uncertain ?? 0,
      received: {
        zns: this.providers.zns.messages.length,
        sms: this.providers.sms.messages.length,
        email: this.providers.smtp.mails.length,
      },
      falseAlarmsToProducers: this.#falseAlarms,
    };
  }
}
