import type { QueuedAlert } from '@ocop-monitor/monitor';
import { type AlertFacts, alertEmail, alertSms, foldForSms, znsTemplateData } from '@ocop-monitor/notify';

/** What a producer would receive about an alert, on each channel, before anyone confirms it. */
export interface ProducerMessages {
  zalo: Record<string, string>;
  sms: string;
  email: { subject: string; text: string };
}

/** The alert types producers are told of; a possible removal is told as a removal once confirmed. */
const TOLD_AS: Readonly<Record<string, string>> = {
  listing_delisted: 'listing_delisted',
  listing_possibly_removed: 'listing_delisted',
  zero_sales: 'zero_sales',
  out_of_stock: 'out_of_stock',
};

/**
 * The messages the notifier would write for this alert, from the same templates (so the preview
 * cannot drift from what is sent), in the producers' language; null for alerts no producer hears of.
 */
export function producerMessages(
  alert: QueuedAlert,
  where: string,
  options: { locale: 'vi' | 'en'; smsUnicode: boolean },
): ProducerMessages | null {
  const { locale } = options;
  const type = TOLD_AS[alert.type];
  if (!type || !alert.productName || !alert.producerName) return null;
  // The producer hid the item themself (the seller's own record): nobody writes to tell them.
  if ((alert.evidence as { removalReason?: unknown } | null)?.removalReason === 'seller_hidden') return null;
  const facts: AlertFacts = {
    alertId: alert.id,
    type,
    productName: alert.productName,
    producerName: alert.producerName,
    marketplace: alert.marketplace ?? '',
    marketplaceName: where,
    listingUrl: alert.url ?? '',
    evidence: (alert.evidence ?? {}) as Record<string, unknown>,
    openedAt: alert.openedAt,
  };
  const email = alertEmail(facts, locale);
  return {
    zalo: znsTemplateData({ ...facts, openedAt: facts.openedAt.toISOString() }),
    // As the SMS channel sends it: without diacritics unless the brandname account takes Unicode.
    sms: options.smsUnicode ? alertSms(facts, locale) : foldForSms(alertSms(facts, locale)),
    email: { subject: email.subject, text: email.text },
  };
}
