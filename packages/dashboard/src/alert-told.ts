import { CHANNEL_WORDS, formatDateTime, OUTBOX_STATE_WORDS, say } from '@ocop-monitor/monitor';
import type { OutboxEntry } from '@ocop-monitor/notify';
import { html, type Raw } from './html.ts';
import { type Lang, t } from './layout.ts';

/** PostgreSQL's text of a timestamp ("2026-01-25 00:00:00+00") as a moment. */
export const dbTime = (text: string) => new Date(text.replace(' ', 'T').replace(/([+-]\d\d)$/u, '$1:00'));

/** Where a message waits: not sent yet, but on its way. */
const WAITING = new Set(['pending', 'sending', 'deferred']);

/** Whether any message about the alert went out (the page then speaks in the past tense). */
export const wasTold = (messages: readonly OutboxEntry[]) => messages.some((m) => m.state === 'sent');

/** One message in a sentence: who, on which channel, when — the recipient's address for staff only. */
function messageLine(lang: Lang, m: OutboxEntry, staff: boolean): Raw {
  const who = m.producerName ?? t(lang, 'chủ thể', 'the producer');
  const channel = say(CHANNEL_WORDS, m.channel, lang);
  const to = staff ? ` (${m.recipient})` : '';
  const link = staff
    ? html` — <a href="/outbox?alert=${m.alertId ?? ''}#tin-${m.id}">${t(lang, 'xem tin trong hộp thư đi', 'see it in the outbox')}</a>`
    : '';
  if (m.state === 'sent' && m.sentAt)
    return html`<li>${t(lang, `Đã báo ${who} qua ${channel}${to} lúc ${formatDateTime(dbTime(m.sentAt))}`, `${who} was told on ${channel}${to} at ${formatDateTime(dbTime(m.sentAt))}`)}${link}</li>`;
  if (WAITING.has(m.state))
    return html`<li>${t(lang, `Tin cho ${who} qua ${channel}${to}: ${say(OUTBOX_STATE_WORDS, m.state, lang).toLowerCase()}, dự kiến từ ${formatDateTime(dbTime(m.notBefore))}`, `The message to ${who} on ${channel}${to}: ${say(OUTBOX_STATE_WORDS, m.state, lang).toLowerCase()}, due from ${formatDateTime(dbTime(m.notBefore))}`)}${link}</li>`;
  return html`<li>${t(lang, `Tin cho ${who} qua ${channel}${to}: ${say(OUTBOX_STATE_WORDS, m.state, lang).toLowerCase()}`, `The message to ${who} on ${channel}${to}: ${say(OUTBOX_STATE_WORDS, m.state, lang).toLowerCase()}`)}${link}</li>`;
}

/** "Who was told": past tense once a message went out, what waits otherwise; nothing when no message exists. */
export function toldSection(lang: Lang, messages: readonly OutboxEntry[], staff: boolean): Raw {
  if (messages.length === 0) return html``;
  const heading = wasTold(messages)
    ? t(lang, 'Chủ thể đã được báo', 'The producer was told')
    : t(lang, 'Tin gửi chủ thể', 'Messages to the producer');
  return html`<section aria-labelledby="told"><h2 id="told">${heading}</h2><ul>${messages.map((m) => messageLine(lang, m, staff))}</ul></section>`;
}

/** The audit trail's rows for messages that went out (or could not): the history says when the producer was told. */
export function messageEvents(lang: Lang, messages: readonly OutboxEntry[], staff: boolean) {
  return messages
    .filter((m) => m.sentAt || !WAITING.has(m.state))
    .map((m) => ({
      at: m.sentAt ? dbTime(m.sentAt) : dbTime(m.notBefore),
      actor: 'system',
      what: t(
        lang,
        `${m.state === 'sent' ? 'Đã gửi tin' : say(OUTBOX_STATE_WORDS, m.state, lang)} cho chủ thể qua ${say(CHANNEL_WORDS, m.channel, lang)}`,
        `${m.state === 'sent' ? 'Message sent' : say(OUTBOX_STATE_WORDS, m.state, lang)} to the producer on ${say(CHANNEL_WORDS, m.channel, lang)}`,
      ),
      note: staff ? m.recipient : '',
    }));
}
