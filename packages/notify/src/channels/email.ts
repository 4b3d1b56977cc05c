import { errorText } from '@ocop-monitor/monitor';
import nodemailer from 'nodemailer';
import type { NotifyConfig } from '../config.ts';
import type { Channel, OutgoingMessage, SendResult } from './channel.ts';
import { smtpFailureMoment } from './send-failure.ts';

type EmailConfig = NonNullable<NotifyConfig['email']>;

/** Problems of our own configuration or credentials: nothing was sent, and retrying will not help. */
const SETUP_FAILURES = new Set(['EAUTH', 'ENOAUTH', 'ETLS', 'EREQUIRETLS', 'ECONFIG', 'EOAUTH2']);

/**
 * E-mail over SMTP (nodemailer, one pooled transport), HTML with a plain-text part. TLS is required
 * (STARTTLS on 587, or `secure` on 465) unless `ignoreTLS` says the relay is on this machine: a
 * server that offers no STARTTLS never sees the password or the producer's mail.
 */
export function createEmailChannel(config: EmailConfig): Channel {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    ignoreTLS: config.ignoreTLS,
    requireTLS: !config.secure && !config.ignoreTLS,
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
        const failure = error as Error & { permanent?: boolean; responseCode?: number; code?: string };
        const why = `SMTP ${failure.code ?? ''} ${failure.responseCode ?? ''} ${errorText(error)}`.replace(
          /\s+/gu,
          ' ',
        );
        // Our own setup (credentials, TLS the server does not offer): nothing was sent; an admin must act.
        if (failure.code && SETUP_FAILURES.has(failure.code)) return { outcome: 'fallback', error: `admin: ${why}` };
        // The server's own answer: 5xx is permanent (a bad address: the next channel), 4xx is retried.
        if (failure.responseCode)
          return failure.permanent ? { outcome: 'fallback', error: why } : { outcome: 'retry', error: why };
        return smtpFailureMoment(error) === 'before-send'
          ? { outcome: 'retry', error: why }
          : { outcome: 'uncertain', error: why };
      }
    },
    close: async () => transport.close(),
  };
}
