import { foldSearchKey } from '@ocop-monitor/adapters';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../store/open-store.ts';
import { queryRows } from '../../store/query-rows.ts';
import { nationalRecords, producers, products, registryEvents, registrySyncs } from '../../store/schema.ts';
import { vietnamDay } from '../../vietnam-day.ts';
import type { KnownEntry, RegistryRecord, RegistrySource } from './registry-source.ts';

/** The registry fields a sync compares; everything else (contacts, codes, communes) is the province's. */
const FIELDS = ['name', 'productGroup', 'stars', 'certificateNumber', 'certifiedDate', 'expiryDate', 'status'] as const;
type Field = (typeof FIELDS)[number];
const CERTIFICATE_FIELDS: readonly Field[] = ['certificateNumber', 'certifiedDate', 'expiryDate'];

export type RegistryEventKind =
  | 'new'
  | 'recertified'
  | 'stars_changed'
  | 'expired'
  | 'revoked'
  | 'reinstated'
  | 'removed'
  | 'updated'
  | 'conflict'
  | 'removals_held';

export interface RegistryEvent {
  kind: RegistryEventKind;
  nationalId: string;
  productId: number | null;
  detail: Record<string, unknown>;
}

export interface RegistrySyncSummary {
  syncId: number;
  source: string;
  complete: boolean;
  /** Ids the registry listed, and how many of them are this province's. */
  listed: number;
  inProvince: number;
  requests: number;
  counts: Partial<Record<RegistryEventKind, number>>;
  events: RegistryEvent[];
  problems: string[];
}

export interface RegistrySyncOptions {
  now: Date;
  provinceCode: string;
  codeTableVersion?: string;
  /**
   * More removals than this share of the province's products (and at least `minRemovalsHeld`) in
   * one sync is held for a person to look at: a registry that lost its data must not revoke the
   * province's products wholesale.
   */
  maxRemovalShare?: number;
  minRemovalsHeld?: number;
}

/** A product as the store has it: the registry's fields, where it came from. */
interface StoredProduct extends Omit<RegistryRecord, 'producer' | 'status'> {
  id: number;
  source: string;
  status: string;
}

const same = (a: unknown, b: unknown) => (a ?? '') === (b ?? '');
const COLUMN: Record<Field, string> = {
  name: 'name',
  productGroup: 'productGroup',
  stars: 'stars',
  certificateNumber: 'certificateNumber',
  certifiedDate: 'certifiedDate',
  expiryDate: 'expiryDate',
  status: 'status',
};

/**
 * Three-way, with the registry's last record as the common ancestor: a field the registry did not
 * change is left as the province has it; a field the province left as the registry last gave it
 * (or any field of a product that came from the registry) follows the registry; a field both
 * changed — or, on a first sync, any field that differs — is a conflict, reported and left as the
 * province has it.
 */
function compare(stored: StoredProduct, before: RegistryRecord | null, now: RegistryRecord) {
  const follows: Array<{ field: Field; from: unknown; to: unknown }> = [];
  const conflicts: Array<{ field: Field; province: unknown; registry: unknown }> = [];
  for (const field of FIELDS) {
    const ours = stored[field];
    const theirs = now[field];
    if (same(ours, theirs)) continue;
    // The registry did not change this field since the last sync: the province's own value stands.
    if (before !== null && same(theirs, before[field])) continue;
    const followsRegistry = stored.source === 'national' || (before !== null && same(ours, before[field]));
    if (followsRegistry) follows.push({ field, from: ours, to: theirs });
    else conflicts.push({ field, province: ours, registry: theirs });
  }
  return { follows, conflicts };
}

/** The events a set of followed changes make: one per kind of change. */
function changeEvents(
  nationalId: string,
  productId: number,
  follows: Array<{ field: Field; from: unknown; to: unknown }>,
): RegistryEvent[] {
  const events: RegistryEvent[] = [];
  const of = (fields: readonly Field[]) => follows.filter((c) => fields.includes(c.field));
  const add = (kind: RegistryEventKind, changes: typeof follows) => {
    if (changes.length) events.push({ kind, nationalId, productId, detail: { changes } });
  };
  add('stars_changed', of(['stars']));
  add('recertified', of(CERTIFICATE_FIELDS));
  const status = of(['status'])[0];
  if (status) add(status.to === 'revoked' ? 'revoked' : 'reinstated', [status]);
  add('updated', of(['name', 'productGroup']));
  return events;
}

