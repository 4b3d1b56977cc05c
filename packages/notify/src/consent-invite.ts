import type { Database } from '@ocop-monitor/monitor';
import { insert } from './plan.ts';
import { type ConsentInviteFacts, consentInviteEmail, consentInviteSms } from './templates/consent-message.ts';

export type InviteChannel = 'zns' | 'sms' | 'email';

/**
 * Puts a consent invitation in the outbox, to be delivered like any message (quiet hours, retries,
 * shown in the outbox and on the product page). Its key names the consent and the channel — never
 * the invitation's token, which only the link inside the message carries.
 */
export async function queueConsentInvite(
  db: Database,
  input: {
    consentId: number;
    producerId: number;
    channel: InviteChannel;
    recipient: string;
    facts: ConsentInviteFacts;
    locale: 'vi' | 'en';
    now: Date;
  },
): Promise<boolean> {
  const { facts } = input;
  const email = consentInviteEmail(facts, input.locale);
  const inserted = await insert(db, {
    key: `seller-consent:${input.consentId}:${input.channel}`,
    kind: 'seller_consent',
    alertId: null,
    producerId: input.producerId,
    recipient: input.recipient,
    channel: input.channel,
    payload: {
      ...email,
      sms: consentInviteSms(facts, input.locale),
      fallbacks: [],
      // The ZNS template's parameters (a template registered with Zalo as `seller_consent`).
      facts: {
        type: 'seller_consent',
        producerName: facts.producerName,
        productName: facts.productName,
        marketplaceName: facts.marketplaceName,
        openedAt: input.now.toISOString(),
        listingUrl: facts.link,
      },
    },
    state: 'pending',
    lastError: null,
    now: input.now,
  });
  return inserted === 1;
}
