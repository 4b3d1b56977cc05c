import type {
  ListingCard,
  ListingField,
  NotFoundAnswer,
  Observation,
  Provenance,
  RemovalRule,
} from '@ocop-monitor/adapters';

/** The fields a listing on sale should show, as the doctor counts them. */
export const FIELDS = ['title', 'price', 'sold', 'stock', 'shop', 'stars'] as const satisfies readonly ListingField[];
type Field = ListingField;

type DoctorVerdict =
  | 'ready'
  | 'assumed_rules'
  | 'fields_missing'
  | 'removal_not_recognised'
  | 'not_found_unknown'
  | 'layout_not_recognised'
  | 'blocked'
  | 'unreachable'
  | 'nothing_checked';

/** What the marketplace answered for an address no product has (the negative control). */
export interface NegativeControlReading {
  url: string;
  /** The answer's fingerprint, as evidence writes it ("200 text/html html:…"), or null. */
  answer: string | null;
  /** It is one of the marketplace's kept not-found answers. */
  recognised: boolean;
  /** The answer to keep when it is not (asked twice, the same both times), or null. */
  toKeep: NotFoundAnswer | null;
  /** Why no answer can be kept, when none can. */
  why: string | null;
}

const FIELD_WORDS: Record<Field, string> = {
  title: 'tên / title',
  price: 'giá / price',
  sold: 'đã bán / sold',
  stock: 'còn hàng / stock',
  shop: 'gian hàng / shop',
  stars: 'OCOP',
};

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
  rules: Array<{ rule: string; provenance: Provenance | null; pages: number }>;
  /** Of the pages read on sale, how many showed each field. */
  fields: Record<Field, number>;
  missingFields: Field[];
  /** Removal rules of this marketplace never seen on its real pages: a person confirms what they read. */
  assumedRemovalRules: string[];
  shop: { url: string; cards: number; withStock: number; withSold: number } | null;
  /** The fields the marketplace's layout declares: each must be read on every page on sale. */
  declaredFields: Field[];
  /** The removed samples given (`--removed`, `monitor.removedSamples`) and how each read. */
  removedSamples: Array<{ url: string; verdict: string; rule: string; provenance: string | null }>;
  negativeControl: NegativeControlReading | null;
  verdict: DoctorVerdict;
  /** The verdict in a sentence, Vietnamese then English. */
  says: string;
  /** What keeps it from ready, one sentence each, naming the field and page or the removal. */
  problems: string[];
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

/** What keeps a marketplace that reads its pages from being ready, each in words. */
function shortfalls(
  onSale: Observation[],
  declaredFields: Field[],
  removedSamples: MarketplaceDiagnosis['removedSamples'],
  negativeControl: NegativeControlReading | null,
) {
  const fields = declaredFields.flatMap((field) => {
    const missing = onSale.filter((o) => !shows(o, field)).map((o) => o.url);
    return missing.length
      ? [
          `${FIELD_WORDS[field]}: không đọc được trên ${missing.length}/${onSale.length} trang / not read on ${missing.length} of ${onSale.length} pages: ${missing.join(', ')}`,
        ]
      : [];
  });
  const removals = removedSamples
    .filter((r) => r.verdict !== 'delisted' || r.provenance !== 'seen')
    .map(
      (r) =>
        `trang đã gỡ không đọc là bị gỡ bằng quy tắc đã thấy / a removed sample is not read removed by a seen rule: ${r.url} (${r.verdict}, ${r.rule}${r.provenance ? `, ${r.provenance}` : ''})`,
    );
  const control =
    negativeControl && !negativeControl.recognised
      ? [
          negativeControl.toKeep
            ? `địa chỉ không có sản phẩm trả lời ${negativeControl.answer ?? '—'}, chưa được lưu: nếu đúng là trang "không tìm thấy" của sàn, thêm vào notFoundAnswers / an address no product has answers ${negativeControl.answer ?? '—'}, not kept: if it is the marketplace's own not-found answer, keep it: notFoundAnswers: [{ status: ${negativeControl.toKeep.status}, contentType: '${negativeControl.toKeep.contentType}', signature: '${negativeControl.toKeep.signature}' }]`
            : `địa chỉ không có sản phẩm (${negativeControl.url}) không có câu trả lời để lưu / an address no product has gets no answer to keep: ${negativeControl.why ?? negativeControl.answer ?? '—'}`,
        ]
      : [];
  return { fields, removals, control };
}

