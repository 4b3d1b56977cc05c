import { type MarketplaceAdapter, resolveListingUrl } from '@ocop-monitor/adapters';
import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { listingProposals, listings, products } from '../store/schema.ts';

/** A decision that cannot be made (no such proposal, already decided, already linked); the message says why. */
/** Why a decision on a proposal was refused: a stable code for the words a person reads. */
export type ProposalRefusal = 'decided' | 'not_recognised' | 'already_linked';

export class ProposalError extends Error {
  override readonly name = 'ProposalError';
  readonly code: ProposalRefusal;
  constructor(code: ProposalRefusal, message: string) {
    super(message);
    this.code = code;
  }
}

/** Proposals with their product's name, best first within the newest. */
export function listProposals(db: Database, filter: { state?: string | undefined; limit?: number } = {}) {
  return db
    .select({
      id: listingProposals.id,
      productId: listingProposals.productId,
      product: products.name,
      marketplace: listingProposals.marketplace,
      url: listingProposals.url,
      title: listingProposals.title,
      shopName: listingProposals.shopName,
      score: listingProposals.score,
      reasons: listingProposals.reasons,
      state: listingProposals.state,
      proposedAt: listingProposals.proposedAt,
      decidedBy: listingProposals.decidedBy,
    })
    .from(listingProposals)
    .innerJoin(products, eq(products.id, listingProposals.productId))
    .where(filter.state ? eq(listingProposals.state, filter.state) : undefined)
    .orderBy(desc(listingProposals.proposedAt), desc(listingProposals.score), listingProposals.id)
    .limit(filter.limit ?? 500);
}

/**
 * Accept: the listing is linked to the product (checked from the next run on), by whom is kept. Its
 * URL must be a product page an adapter recognises as that proposal's marketplace and item: a row
 * that says otherwise (a `javascript:` link, another host) is refused, never stored as a listing.
 */
export async function acceptProposal(
  db: Database,
  id: number,
  by: string,
  now: Date,
  adapters: readonly MarketplaceAdapter[],
): Promise<void> {
  await db.transaction(async (tx) => {
    const [proposal] = await tx
      .select()
      .from(listingProposals)
      .where(and(eq(listingProposals.id, id), eq(listingProposals.state, 'proposed')))
      .for('update');
    if (!proposal) throw new ProposalError('decided', `proposal ${id} does not exist or was already decided`);
    const resolved = resolveListingUrl(adapters, proposal.url);
    if (!resolved || resolved.ref.marketplace !== proposal.marketplace || resolved.ref.itemId !== proposal.itemId)
      throw new ProposalError(
        'not_recognised',
        `proposal ${id}: ${JSON.stringify(proposal.url.slice(0, 200))} is not a product page of ${proposal.marketplace} that an adapter recognises`,
      );
    const [taken] = await tx
      .select({ productId: listings.productId })
      .from(listings)
      .where(and(eq(listings.marketplace, proposal.marketplace), eq(listings.itemId, proposal.itemId)));
    if (taken)
      throw new ProposalError('already_linked', `${proposal.url} is already linked to product ${taken.productId}`);
    await tx.insert(listings).values({
      productId: proposal.productId,
      marketplace: proposal.marketplace,
      itemId: proposal.itemId,
      url: resolved.ref.url,
      linkedHow: 'discovered',
      linkedBy: by,
      linkedAt: now,
      state: 'stale',
      stateSince: now,
    });
    await tx
      .update(listingProposals)
      .set({ state: 'accepted', decidedAt: now, decidedBy: by })
      .where(eq(listingProposals.id, id));
  });
}

/** Reject: never proposed again for that product. */
export async function rejectProposal(db: Database, id: number, by: string, now: Date): Promise<void> {
  const rejected = await db
    .update(listingProposals)
    .set({ state: 'rejected', decidedAt: now, decidedBy: by })
    .where(and(eq(listingProposals.id, id), eq(listingProposals.state, 'proposed')))
    .returning({ id: listingProposals.id });
  if (rejected.length === 0) throw new ProposalError('decided', `proposal ${id} does not exist or was already decided`);
}
