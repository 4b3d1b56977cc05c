import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/** Chủ thể OCOP: the firm, cooperative, cooperative group or household business. */
export const producers = pgTable(
  'producers',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Natural key for upserts: the tax code when there is one, else the folded name. */
    key: text('key').notNull(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    taxCode: text('tax_code'),
    contactPerson: text('contact_person'),
    phone: text('phone'),
    zaloPhone: text('zalo_phone'),
    email: text('email'),
    channels: text('channels').array().notNull().default(sql`'{}'::text[]`),
    ...timestamps,
  },
  (t) => [uniqueIndex('producers_key').on(t.key)],
);

/** An OCOP registry entry. */
export const products = pgTable(
  'products',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    nationalId: text('national_id'),
    localCode: text('local_code'),
    name: text('name').notNull(),
    searchKey: text('search_key').notNull(),
    productGroup: text('product_group').notNull(),
    subGroup: text('sub_group'),
    classificationVersion: text('classification_version').notNull(),
    stars: integer('stars').notNull(),
    producerId: bigint('producer_id', { mode: 'number' })
      .notNull()
      .references(() => producers.id),
    decisionNumber: text('decision_number'),
    decisionDate: date('decision_date'),
    issuingAuthority: text('issuing_authority'),
    certificateNumber: text('certificate_number'),
    certifiedDate: date('certified_date').notNull(),
    expiryDate: date('expiry_date').notNull(),
    /** active or revoked; expiry is derived from expiry_date on the day asked. */
    status: text('status').notNull().default('active'),
    provinceCode: text('province_code').notNull(),
    communeCode: text('commune_code'),
    /** The commune's name as the registry gives it, for people to read (codes are for joins). */
    communeName: text('commune_name'),
    codeTableVersion: text('code_table_version').notNull(),
    source: text('source').notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('products_national_id').on(t.nationalId), uniqueIndex('products_local_code').on(t.localCode)],
);

/** A product's listing on one marketplace. */
export const listings = pgTable(
  'listings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    productId: bigint('product_id', { mode: 'number' })
      .notNull()
      .references(() => products.id),
    marketplace: text('marketplace').notNull(),
    itemId: text('item_id').notNull(),
    shopId: text('shop_id'),
    /** The shop page the listing's own page last linked to: how the daily run batches a shop. */
    shopUrl: text('shop_url'),
    url: text('url').notNull(),
    linkedHow: text('linked_how').notNull(),
    linkedBy: text('linked_by'),
    linkedAt: timestamp('linked_at', { withTimezone: true }).notNull(),
    state: text('state').notNull().default('active'),
    stateSince: timestamp('state_since', { withTimezone: true }).notNull(),
    /** First `delisted` observation of the current suspicion (DESIGN §4 confirmation). */
    suspectSince: timestamp('suspect_since', { withTimezone: true }),
    /**
     * First sighting of the current suspicion by a `seen` removal rule: only two of those, far
     * enough apart, confirm a delisting; `assumed` rules alone leave it suspect, for a reviewer.
     */
    seenEvidenceSince: timestamp('seen_evidence_since', { withTimezone: true }),
    lastObservationId: bigint('last_observation_id', { mode: 'number' }),
    lastCheckedAt: timestamp('last_checked_at', { withTimezone: true }),
    lastConclusiveAt: timestamp('last_conclusive_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('listings_marketplace_item').on(t.marketplace, t.itemId),
    index('listings_product').on(t.productId),
  ],
);

/** One daily run, idempotent per date. */
export const runs = pgTable('runs', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  runDate: date('run_date').notNull().unique(),
  /** The run's clock: when its checks count as made. */
  runAt: timestamp('run_at', { withTimezone: true }).notNull(),
  engine: text('engine').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  finalizedAt: timestamp('finalized_at', { withTimezone: true }),
  summary: jsonb('summary'),
});

/**
 * Work asked of the process that owns the embedded store by another command (DESIGN §10): the
 * run of a date (`run-now` or `check` beside `start`), or a backup file. The owner takes each
 * within seconds, does it, and writes the outcome for the asker.
 */
export const ownerRequests = pgTable('owner_requests', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /** `run` (argument: the date) or `backup` (argument: the file to write). */
  kind: text('kind').notNull(),
  argument: text('argument').notNull(),
  requestedBy: text('requested_by').notNull(),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
  takenAt: timestamp('taken_at', { withTimezone: true }),
  doneAt: timestamp('done_at', { withTimezone: true }),
  /** What came of it: `queued`, `written <bytes>`, or `failed: <why>`. */
  outcome: text('outcome'),
});

