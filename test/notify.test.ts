import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  formatDate,
  formatNumber,
  formatPercent,
  listAlerts,
  openStore,
  reviewAlert,
  whatChanged,
} from '@ocop-monitor/monitor';
import { COVERAGE_MAY_DIFFER, listOutbox } from '@ocop-monitor/notify';
import { sql } from 'drizzle-orm';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayInProcess, type Province, province, runAtOf } from './province.ts';

const SECRET = `whsec_${Buffer.from('ocop-monitor-test-secret-32-bytes!!').toString('base64')}`;
const REJECTED = 'khong-ton-tai@example.vn';
const mails: ParsedMail[] = [];
const hooks: Array<{ id: string; type: string; url: string }> = [];
let smtp: SMTPServer;
let receiver: Server;
let smtpPort = 0;
let hookUrl = '';

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address === REJECTED) {
        const error = Object.assign(new Error('mailbox does not exist'), { responseCode: 550 });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        mails.push(mail);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  // A provincial system receiving events, verifying them with the Standard Webhooks library.
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      const event = new Webhook(SECRET).verify(body, request.headers as Record<string, string>) as {
        type: string;
        data: { url: string };
      };
      hooks.push({ id: String(request.headers['webhook-id']), type: event.type, url: event.data.url });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/ocop`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  receiver.closeAllConnections();
  receiver.close();
});

async function notifyingProvince(seed: number, extra: Record<string, unknown> = {}): Promise<Province> {
  return province(seed, 60, 'none', await openStore({ dataDir: 'memory://' }), {
    notify: {
      ...extra,
      enabled: true,
      email: { host: '127.0.0.1', port: smtpPort, ignoreTLS: true, from: 'giam-sat-ocop@soct.example.gov.vn' },
      webhooks: [{ name: 'so-cong-thuong', url: hookUrl, secret: SECRET }],
    },
  });
}

/** One simulated day: the run (outbox written in its finalisation), then delivery, at the run's clock. */
async function day(world: Province) {
  const { truth, runAt } = await dayInProcess(world, { afterAlerts: world.runtime.notifier.afterAlerts });
  await world.runtime.notifier.deliver(world.store.db, () => runAt);
  return { truth, runAt };
}

const rows = async <T>(world: Province, query: ReturnType<typeof sql>) =>
  ((await world.store.db.execute(query)) as unknown as { rows: T[] }).rows;

describe('producers hear about a real problem by e-mail, after review, once; the department by signed webhook', () => {
  it('a delisting waits for the reviewer, then one e-mail and one webhook event; nothing is sent twice', {
    timeout: 120_000,
  }, async () => {
    const world = await notifyingProvince(31);
    try {
      await day(world);
      const producers = new Map(world.sandbox.world.producers.map((p) => [p.id, p]));
      const products = new Map(world.sandbox.world.products.map((p) => [p.id, p]));
      const target = world.sandbox.world.listings.find(
        (l) =>
          l.knownToProvince &&
          l.removedOnDay === null &&
          producers.get(products.get(l.productId)?.producerId ?? '')?.email,
      );
      if (!target) throw new Error('no listing of a producer with an e-mail');
      const producer = producers.get(products.get(target.productId)?.producerId ?? '');
      Object.assign(target, {
        removedOnDay: world.sandbox.world.day + 1,
        removalReason: 'policy',
        removalMode: 'http404',
      });
      await day(world);
      const { runAt } = await day(world); // second sighting: confirmed, alert opens
      const [alert] = (await listAlerts(world.store.db, { type: 'listing_delisted' })).filter(
        (a) => (a.evidence as { url: string }).url === world.sandbox.urlOf(target),
      );
      if (!alert) throw new Error('the removal was not flagged');
      expect(mails.filter((m) => m.text?.includes(world.sandbox.urlOf(target)))).toEqual([]); // not before review

      await reviewAlert(world.store.db, {
        id: alert.id,
        action: 'confirm',
        by: 'Chuyên viên Sở',
        now: new Date(runAt.getTime() + 3_600_000),
        confirmAfterHours: 6,
        afterAlerts: world.runtime.notifier.afterAlerts,
      });
      const delivered = await world.runtime.notifier.deliver(world.store.db);
      expect(delivered?.sent).toBe(2);
      const mail = mails.find((m) => m.text?.includes(world.sandbox.urlOf(target)));
      if (!mail) throw new Error('no e-mail reached the producer');
      expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe(producer?.email);
      expect(mail.subject).toContain('không còn hiển thị');
      expect(mail.subject).toContain(products.get(target.productId)?.name.slice(0, 10));
      expect(mail.text).toContain('Sở Công Thương');
      expect(mail.headers.get('x-notification-id')).toMatch(
        new RegExp(`^alert:${alert.id}:producer:\\d+:email:v1:r0$`, 'u'),
      );
      const event = hooks.find((h) => h.url === world.sandbox.urlOf(target));
      expect(event).toMatchObject({ type: 'listing.listing_delisted' });

      // Another run and another delivery: nothing new for the same alert, nothing sent twice.
      const before = mails.length;
      await day(world);
      expect(mails.length).toBe(before);
      expect(
        (await listOutbox(world.store.db)).filter((n) => n.key.startsWith(`alert:${alert.id}:`)).map((n) => n.state),
      ).toEqual(['sent', 'sent']);
    } finally {
      await world.close();
    }
  });

  it('zero-sales alerts go out by themselves after 48 h, and every message to a producer is true', {
    timeout: 180_000,
  }, async () => {
    const world = await notifyingProvince(32);
    try {
      const start = mails.length;
      const sentOn = new Map<number, number>();
      for (let d = 1; d <= 34; d += 1) {
        const { truth } = await day(world);
        const byUrl = new Map(truth.listings.map((l) => [l.url, l]));
        for (const n of await rows<{ id: number; alert_id: number; type: string; url: string; sent_at: string | null }>(
          world,
          sql`select n.id, n.alert_id, a.type, a.evidence->>'url' as url, n.sent_at::text from notifications n
              join alerts a on a.id = n.alert_id where n.channel = 'email' and n.state = 'sent'`,
        )) {
          if (sentOn.has(n.id)) continue;
          sentOn.set(n.id, d);
          const real = byUrl.get(n.url);
          // Scored against the sandbox truth on the day it was sent: no false alarm to a producer.
          if (n.type === 'zero_sales') expect(real?.onSale && (real.lastSaleDay ?? -1_000) <= d - 30).toBe(true);
          if (n.type === 'out_of_stock') expect(real?.onSale && !real.inStock).toBe(true);
          expect(n.type).not.toBe('listing_delisted'); // never without a reviewer
        }
      }
      const zero = await rows<{ opened: string; sent: string }>(
        world,
        sql`select a.opened_at::text as opened, n.sent_at::text as sent from notifications n join alerts a on a.id = n.alert_id
            where a.type = 'zero_sales' and n.state = 'sent' and n.channel = 'email'`,
      );
      expect(zero.length).toBeGreaterThan(0);
      for (const { opened, sent } of zero) {
        expect(new Date(sent).getTime() - new Date(opened).getTime()).toBeGreaterThanOrEqual(48 * 3_600_000);
      }
      expect(mails.length - start).toBe(sentOn.size);
    } finally {
      await world.close();
    }
  });

  it('the department gets one digest a day; a degraded marketplace is told at once, not tomorrow', {
    timeout: 120_000,
  }, async () => {
    const staff = 'phong-qlt@soct.example.gov.vn';
    const world = await notifyingProvince(35, { department: [{ name: 'Phòng Quản lý thương mại', email: staff }] });
    try {
      const forStaff = () => mails.filter((m) => m.to && 'text' in m.to && m.to.text === staff);
      const dates: string[] = [];
      for (let d = 1; d <= 3; d += 1) dates.push((await day(world)).truth.date);
      // Deliveries again the same day send nothing new: one digest per recipient per day.
      await world.runtime.notifier.deliver(world.store.db, () => runAtOf(dates.at(-1) ?? ''));
      const digests = forStaff().filter((m) => m.subject?.startsWith('Báo cáo OCOP'));
      // Dates as people read them (dd/mm/yyyy), the decimal comma and a space before "%".
      expect(digests.map((m) => m.subject?.match(/ngày (\S+):/u)?.[1])).toEqual(dates.map(formatDate));
      expect(digests[1]?.subject).toMatch(/độ phủ \d+(,\d)? % \([+-]\d+(,\d)?\)/u); // coverage and its change
      expect(digests[1]?.text).toContain('Khoảng trống lớn nhất');
      // The figure is the run's, as Today shows it first; the rule in words, and why Coverage may differ.
      const run = (await whatChanged(world.store.db)).coverage;
      expect(run).not.toBeNull();
      const third = digests[2]?.text ?? '';
      expect(third).toContain(
        `Theo lượt kiểm tra ngày ${formatDate(dates[2] ?? '')}: ${formatNumber(run?.covered ?? -1)}/${formatNumber(run?.denominator ?? -1)} sản phẩm = ${formatPercent(run?.percent ?? -1)}`,
      );
      expect(third).toContain('Mẫu số: sản phẩm OCOP còn hiệu lực');
      expect(third).toContain('Tử số: sản phẩm có ít nhất một tin đăng đang bán');
      expect(third).toContain(COVERAGE_MAY_DIFFER);
      expect(third).not.toMatch(/\b(active|suspect)\b|≥/u); // no state codes in the rule

      world.sandbox.setFaults({ voso: 'blocked' });
      const { truth } = await day(world);
      const urgent = forStaff().filter((m) => m.subject?.startsWith('[Khẩn / urgent] Sàn khó kiểm tra'));
      expect(urgent).toHaveLength(1);
      expect(urgent[0]?.subject).toContain('voso.vn');
      const lastDigest = forStaff().filter((m) => m.subject?.includes(`ngày ${formatDate(truth.date)}`));
      expect(lastDigest[0]?.text).toMatch(/voso\.vn: Sàn khó kiểm tra/u);
    } finally {
      await world.close();
    }
  });

  it('a crash between sending and marking: e-mail is recorded as uncertain, never sent twice; the webhook is resent with the same id', {
    timeout: 60_000,
  }, async () => {
    const world = await notifyingProvince(33);
    try {
      const now = new Date();
      const insert = (key: string, channel: string, recipient: string, payload: object) =>
        world.store.db.execute(sql`insert into notifications (key, kind, recipient, channel, template_version, payload, state, attempts, not_before, lease_until)
          values (${key}, 'test', ${recipient}, ${channel}, 'v1', ${JSON.stringify(payload)}::jsonb, 'sending', 1, ${now.toISOString()}::timestamptz, ${new Date(now.getTime() - 1_000).toISOString()}::timestamptz)`);
      await insert('crash:email', 'email', 'htx@example.vn', { subject: 'x', text: 'x', html: 'x' });
      await insert('crash:webhook', 'webhook', hookUrl, {
        type: 'test',
        timestamp: now.toISOString(),
        data: { url: 'crash' },
      });
      const mailsBefore = mails.length;
      const tally = await world.runtime.notifier.deliver(world.store.db);
      expect(tally).toMatchObject({ uncertain: 1, resent: 1, sent: 1 });
      expect(mails.length).toBe(mailsBefore);
      expect(hooks.filter((h) => h.id === 'crash:webhook')).toHaveLength(1);
      const states = Object.fromEntries((await listOutbox(world.store.db)).map((n) => [n.key, n.state]));
      expect(states).toMatchObject({ 'crash:email': 'uncertain', 'crash:webhook': 'sent' });
    } finally {
      await world.close();
    }
  });

  it('an address the mail server refuses (550) fails at once with the reason, without retries', {
    timeout: 60_000,
  }, async () => {
    const world = await notifyingProvince(34);
    try {
      await world.store.db.execute(sql`insert into notifications (key, kind, recipient, channel, template_version, payload, state, not_before)
        values ('bad-address', 'test', ${REJECTED}, 'email', 'v1', ${JSON.stringify({ subject: 's', text: 't', html: 'h', fallbacks: [] })}::jsonb, 'pending', now())`);
      await world.runtime.notifier.deliver(world.store.db);
      const [row] = (await listOutbox(world.store.db, { state: 'failed' })).filter((n) => n.key === 'bad-address');
      expect(row?.attempts).toBe(1);
      expect(row?.lastError).toMatch(/550/u);
    } finally {
      await world.close();
    }
  });
});
