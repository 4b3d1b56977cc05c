import type { ListingCard, Observation, RemovalRule } from '@ocop-monitor/adapters';

/** The fields a listing on sale should show, as the doctor counts them. */
export const FIELDS = ['title', 'price', 'sold', 'stock', 'shop', 'stars'] as const;
type Field = (typeof FIELDS)[number];

type DoctorVerdict =
  | 'ready'
  | 'assumed_rules'
  | 'layout_not_recognised'
  | 'blocked'
  | 'unreachable'
  | 'nothing_checked';

export interface MarketplaceDiagnosis {
  marketplace: string;
  name: string;
  pages: number;
  onSale: number;
  removed: number;
  /** Blocked, challenged or rate-limited. */
  blocked: number;
  /** Parse failures and pages that did not read as the product asked for. */
  unrecognised: number;
  /** Network errors, timeouts, server errors. */
  unreachable: number;
  medianLatencyMs: number | null;
  /** Which rule read each page, how often, and whether it was seen on the real site. */
  rules: Array<{ rule: string; provenance: 'seen' | 'assumed' | null; pages: number }>;
  /** Of the pages read on sale, how many showed each field. */
  fields: Record<Field, number>;
  missingFields: Field[];
  /** Removal rules of this marketplace never seen on its real pages: a person confirms what they read. */
  assumedRemovalRules: string[];
  shop: { url: string; cards: number; withStock: number; withSold: number } | null;
  verdict: DoctorVerdict;
  /** The verdict in a sentence, Vietnamese then English. */
  says: string;
}

const BLOCKS = new Set(['blocked', 'rate_limited']);
const UNREACHABLE = new Set(['network', 'timeout', 'server_error']);
const median = (values: number[]) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0);
};

/** Whether one observation showed a field (on-sale pages only). */
function shows(observation: Observation, field: Field): boolean {
  if (observation.verdict !== 'active') return false;
  const data = observation.data;
  switch (field) {
    case 'title':
      return data.title.length > 0;
    case 'price':
      return data.price !== null;
    case 'sold':
      return data.sold !== null;
    case 'stock':
      return data.stock !== 'unknown';
    case 'shop':
      return data.shop !== null && (data.shop.name !== null || data.shop.id !== null);
    case 'stars':
      return data.ocopStars !== null || data.isOcop !== null;
  }
}

/**
 * What the doctor concludes about one marketplace from the pages it read: `ready` only when most
 * pages read, none was blocked or unrecognised in the majority, no page's verdict rested on an
 * assumed rule, and the pages on sale showed a title and a price.
 */
export function judgeMarketplace(input: {
  marketplace: string;
  name: string;
  removalRules: readonly RemovalRule[];
  observations: Observation[];
  shop: MarketplaceDiagnosis['shop'];
}): MarketplaceDiagnosis {
  const { observations } = input;
  const count = (test: (o: Observation) => boolean) => observations.filter(test).length;
  const provenanceOf = (rule: string) => input.removalRules.find((r) => rule.startsWith(r.rule))?.provenance ?? null;
  const ruleCounts = new Map<string, number>();
  for (const o of observations)
    ruleCounts.set(o.evidence.matchedRule, (ruleCounts.get(o.evidence.matchedRule) ?? 0) + 1);
  // A removal's provenance as the adapter recorded it (older adapters: as it declares the rule).
  const rules = [...ruleCounts].map(([rule, pages]) => {
    const removal = observations.find((o) => o.verdict === 'delisted' && o.evidence.matchedRule === rule);
    return { rule, pages, provenance: removal ? (removal.evidence.provenance ?? provenanceOf(rule)) : null };
  });
  const onSale = observations.filter((o) => o.verdict === 'active');
  const fields = Object.fromEntries(FIELDS.map((f) => [f, onSale.filter((o) => shows(o, f)).length])) as Record<
    Field,
    number
  >;
  const missingFields = FIELDS.filter((f) => onSale.length > 0 && fields[f] === 0);
  const blocked = count((o) => o.verdict === 'unknown' && BLOCKS.has(o.reason));
  const unreachable = count((o) => o.verdict === 'unknown' && UNREACHABLE.has(o.reason));
  const unrecognised = count(
    (o) => o.verdict === 'unknown' && (o.reason === 'parse_failed' || o.reason === 'unexpected'),
  );
  const assumedReads = rules.filter((r) => r.provenance === 'assumed').map((r) => r.rule);
  const pages = observations.length;
  const half = pages / 2;
  const verdict: DoctorVerdict =
    pages === 0
      ? 'nothing_checked'
      : blocked >= half
        ? 'blocked'
        : unreachable >= half
          ? 'unreachable'
          : unrecognised >= half || (onSale.length > 0 && (fields.title < onSale.length || fields.price === 0))
            ? 'layout_not_recognised'
            : assumedReads.length > 0
              ? 'assumed_rules'
              : onSale.length + count((o) => o.verdict === 'delisted') === 0
                ? 'layout_not_recognised'
                : 'ready';
  const says = {
    ready: 'sẵn sàng / ready',
    assumed_rules: `đọc bằng quy tắc giả định / reads with assumed rules: ${assumedReads.join(', ')}`,
    layout_not_recognised: 'không nhận ra bố cục trang / layout not recognised',
    blocked: 'bị chặn / blocked',
    unreachable: 'không kết nối được / unreachable',
    nothing_checked: 'chưa có tin đăng nào để kiểm tra / nothing to check (no linked listing, no --url)',
  }[verdict];
  return {
    marketplace: input.marketplace,
    name: input.name,
    pages,
    onSale: onSale.length,
    removed: count((o) => o.verdict === 'delisted'),
    blocked,
    unrecognised,
    unreachable,
    medianLatencyMs: median(observations.map((o) => o.evidence.durationMs)),
    rules,
    fields,
    missingFields,
    assumedRemovalRules: input.removalRules.filter((r) => r.provenance === 'assumed').map((r) => r.rule),
    shop: input.shop,
    verdict,
    says,
  };
}

/** A shop page's cards, counted: how many tell stock and sales (what shop batching relies on). */
export function countCards(url: string, cards: ListingCard[]): NonNullable<MarketplaceDiagnosis['shop']> {
  return {
    url,
    cards: cards.length,
    withStock: cards.filter((c) => c.stock !== undefined && c.stock !== 'unknown').length,
    withSold: cards.filter((c) => c.sold !== null).length,
  };
}