async function upsertProducer(db: Database, record: RegistryRecord): Promise<number> {
  const key = `name:${foldSearchKey(record.producer.name)}`;
  const [saved] = await db
    .insert(producers)
    .values({
      key,
      name: record.producer.name,
      // The API does not say; the name usually does ("HTX …", "Công ty …").
      type: /^(htx|hop tac xa)\b/u.test(foldSearchKey(record.producer.name))
        ? 'cooperative'
        : /^(cong ty|doanh nghiep)\b/u.test(foldSearchKey(record.producer.name))
          ? 'firm'
          : /^to hop tac\b/u.test(foldSearchKey(record.producer.name))
            ? 'cooperative_group'
            : 'household',
      contactPerson: record.producer.contactPerson,
      phone: record.producer.phone,
      email: record.producer.email,
    })
    // An existing producer keeps what the province entered: only the name key is shared.
    .onConflictDoUpdate({ target: producers.key, set: { updatedAt: sql`${producers.updatedAt}` } })
    .returning({ id: producers.id });
  if (!saved) throw new Error(`producer ${record.producer.name} was not saved`);
  return saved.id;
}

/**
 * Brings the province's registry in step with an external one. Reads first (outside any
 * transaction: it is slow and polite), then records every change as an event in one transaction.
 * New products are added; changes follow the registry where the province had not changed the
 * field by hand, and are reported as conflicts where it had; an id missing from a complete read
 * is a removal (held when there are too many at once); an incomplete read removes nothing.
 */
