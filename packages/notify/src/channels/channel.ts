/** One message as a channel sends it (a row of the outbox). */
export interface OutgoingMessage {
  /** Idempotency key: the same across retries of this message. */
  key: string;
  recipient: string;
  payload: Record<string, unknown>;
}

/** What a send attempt came to; the outbox moves the row accordingly. */
export type SendResult =
  | { outcome: 'sent'; providerMessageId?: string }
  | { outcome: 'retry'; error: string; retryAfterMs?: number }
  | { outcome: 'failed'; error: string }
  /** This recipient cannot be reached on this channel: try their next one. */
  | { outcome: 'fallback'; error: string }
  /**
   * The request may have been delivered (a timeout or a dropped connection after it was sent) on a
   * channel that cannot de-duplicate: shown for review, never sent again by itself.
   */
  | { outcome: 'uncertain'; error: string }
  | { outcome: 'defer'; error: string; until: Date };

export interface Channel {
  id: string;
  /**
   * The provider recognises a repeated key and sends once (webhook receivers via webhook-id, eSMS
   * via RequestId): a send cut off by a crash may be repeated safely. Where not (SMTP, ZNS), such a
   * message is marked `uncertain` instead of sent twice.
   */
  deduplicatesByKey: boolean;
  /** Phone channels wait out quiet hours. */
  phone: boolean;
  send(message: OutgoingMessage): Promise<SendResult>;
  close?(): Promise<void>;
}
