import { z } from 'zod';

/** How an alert type reaches its producer (DESIGN §2: never a false alarm). */
const gateSchema = z.discriminatedUnion('release', [
  /** Only after a reviewer confirms it. */
  z.object({ release: z.literal('review') }),
  /** Automatically this many hours after it opened, unless a reviewer dismissed or snoozed it first. */
  z.object({ release: z.literal('auto'), afterHours: z.number().nonnegative() }),
  /** Never (operator alerts). */
  z.object({ release: z.literal('never') }),
]);
export type Gate = z.output<typeof gateSchema>;

const hour = z.number().int().min(0).max(23);

export const notifyConfigSchema = z.object({
  /** Off by default: nothing is sent until the province configures its channels. */
  enabled: z.boolean().default(false),
  gates: z.record(z.string(), gateSchema).default({
    listing_delisted: { release: 'review' },
    zero_sales: { release: 'auto', afterHours: 48 },
    out_of_stock: { release: 'auto', afterHours: 48 },
  }),
  /** The same alert is told to the same producer again only after this many days. */
  repeatAfterDays: z.number().positive().default(14),
  /** Phone channels (ZNS, SMS) wait out these hours in Asia/Ho_Chi_Minh; e-mail and webhooks do not. */
  quietHours: z.object({ start: hour.default(22), end: hour.default(6) }).prefault({}),
  /** The producer's channels, first choice first; each needs the producer's consent and contact. */
  producerChannels: z.array(z.enum(['zns', 'sms', 'email'])).default(['zns', 'sms', 'email']),
  /** Where a producer's message links to (the listing URL otherwise). */
  locale: z.enum(['vi', 'en']).default('vi'),
  email: z
    .object({
      host: z.string().min(1),
      port: z.number().int().positive().default(587),
      secure: z.boolean().default(false),
      user: z.string().optional(),
      password: z.string().optional(),
      from: z.string().min(3),
      /** Plain SMTP without STARTTLS: only for a relay on this machine or a test server. */
      ignoreTLS: z.boolean().default(false),
    })
    .optional(),
  /** Zalo ZNS (by phone number): the OA app and an approved template per alert type. */
  zns: z
    .object({
      apiUrl: z.string().url().default('https://business.openapi.zalo.me'),
      oauthUrl: z.string().url().default('https://oauth.zaloapp.com'),
      appId: z.string().min(1),
      /** App Secret Key (env OCOP_ZNS_SECRET_KEY). */
      secretKey: z.string().min(1),
      /** The first refresh token (env OCOP_ZNS_REFRESH_TOKEN); rotated tokens are kept in the store. */
      refreshToken: z.string().min(1),
      /** Template id per alert type, with parameters producer_name, product_name, marketplace, since_date, detail_url. */
      templates: z.record(z.string(), z.string().min(1)),
      /** How long to wait for Zalo's answer; after that a sent request is `uncertain`, never sent twice. */
      timeoutMs: z.number().int().positive().default(15_000),
    })
    .optional(),
  /** SMS brandname through an eSMS-shaped API. */
  sms: z
    .object({
      apiUrl: z.string().url().default('https://rest.esms.vn'),
      /** env OCOP_SMS_API_KEY / OCOP_SMS_SECRET_KEY */
      apiKey: z.string().min(1),
      secretKey: z.string().min(1),
      brandname: z.string().min(1),
      unicode: z.boolean().default(false),
    })
    .optional(),
  webhooks: z
    .array(
      z.object({
        name: z.string().min(1),
        url: z.string().url(),
        /** Standard Webhooks secret, `whsec_<base64>`. */
        secret: z
          .string()
          .regex(/^whsec_[A-Za-z0-9+/=]{20,}$/u, 'a Standard Webhooks secret looks like whsec_<base64>'),
      }),
    )
    .default([]),
  /** Department staff who get the daily digest by e-mail. */
  department: z.array(z.object({ name: z.string().min(1), email: z.string().email() })).default([]),
  /** A `sending` row whose send was cut off (crash) is looked at again after this long. */
  leaseSeconds: z.number().int().positive().default(120),
  maxAttempts: z.number().int().positive().default(6),
});
export type NotifyConfig = z.output<typeof notifyConfigSchema>;

/** Every secret the configuration holds: blotted out of any text the outbox or a log keeps. */
export function notifySecrets(config: NotifyConfig): string[] {
  return [
    config.zns?.secretKey,
    config.zns?.refreshToken,
    config.sms?.apiKey,
    config.sms?.secretKey,
    config.email?.password,
    ...config.webhooks.map((webhook) => webhook.secret),
  ].filter((secret): secret is string => Boolean(secret));
}