export async function syncRegistry(
  db: Database,
  source: RegistrySource,
  options: RegistrySyncOptions,
): Promise<RegistrySyncSummary> {
  const knownRows = await db.select().from(nationalRecords);
  const known = new Map<string, KnownEntry & { record: RegistryRecord | null; removed: boolean; seen: Date }>(
    knownRows.map((row) => [
      row.nationalId,
      {
        inProvince: row.inProvince,
        listedName: row.listedName,
        listedStars: row.listedStars,
        record: row.record as RegistryRecord | null,
        removed: row.removedAt !== null,
        seen: row.lastSeenAt,
      },
    ]),
  );
  const read = await source.read(known);
  const today = vietnamDay(options.now);
  const events: RegistryEvent[] = [];
  const problems = [...read.problems];
  const listedIds = new Set(read.listed.map((entry) => entry.nationalId));
  const ownIds = [
    ...read.listed.filter((e) => e.record).map((e) => e.nationalId),
    ...[...known].filter(([, k]) => k.inProvince && !k.removed).map(([id]) => id),
  ];

  const syncId = await db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    const [sync] = await t
      .insert(registrySyncs)
      .values({ source: source.id, startedAt: options.now })
      .returning({ id: registrySyncs.id });
    if (!sync) throw new Error('registry sync not recorded');
    const stored = ownIds.length
      ? await queryRows<StoredProduct>(
          t,
          sql`select id, national_id as "nationalId", source, name, product_group as "productGroup", stars,
                     certificate_number as "certificateNumber", certified_date::text as "certifiedDate",
                     expiry_date::text as "expiryDate", status
              from products where national_id in ${sql`(${sql.join(
                [...new Set(ownIds)].map((id) => sql`${id}`),
                sql`, `,
              )})`}`,
        )
      : [];
    const byNational = new Map(stored.map((p) => [p.nationalId, { ...p, id: Number(p.id) }]));

    for (const entry of read.listed) {
      const record = entry.record;
      if (!record) continue;
      const before = known.get(entry.nationalId);
      const product = byNational.get(entry.nationalId);
      if (!product) {
        // The province may hold this product under its local code only: adding it again would count
        // it twice. Same name, no national id: reported for a person to link, not added.
        const [unlinked] = await queryRows<{ id: number }>(
          t,
          sql`select id from products where national_id is null and search_key = ${foldSearchKey(record.name)} limit 1`,
        );
        if (unlinked) {
          events.push({
            kind: 'conflict',
            nationalId: record.nationalId,
            productId: Number(unlinked.id),
            detail: { conflicts: [{ field: 'nationalId', province: null, registry: record.nationalId }] },
          });
          continue;
        }
        const producerId = await upsertProducer(t, record);
        const [created] = await t
          .insert(products)
          .values({
            nationalId: record.nationalId,
            name: record.name,
            searchKey: foldSearchKey(record.name),
            productGroup: record.productGroup,
            classificationVersion: 'QĐ 148/2023',
            stars: record.stars,
            producerId,
            certificateNumber: record.certificateNumber,
            certifiedDate: record.certifiedDate,
            expiryDate: record.expiryDate,
            status: record.status,
            provinceCode: options.provinceCode,
            codeTableVersion: options.codeTableVersion ?? '2025',
            source: 'national',
          })
          .returning({ id: products.id });
        events.push({
          kind: 'new',
          nationalId: record.nationalId,
          productId: created?.id ?? null,
          detail: { name: record.name, stars: record.stars, producer: record.producer.name },
        });
        continue;
      }
      const { follows, conflicts } = compare(product, before?.record ?? null, record);
      if (follows.length) {
        const set: Record<string, unknown> = { updatedAt: options.now };
        for (const change of follows) set[COLUMN[change.field]] = change.to;
        if (set.name) set.searchKey = foldSearchKey(String(set.name));
        await t.update(products).set(set).where(eq(products.id, product.id));
        events.push(...changeEvents(record.nationalId, product.id, follows));
      }
      if (conflicts.length)
        events.push({ kind: 'conflict', nationalId: record.nationalId, productId: product.id, detail: { conflicts } });
      // Expiry is news when it happens between two syncs; a first sync reports none (coverage shows them).
      const expiredBefore = before?.record ? before.record.expiryDate < vietnamDay(before.seen) : true;
      if (record.expiryDate < today && !expiredBefore)
        events.push({
          kind: 'expired',
          nationalId: record.nationalId,
          productId: product.id,
          detail: { expiryDate: record.expiryDate },
        });
    }

    // Removals: judged only on a complete read, and held when implausibly many.
    const previousOwn = [...known].filter(([, k]) => k.inProvince && !k.removed);
    const missing = previousOwn.filter(([id]) => !listedIds.has(id));
    const limit = Math.max(
      options.minRemovalsHeld ?? 5,
      Math.floor((options.maxRemovalShare ?? 0.1) * previousOwn.length),
    );
    if (!read.complete && missing.length)
      problems.push(`${missing.length} id(s) not seen, but the read was incomplete: no removal judged`);
    else if (missing.length > limit)
      events.push({
        kind: 'removals_held',
        nationalId: '*',
        productId: null,
        detail: { missing: missing.length, limit, examples: missing.slice(0, 10).map(([id]) => id) },
      });
    else
      for (const [nationalId, entry] of missing) {
        const product = byNational.get(nationalId);
        const followsRegistry =
          product && (product.source === 'national' || same(product.status, entry.record?.status ?? 'active'));
        if (product && followsRegistry && product.status !== 'revoked')
          await t
            .update(products)
            .set({ status: 'revoked', updatedAt: options.now })
            .where(eq(products.id, product.id));
        events.push({
          kind: product && !followsRegistry ? 'conflict' : 'removed',
          nationalId,
          productId: product?.id ?? null,
          detail:
            product && !followsRegistry
              ? { conflicts: [{ field: 'status', province: product.status, registry: 'removed' }] }
              : { product: product?.name ?? entry.record?.name ?? null },
        });
        await t
          .update(nationalRecords)
          .set({ removedAt: options.now })
          .where(eq(nationalRecords.nationalId, nationalId));
      }

    for (const entry of read.listed) {
      const values = {
        nationalId: entry.nationalId,
        inProvince: entry.inProvince,
        listedName: entry.listedName,
        listedStars: entry.listedStars,
        record: entry.record ?? known.get(entry.nationalId)?.record ?? null,
        firstSeenAt: options.now,
        lastSeenAt: options.now,
        removedAt: null,
      };
      const { firstSeenAt: _first, ...update } = values;
      await t
        .insert(nationalRecords)
        .values(values)
        .onConflictDoUpdate({ target: nationalRecords.nationalId, set: update });
    }
    if (events.length)
      await t.insert(registryEvents).values(events.map((event) => ({ ...event, syncId: sync.id, at: options.now })));
    return sync.id;
  });

  const counts: Partial<Record<RegistryEventKind, number>> = {};
  for (const event of events) counts[event.kind] = (counts[event.kind] ?? 0) + 1;
  const summary: RegistrySyncSummary = {
    syncId,
    source: source.id,
    complete: read.complete,
    listed: read.listed.length,
    inProvince: read.listed.filter((e) => e.inProvince).length,
    requests: read.requests,
    counts,
    events,
    problems,
  };
  await db
    .update(registrySyncs)
    .set({
      finishedAt: new Date(),
      complete: read.complete,
      summary: { ...summary, events: undefined } as unknown as Record<string, unknown>,
    })
    .where(inArray(registrySyncs.id, [syncId]));
  if (events.some((e) => e.kind === 'new')) await db.execute(sql`analyze producers, products`);
  return summary;
}