/**
 * One shop read from its shop pages in a run (shop-page batching): what it cost and what it
 * covered. A retried read adds its pages, since the marketplace served them again.
 */
export const runShopReads = pgTable(
  'run_shop_reads',
  {
    runId: bigint('run_id', { mode: 'number' })
      .notNull()
      .references(() => runs.id),
    marketplace: text('marketplace').notNull(),
    shopUrl: text('shop_url').notNull(),
    /** Monitored listings of this shop in the run. */
    listings: integer('listings').notNull(),
    /** Listings whose card stood in for their own page. */
    fromCards: integer('from_cards').notNull(),
    shopPages: integer('shop_pages').notNull(),
    listingPages: integer('listing_pages').notNull(),
    /** Why the shop pages could not all be read, when they could not. */
    problem: text('problem'),
  },
  (t) => [primaryKey({ columns: [t.runId, t.marketplace, t.shopUrl] })],
);

/**
 * A run's controls of a marketplace (DESIGN §4, "Each run has two controls"): `positive` — a
 * configured page known to stay on sale; `negative` — an address no product has, whose answer must
 * still be the marketplace's own kept not-found answer for the run's removals to count.
 */
export const runControls = pgTable(
  'run_controls',
  {
    runId: bigint('run_id', { mode: 'number' })
      .notNull()
      .references(() => runs.id),
    marketplace: text('marketplace').notNull(),
    url: text('url').notNull(),
    verdict: text('verdict').notNull(),
    reason: text('reason').notNull(),
    matchedRule: text('matched_rule').notNull(),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
    kind: text('kind').notNull().default('positive'),
    /** The answer's fingerprint ("404 text/html html:…"), for a page that was not read on sale. */
    answer: text('answer'),
  },
  (t) => [primaryKey({ columns: [t.runId, t.url] })],
);

/** Every verdict, one per listing per run. Raw bodies are not kept here. */
export const observations = pgTable(
  'observations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: bigint('run_id', { mode: 'number' })
      .notNull()
      .references(() => runs.id),
    listingId: bigint('listing_id', { mode: 'number' })
      .notNull()
      .references(() => listings.id),
    marketplace: text('marketplace').notNull(),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
    verdict: text('verdict').notNull(),
    reason: text('reason').notNull(),
    soldValue: integer('sold_value'),
    soldApproximate: boolean('sold_approximate'),
    stock: text('stock'),
    data: jsonb('data'),
    evidence: jsonb('evidence').notNull(),
  },
  (t) => [
    uniqueIndex('observations_run_listing').on(t.runId, t.listingId),
    index('observations_listing_time').on(t.listingId, t.checkedAt),
  ],
);