/**
 * What the doctor concludes about one marketplace from the pages it read: `ready` only when it
 * reads right — most pages read, none blocked or unrecognised in the majority, every field the
 * layout declares read on every page on sale, every removed sample read removed by a seen rule,
 * the marketplace's not-found answer recognised at an address no product has, and no verdict
 * resting on an assumed rule. Short of that, `problems` says which field on which page, or which
 * removal, is missing.
 */
export function judgeMarketplace(input: {
  marketplace: string;
  name: string;
  removalRules: readonly RemovalRule[];
  observations: Observation[];
  shop: MarketplaceDiagnosis['shop'];
  declaredFields?: readonly Field[];
  removedChecks?: Observation[];
  negativeControl?: NegativeControlReading | null;
}): MarketplaceDiagnosis {
  const { observations } = input;
  const removedChecks = input.removedChecks ?? [];
  const everything = [...observations, ...removedChecks];
  const count = (test: (o: Observation) => boolean) => everything.filter(test).length;
  const provenanceOf = (rule: string) => input.removalRules.find((r) => rule.startsWith(r.rule))?.provenance ?? null;
  const ruleCounts = new Map<string, number>();
  for (const o of everything) ruleCounts.set(o.evidence.matchedRule, (ruleCounts.get(o.evidence.matchedRule) ?? 0) + 1);
  // A removal's provenance as the adapter recorded it (older adapters: as it declares the rule).
  const removalProvenance = (o: Observation) =>
    o.verdict === 'delisted' ? (o.evidence.provenance ?? provenanceOf(o.evidence.matchedRule)) : null;
  const rules = [...ruleCounts].map(([rule, pages]) => {
    const removal = everything.find((o) => o.verdict === 'delisted' && o.evidence.matchedRule === rule);
    return { rule, pages, provenance: removal ? removalProvenance(removal) : null };
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
  const declaredFields = [...(input.declaredFields ?? ['title', 'price'])];
  const removedSamples = removedChecks.map((o) => ({
    url: o.url,
    verdict: o.verdict,
    rule: o.evidence.matchedRule,
    provenance: removalProvenance(o),
  }));
  const negativeControl = input.negativeControl ?? null;
  const short = shortfalls(onSale, declaredFields, removedSamples, negativeControl);
  const pages = everything.length;
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
            : short.fields.length > 0
              ? 'fields_missing'
              : short.removals.length > 0
                ? 'removal_not_recognised'
                : short.control.length > 0
                  ? 'not_found_unknown'
                  : assumedReads.length > 0
                    ? 'assumed_rules'
                    : onSale.length + count((o) => o.verdict === 'delisted') === 0
                      ? 'layout_not_recognised'
                      : 'ready';
  const says = {
    ready: 'sẵn sàng / ready',
    assumed_rules: `đọc bằng quy tắc giả định / reads with assumed rules: ${assumedReads.join(', ')}`,
    fields_missing: 'chưa sẵn sàng: có trường không đọc được / not ready: a declared field is not read',
    removal_not_recognised:
      'chưa sẵn sàng: trang đã gỡ không đọc là bị gỡ / not ready: a removed sample is not read as removed',
    not_found_unknown:
      'chưa sẵn sàng: chưa nhận ra trang "không tìm thấy" của sàn / not ready: the marketplace\'s not-found answer is not recognised',
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
    medianLatencyMs: median(everything.map((o) => o.evidence.durationMs)),
    rules,
    fields,
    missingFields,
    assumedRemovalRules: input.removalRules.filter((r) => r.provenance === 'assumed').map((r) => r.rule),
    shop: input.shop,
    declaredFields,
    removedSamples,
    negativeControl,
    verdict,
    says,
    problems: [...short.fields, ...short.removals, ...short.control],
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
