import {
  ALERT_TYPE_WORDS,
  alertFinding,
  consentInWords,
  type Database,
  endedConsentsSince,
  marketplaceName,
  queryRows,
  say,
  vietnamDay,
} from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import type { NotifyConfig } from './config.ts';
import { insert } from './plan.ts';
import { TEMPLATE_VERSION } from './templates/alert-message.ts';
import { type DigestFacts, digestEmail } from './templates/digest-message.ts';
import { escapeHtml } from './templates/escape-html.ts';

const OPERATOR_CRITICAL = ['marketplace_degraded', 'marketplace_mass_delisting', 'run_overdue'];

/** What the department's digest says on `now`'s day. */
async function digestFacts(db: Database, now: Date): Promise<DigestFacts> {
  const snapshots = await queryRows<{
    snapshot_date: string;
    report: {
      percent: number;
      covered: number;
      denominator: number;
      gap: unknown[];
      denominatorRule?: string;
      numeratorRule?: string;
      byCommune: Array<{ label: string; covered: number; denominator: number; percent: number }>;
    };
  }>(
    db,
    sql`select snapshot_date::text, report from coverage_snapshots where snapshot_date <= ${vietnamDay(now)}::date order by snapshot_date desc limit 2`,
  );
  const [today, yesterday] = snapshots;
  const counts = async (where: ReturnType<typeof sql>) =>
    Object.fromEntries(
      (
        await queryRows<{ type: string; n: number }>(
          db,
          sql`select type, count(*)::int as n from alerts where ${where} group by type order by type`,
        )
      ).map((r) => [r.type, r.n]),
    );
  const since = new Date(now.getTime() - 86_400_000).toISOString();
  return {
    date: vietnamDay(now),
    coverage: today
      ? {
          percent: today.report.percent,
          covered: today.report.covered,
          denominator: today.report.denominator,
          change: yesterday ? Math.round((today.report.percent - yesterday.report.percent) * 10) / 10 : null,
          runDate: today.snapshot_date,
          rules: [today.report.denominatorRule, today.report.numeratorRule].filter(
            (rule): rule is string => typeof rule === 'string' && rule.length > 0,
          ),
        }
      : null,
    newByType: await counts(sql`opened_at > ${since}::timestamptz`),
    liveByType: await counts(sql`resolved_at is null`),
    largestGaps: (today?.report.byCommune ?? [])
      .map((g) => ({ label: g.label, uncovered: g.denominator - g.covered, percent: g.percent }))
      .filter((g) => g.uncovered > 0)
      .sort((a, b) => b.uncovered - a.uncovered)
      .slice(0, 10),
    gapProducts: today?.report.gap.length ?? 0,
    degraded: await queryRows<{ marketplace: string; type: string }>(
      db,
      sql`select marketplace, type from alerts where resolved_at is null and marketplace is not null
          and type in ('marketplace_degraded', 'marketplace_mass_delisting') order by marketplace`,
    ),
    // A shop's consent that ended since yesterday: its listings are read from their pages again.
    endedConsents: (await endedConsentsSince(db, new Date(since))).map((consent) => {
      const where = marketplaceName(consent.marketplace);
      return `${consent.producerName ?? `shop ${consent.shopId}`} (${where}): ${consentInWords(consent, where, 'vi')}`;
    }),
  };
}

/**
 * The department's digest: one e-mail per recipient per day (the key holds the date), planned with
 * the run. Critical operator alerts do not wait for tomorrow's digest: each one opened gets its own
 * message to the department at once.
 */
export async function planDigest(db: Database, config: NotifyConfig, now: Date): Promise<number> {
  if (config.department.length === 0) return 0;
  const message = digestEmail(await digestFacts(db, now));
  let planned = 0;
  for (const recipient of config.department) {
    planned += await insert(db, {
      key: `digest:${vietnamDay(now)}:${recipient.email}:${TEMPLATE_VERSION}`,
      kind: 'digest',
      alertId: null,
      producerId: null,
      recipient: recipient.email,
      channel: 'email',
      payload: message,
      state: 'pending',
      lastError: null,
      now,
    });
  }
  const critical = await queryRows<{
    id: number;
    type: string;
    marketplace: string | null;
    evidence: Record<string, unknown>;
  }>(
    db,
    sql`select id, type, marketplace, evidence from alerts where resolved_at is null and type in (${sql.join(
      OPERATOR_CRITICAL.map((t) => sql`${t}`),
      sql`, `,
    )})`,
  );
  for (const alert of critical) {
    // Staff read words; the evidence's figures follow for whoever operates the system.
    const where = marketplaceName(alert.marketplace);
    const subject = `[Khẩn / urgent] ${say(ALERT_TYPE_WORDS, alert.type, 'vi')}${where ? ` — ${where}` : ''}`;
    const text = `${subject}\n\n${alertFinding(alert, where, 'vi')}.\n\n${JSON.stringify(alert.evidence, null, 2)}\n\nocop-monitor alerts list --type ${alert.type}`;
    for (const recipient of config.department) {
      planned += await insert(db, {
        key: `alert:${alert.id}:department:${recipient.email}:${TEMPLATE_VERSION}`,
        kind: 'alert',
        alertId: alert.id,
        producerId: null,
        recipient: recipient.email,
        channel: 'email',
        payload: {
          subject,
          text,
          html: `<pre>${escapeHtml(text)}</pre>`,
        },
        state: 'pending',
        lastError: null,
        now,
      });
    }
  }
  return planned;
}
