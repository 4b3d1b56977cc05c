import {
  type AfterAlertsHook,
  countsInWords,
  type Database,
  type Lang,
  OUTBOX_STATE_WORDS,
} from '@ocop-monitor/monitor';
import {
  type Channel,
  createEmailChannel,
  createSmsChannel,
  createWebhookChannel,
  createZnsChannel,
  type DeliveryTally,
  deliverDue,
  type NotifyConfig,
  planDigest,
  planNotifications,
  ZaloTokens,
} from '@ocop-monitor/notify';

/** The notification side of a process: the configured channels, the outbox hook, delivery. */
export interface Notifier {
  enabled: boolean;
  /** The configured channels; ZNS keeps its tokens in the store, so it is made for a store. */
  channelsFor(db: Database): ReadonlyMap<string, Channel>;
  /** Writes the outbox in the transaction that changed alerts; undefined when notifications are off. */
  afterAlerts: AfterAlertsHook | undefined;
  /** Delivers what is due now (null when notifications are off). */
  deliver(db: Database, now?: () => Date): Promise<DeliveryTally | null>;
  close(): Promise<void>;
}

/** `marketplaceNames`: id → display name, so producers read "Sàn TMĐT Quảng Trị", not "floor-quangtri". */
export function createNotifier(
  config: NotifyConfig,
  marketplaceNames: Readonly<Record<string, string>> = {},
): Notifier {
  const channels = new Map<string, Channel>();
  if (config.enabled && config.email) channels.set('email', createEmailChannel(config.email));
  if (config.enabled && config.sms) channels.set('sms', createSmsChannel(config.sms));
  if (config.enabled && config.webhooks.length) channels.set('webhook', createWebhookChannel(config.webhooks));
  const available = new Set([...channels.keys(), ...(config.enabled && config.zns ? ['zns'] : [])]);
  const perStore = new WeakMap<Database, Map<string, Channel>>();
  const channelsFor = (db: Database) => {
    const zns = config.zns;
    if (!zns) return channels;
    let withZns = perStore.get(db);
    if (!withZns) {
      withZns = new Map(channels).set('zns', createZnsChannel(zns, new ZaloTokens(db, zns)));
      perStore.set(db, withZns);
    }
    return withZns;
  };
  return {
    enabled: config.enabled,
    channelsFor,
    afterAlerts: config.enabled
      ? async (tx, now) => {
          await planNotifications(tx, config, now, available, marketplaceNames);
          await planDigest(tx, config, now);
        }
      : undefined,
    deliver: async (db, now) => (config.enabled ? deliverDue(db, channelsFor(db), config, now ? { now } : {}) : null),
    close: async () => {
      for (const channel of channels.values()) await channel.close?.();
    },
  };
}

/** One line for a command's output, in the outbox's words (Vietnamese unless `lang` is `en`). */
export function formatDelivery(tally: DeliveryTally, lang: Lang = 'vi'): string {
  const counts = {
    sent: tally.sent,
    deferred: tally.deferred,
    fell_back: tally.fellBack,
    failed: tally.failed,
    uncertain: tally.uncertain,
    withdrawn: tally.withdrawn,
  };
  const retrying = tally.retried ? `, ${lang === 'vi' ? 'thử lại sau' : 'to retry'} ${tally.retried}` : '';
  return `${lang === 'vi' ? 'Thông báo' : 'Notifications'}: ${countsInWords(counts, OUTBOX_STATE_WORDS, lang)}${retrying}`;
}