export const marketplaceHealth = pgTable(
  'marketplace_health',
  {
    runId: bigint('run_id', { mode: 'number' })
      .notNull()
      .references(() => runs.id),
    marketplace: text('marketplace').notNull(),
    checks: integer('checks').notNull(),
    unknown: integer('unknown').notNull(),
    parseFailed: integer('parse_failed').notNull(),
    quarantined: boolean('quarantined').notNull(),
    why: text('why'),
    /** Listings active (or stale) before this run, and how many of them gave delisted evidence in it. */
    previouslyActive: integer('previously_active').notNull().default(0),
    delistedEvidence: integer('delisted_evidence').notNull().default(0),
    /** A mass disappearance: this run's delisted evidence of the marketplace is held for review. */
    held: boolean('held').notNull().default(false),
    /** Why it was held: `mass` (far above the normal share) or `no-control` (nothing read on sale). */
    heldWhy: text('held_why'),
    /** Listings this run read on sale, and configured control pages it read on sale: the run's control. */
    activeReads: integer('active_reads').notNull().default(0),
    controlsOnSale: integer('controls_on_sale').notNull().default(0),
    /** The marketplace_mass_delisting alert that asked about this held run: only its acceptance releases it. */
    alertId: bigint('alert_id', { mode: 'number' }),
    /** When a reviewer accepted the held evidence (it then took effect). */
    releasedAt: timestamp('released_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.runId, t.marketplace] })],
);

export const alerts = pgTable(
  'alerts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    /** What the alert is about, e.g. `listing:42`, `product:7`, `marketplace:voso`. */
    subject: text('subject').notNull(),
    listingId: bigint('listing_id', { mode: 'number' }).references(() => listings.id),
    productId: bigint('product_id', { mode: 'number' }).references(() => products.id),
    marketplace: text('marketplace'),
    severity: text('severity').notNull(),
    state: text('state').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    snoozedUntil: timestamp('snoozed_until', { withTimezone: true }),
    evidence: jsonb('evidence').notNull(),
  },
  // One live alert per (type, subject): a resolved one may be followed by a new one.
  (t) => [uniqueIndex('alerts_one_live').on(t.type, t.subject).where(sql`resolved_at is null`)],
);

/** Who did what to an alert, when and why. */
export const alertEvents = pgTable('alert_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  alertId: bigint('alert_id', { mode: 'number' })
    .notNull()
    .references(() => alerts.id),
  at: timestamp('at', { withTimezone: true }).notNull(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  fromState: text('from_state'),
  toState: text('to_state').notNull(),
  note: text('note'),
});

export const coverageSnapshots = pgTable('coverage_snapshots', {
  snapshotDate: date('snapshot_date').primaryKey(),
  denominatorRule: text('denominator_rule').notNull(),
  report: jsonb('report').notNull(),
  /** The headline figures beside the report: a year's trend reads these, not a year of large reports. */
  percent: real('percent'),
  covered: integer('covered'),
  denominator: integer('denominator'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The notification outbox: a row per message to one recipient on one channel, written in the same
 * transaction as the alert change that causes it, delivered at least once by the notify worker.
 * `key` (recipient, alert, channel, template version, repeat) is the idempotency key passed to the
 * provider where it takes one (ZNS tracking_id, SMS request id, webhook-id, e-mail header).
 */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    key: text('key').notNull(),
    /** `alert` (to a producer), `digest` (to department staff), `test`. */
    kind: text('kind').notNull(),
    alertId: bigint('alert_id', { mode: 'number' }).references(() => alerts.id),
    producerId: bigint('producer_id', { mode: 'number' }).references(() => producers.id),
    /** Who, as the channel addresses them: a phone (+84…), an e-mail address, a webhook URL. */
    recipient: text('recipient').notNull(),
    channel: text('channel').notNull(),
    templateVersion: text('template_version').notNull(),
    /** Rendered message: what the channel sends, in the recipient's language. */
    payload: jsonb('payload').notNull(),
    /** pending, sending, sent, deferred, failed, fell_back, uncertain, suppressed (no channel), withdrawn (no longer allowed when due). */
    state: text('state').notNull(),
    attempts: integer('attempts').notNull().default(0),
    notBefore: timestamp('not_before', { withTimezone: true }).notNull(),
    /** A `sending` row whose lease ran out was interrupted mid-send (a crash). */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    providerMessageId: text('provider_message_id'),
    lastError: text('last_error'),
    ...timestamps,
  },
  (t) => [uniqueIndex('notifications_key').on(t.key), index('notifications_due').on(t.state, t.notBefore)],
);

/**
 * Credentials a channel keeps between processes, e.g. the Zalo OA tokens: the refresh token is
 * single-use, so a refresh reads and replaces this row under a row lock, once.
 */
export const channelTokens = pgTable('channel_tokens', {
  channel: text('channel').primaryKey(),
  accessToken: text('access_token'),
  refreshToken: text('refresh_token').notNull(),
  accessExpiresAt: timestamp('access_expires_at', { withTimezone: true }),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }),
});

/** Department staff who use the dashboard: local accounts, one role each. */
export const users = pgTable(
  'users',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    /** Argon2id (PHC string). */
    passwordHash: text('password_hash').notNull(),
    /** admin, reviewer or viewer */
    role: text('role').notNull(),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [uniqueIndex('users_username').on(t.username)],
);

/**
 * Server-side sessions: the cookie holds a random token, the store only its SHA-256, so a leaked
 * database cannot be replayed as a login; revoking is deleting (or disabling the user).
 */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    /** The form token (CSRF) of this session. */
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/**
 * The addresses an account logged in from (its last 20), so that a restart does not forget them and
 * slow the owner at their own desk (the login guard). A hash of the account and the address, not
 * the address: the table does not list where people log in from.
 */
