import nodemailer from 'nodemailer';
import type { NotifyConfig } from '../config.ts';
import type { Channel, OutgoingMessage, SendResult } from './channel.ts';

type EmailConfig = NonNullable<NotifyConfig['email']>;

/** E-mail over SMTP (nodemailer, one pooled transport), HTML with a plain-text part. */
export function createEmailChannel(config: EmailConfig): Channel {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    ignoreTLS: config.ignoreTLS,
    pool: true,
    ...(config.user ? { auth: { user: config.user, pass: config.password ?? '' } } : {}),
  });
  return {
    id: 'email',
    deduplicatesByKey: false,
    phone: false,
    async send(message: OutgoingMessage): Promise<SendResult> {
      const { subject, text, html } = message.payload as { subject: string; text: string; html: string };
      try {
        const info = await transport.sendMail({
          from: config.from,
          to: message.recipient,
          subject,
          text,
          html,
          // Lets a recipient's mail system (and our own support) trace a message to its outbox row.
          headers: { 'X-Notification-Id': message.key },
        });
        return { outcome: 'sent', providerMessageId: info.messageId };
      } catch (error) {
        const failure = error as Error & { permanent?: boolean; responseCode?: number };
        // nodemailer marks 5xx answers permanent: a bad address is not retried, a full mailbox (4xx) is.
        if (failure.permanent)
          return { outcome: 'fallback', error: `SMTP ${failure.responseCode ?? ''} ${failure.message}` };
        return { outcome: 'retry', error: failure.message };
      }
    },
    close: async () => transport.close(),
  };
}
