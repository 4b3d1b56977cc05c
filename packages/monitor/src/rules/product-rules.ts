import { sql } from 'drizzle-orm';
import type { CoverageReport } from '../coverage/compute-coverage.ts';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';
import type { RuleOutcome } from './types.ts';

/**
 * `product_uncovered`: a valid registry product with no active listing on any counted marketplace.
 * A product whose listings are only unconfirmed or stale cannot be decided yet (kept as is).
 */
export function productUncoveredRule(coverage: CoverageReport): RuleOutcome {
  const outcome: RuleOutcome = { type: 'product_uncovered', raise: [], keep: new Set(), undecidable: 0 };
  for (const product of coverage.gap) {
    const subject = `product:${product.productId}`;
    if (product.listings.some((listing) => /:(suspect|stale|active)$/u.test(listing))) {
      outcome.keep.add(subject);
      outcome.undecidable += 1;
      continue;
    }
    outcome.raise.push({
      type: 'product_uncovered',
      subject,
      severity: 'warn',
      productId: product.productId,
      evidence: { name: product.name, producer: product.producer, listings: product.listings },
    });
  }
  return outcome;
}

/** `certificate_expiring`: an active product whose certificate ends within `days` (critical once expired). */
export async function certificateRule(db: Database, date: string, days: number): Promise<RuleOutcome> {
  const rows = await queryRows<{ id: number; name: string; expiry_date: string; days_left: number }>(
    db,
    sql`select id, name, expiry_date::text, (expiry_date - ${date}::date) as days_left from products
        where status = 'active' and expiry_date < ${date}::date + ${days}::int`,
  );
  return {
    type: 'certificate_expiring',
    undecidable: 0,
    keep: new Set(),
    raise: rows.map((row) => ({
      type: 'certificate_expiring',
      subject: `product:${row.id}`,
      severity: row.days_left < 0 ? 'critical' : 'warn',
      productId: row.id,
      evidence: { name: row.name, expiryDate: row.expiry_date, daysLeft: row.days_left },
    })),
  };
}