export const loginAddresses = pgTable(
  'login_addresses',
  {
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    addressHash: text('address_hash').notNull(),
    lastSuccessAt: timestamp('last_success_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.addressHash] })],
);

/** One read of an external registry (the national OCOP system) and what it changed. */
export const registrySyncs = pgTable('registry_syncs', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  source: text('source').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  /** Every page and record was read: only then may a product missing from it count as removed. */
  complete: boolean('complete').notNull().default(false),
  summary: jsonb('summary'),
});

/** A change a sync found: new, recertified, stars_changed, expired, revoked, reinstated, removed, updated, conflict, removals_held. */
export const registryEvents = pgTable(
  'registry_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    syncId: bigint('sync_id', { mode: 'number' })
      .notNull()
      .references(() => registrySyncs.id),
    productId: bigint('product_id', { mode: 'number' }).references(() => products.id),
    nationalId: text('national_id').notNull(),
    kind: text('kind').notNull(),
    /** Field, the province's value and the registry's, as they were. */
    detail: jsonb('detail').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('registry_events_sync').on(t.syncId), index('registry_events_product').on(t.productId)],
);

/**
 * The last record the national registry gave for each id: the common ancestor of a three-way
 * comparison (a field the province left as the registry had it follows the registry; a field the
 * province changed by hand is reported, never overwritten), and the memory of which ids are
 * another province's (their detail is not fetched again while their list entry is unchanged).
 */
export const nationalRecords = pgTable('national_registry_records', {
  nationalId: text('national_id').primaryKey(),
  inProvince: boolean('in_province').notNull(),
  /** The list entry's name and stars when last seen: a change there means the detail is read again. */
  listedName: text('listed_name').notNull(),
  listedStars: integer('listed_stars'),
  record: jsonb('record'),
  firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
  removedAt: timestamp('removed_at', { withTimezone: true }),
});

/**
 * A listing found by searching a marketplace for a registry product, proposed for a person to
 * confirm: `proposed`, then `accepted` (the listing is linked) or `rejected` (never proposed again).
 */
export const listingProposals = pgTable(
  'listing_proposals',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    productId: bigint('product_id', { mode: 'number' })
      .notNull()
      .references(() => products.id),
    marketplace: text('marketplace').notNull(),
    itemId: text('item_id').notNull(),
    url: text('url').notNull(),
    title: text('title').notNull(),
    shopName: text('shop_name'),
    /** 0..1, and why: the words, the producer, the quantity and the stars that matched or not. */
    score: real('score').notNull(),
    reasons: jsonb('reasons').notNull(),
    state: text('state').notNull().default('proposed'),
    proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: text('decided_by'),
  },
  (t) => [uniqueIndex('listing_proposals_item').on(t.productId, t.marketplace, t.itemId)],
);

/**
 * A shop's consent to have its own record read through a marketplace's open platform (a seller
 * source): invited by staff, authorised by the producer on the marketplace, withdrawn by the
 * producer or revoked by staff. Tokens are kept sealed (AES-256-GCM, `sellers/token-vault.ts`);
 * invite and authorisation tokens only as their SHA-256.
 */
export const sellerConsents = pgTable(
  'seller_consents',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    marketplace: text('marketplace').notNull(),
    shopId: text('shop_id').notNull(),
    producerId: bigint('producer_id', { mode: 'number' }).references(() => producers.id),
    /** invited → active → ended (withdrawn, revoked, refresh_failed). */
    state: text('state').notNull().default('invited'),
    inviteHash: text('invite_hash').notNull().unique(),
    authStateHash: text('auth_state_hash').unique(),
    tokens: text('tokens'),
    accessExpiresAt: timestamp('access_expires_at', { withTimezone: true }),
    refreshes: integer('refreshes').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endedWhy: text('ended_why'),
    /** When the producer last authorised on the marketplace (what staff read as "active since"). */
    authorisedAt: timestamp('authorised_at', { withTimezone: true }),
    /** The staff account that sent the link, and the one that revoked it (null when the producer withdrew). */
    invitedBy: text('invited_by'),
    endedBy: text('ended_by'),
  },
  (table) => [index('seller_consents_shop').on(table.marketplace, table.shopId)],
);

/**
 * What the clerk writes into the report upward before printing, per reporting period ("2026-01"):
 * the document's number, the assessment and the proposals (Nghị định 30/2020's report sections).
 */
export const reportNotes = pgTable('report_notes', {
  period: text('period').primaryKey(),
  documentNumber: text('document_number').notNull().default(''),
  assessment: text('assessment').notNull().default(''),
  proposals: text('proposals').notNull().default(''),
  updatedBy: bigint('updated_by', { mode: 'number' }).references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
