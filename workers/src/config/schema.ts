import { createAdapters, marketplacesConfigSchema, politeClientOptionsSchema } from '@ocop-monitor/adapters';
import { monitorConfigSchema, sellerTokenKey, tableLimitsSchema } from '@ocop-monitor/monitor';
import { notifyConfigSchema } from '@ocop-monitor/notify';
import { z } from 'zod';
import { queueConfigSchema } from '../queue/options.ts';

/** The whole configuration, validated at start-up; every error names its key. */
export const configSchema = z
  .object({
    http: politeClientOptionsSchema.omit({ allowedHosts: true }).prefault({}),
    marketplaces: marketplacesConfigSchema.extend({
      /** Provincial floor files, relative to the config file that lists them. */
      floorFiles: z.array(z.string().min(1)).default([]),
    }),
    monitor: monitorConfigSchema.prefault({}),
    /** Limits of an import file, from the CLI or a dashboard upload (size, unpacked size, rows, cells). */
    import: tableLimitsSchema.prefault({}),
    queue: queueConfigSchema.prefault({}),
    notify: notifyConfigSchema.prefault({}),
    /**
     * The marketplaces' open platforms, read with each shop's consent (docs/operator.md, "Shopee,
     * Lazada and TikTok Shop"). Secrets from the environment: OCOP_SHOPEE_PARTNER_KEY(_FILE),
     * OCOP_LAZADA_APP_SECRET(_FILE), OCOP_TIKTOK_APP_SECRET(_FILE) and OCOP_SELLER_TOKEN_KEY(_FILE).
     */
    sellers: z
      .object({
        shopee: z
          .object({
            partnerId: z.number().int().positive(),
            partnerKey: z.string().min(16, 'the partner key, from OCOP_SHOPEE_PARTNER_KEY(_FILE)'),
            baseUrl: z.url().optional(),
            minIntervalMs: z.number().int().min(0).default(1_000),
          })
          .optional(),
        lazada: z
          .object({
            appKey: z.string().regex(/^\d{4,12}$/u, 'the app key Lazada gave the app (digits)'),
            appSecret: z.string().min(16, 'the app secret, from OCOP_LAZADA_APP_SECRET(_FILE)'),
            /** Vietnam's gateway, `/rest` included. */
            baseUrl: z.url().default('https://api.lazada.vn/rest'),
            authBaseUrl: z.url().optional(),
            minIntervalMs: z.number().int().min(0).default(1_000),
          })
          .optional(),
        tiktok: z
          .object({
            appKey: z.string().min(4),
            appSecret: z.string().min(16, 'the app secret, from OCOP_TIKTOK_APP_SECRET(_FILE)'),
            /** The app's service id, for the authorisation link. */
            serviceId: z.string().regex(/^\d{6,25}$/u, 'the service id of the app in Partner Center (digits)'),
            baseUrl: z.url().optional(),
            authBaseUrl: z.url().optional(),
            servicesUrl: z.url().optional(),
            minIntervalMs: z.number().int().min(0).default(1_000),
          })
          .optional(),
        tokenKey: z.string().optional(),
        /**
         * The dashboard's address as producers reach it (https://ocop.soct.example.gov.vn): the
         * consent links staff send are built on it, and the marketplaces send producers back to
         * `<publicUrl>/ket-noi-san/<marketplace>/callback`, the address registered with each platform.
         * Without it the dashboard offers no consent.
         */
        publicUrl: z
          .url()
          .refine((url) => /^https?:$/u.test(new URL(url).protocol) && !new URL(url).search && !new URL(url).hash, {
            message:
              'the dashboard’s public address, http(s) without query or fragment, e.g. https://ocop.soct.example.gov.vn',
          })
          .optional(),
      })
      .prefault({}),
    discovery: z
      .object({
        /** Search results scoring at least this are proposed (never linked without a person). */
        minScore: z.number().gt(0).max(1).default(0.85),
      })
      .prefault({}),
    registry: z
      .object({
        /** The national OCOP system's public API; no sync without it. */
        national: z
          .object({
            baseUrl: z.url(),
            /** As the province is written in producers' addresses: the API filters by no province. */
            provinceName: z.string().min(2),
            /** The province's code in the code table, for products the sync adds. */
            provinceCode: z.string().regex(/^\d{2}$/u, 'two digits, e.g. "45"'),
            pageSize: z.number().int().min(1).max(100).default(50),
            /** When the queue engine syncs (cron, Asia/Ho_Chi_Minh): Mondays at 02:00. */
            schedule: z.string().min(9).default('0 2 * * 1'),
            /** Removals held when more than this share of the province's products go at once. */
            maxRemovalShare: z.number().min(0).max(1).default(0.1),
          })
          .optional(),
      })
      .prefault({}),
    /** Who sends the report upward: its header and the open data's publisher. */
    report: z
      .object({
        department: z.string().trim().min(3).max(200).default('Sở Công Thương'),
        /** The province as the date line names it ("Hà Tĩnh, ngày 05 tháng 01 năm 2026"). */
        province: z.string().trim().min(2).max(100).optional(),
        /** The agency above the department, printed in capitals above it ("UBND tỉnh Hà Tĩnh"). */
        parentAgency: z.string().trim().min(3).max(200).optional(),
        /** The sign after the document's number: "Số: 12/BC-SCT". */
        documentCode: z
          .string()
          .trim()
          .regex(/^[A-ZĐ0-9]+(-[A-ZĐ0-9]+)*$/u, 'capitals and hyphens, e.g. "BC-SCT"')
          .default('BC-SCT'),
        /** "Nơi nhận", one entry a line ("UBND tỉnh (để báo cáo)", …, "Lưu: VT, QLTM"). */
        recipients: z.array(z.string().trim().min(2).max(200)).max(20).default(['UBND tỉnh (để báo cáo)', 'Lưu: VT']),
        /** The signature block: the authority line ("KT. GIÁM ĐỐC"), the title and the name of who signs. */
        signer: z
          .object({
            authority: z.string().trim().min(2).max(100).optional(),
            title: z.string().trim().min(2).max(100).default('Giám đốc'),
            name: z.string().trim().max(100).default(''),
          })
          .prefault({}),
      })
      .prefault({}),
    /** Open data for the province's portal, published without login under /open-data/ once enabled. */
    openData: z
      .object({
        enabled: z.boolean().default(false),
        /** The dashboard's public address, e.g. https://ocop.soct.hatinh.gov.vn (DCAT needs absolute addresses). */
        baseUrl: z.url().optional(),
        licence: z
          .object({
            name: z.string().trim().min(2).max(100).default('CC BY 4.0'),
            url: z.url().default('https://creativecommons.org/licenses/by/4.0/'),
          })
          .prefault({}),
        /** Past days the catalogue lists (every kept day stays downloadable by its address). */
        historyDays: z.number().int().min(1).max(3660).default(365),
      })
      .prefault({})
      .refine((o) => !o.enabled || o.baseUrl, {
        message: 'openData.baseUrl is needed once openData.enabled is true',
        path: ['baseUrl'],
      }),
    /** PostgreSQL URL (env DATABASE_URL); without it the store is PGlite under dataDir. */
    databaseUrl: z.string().url().optional(),
    dataDir: z.string().min(1).default('./data/pglite'),
    /** `--new-store`: create an empty embedded store at dataDir even where a store exists elsewhere (store-elsewhere.ts). */
    newStore: z.boolean().default(false),
    log: z
      .object({ level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'silent']).default('info') })
      .prefault({}),
  })
  .superRefine((config, context) => {
    const sources = (['shopee', 'lazada', 'tiktok'] as const).filter((name) => config.sellers[name]);
    if (sources.length > 0) {
      if (!config.sellers.tokenKey)
        context.addIssue({
          code: 'custom',
          path: ['sellers', 'tokenKey'],
          message: 'a seller source keeps tokens sealed: set OCOP_SELLER_TOKEN_KEY (32 bytes, openssl rand -hex 32)',
        });
      else
        try {
          sellerTokenKey(config.sellers.tokenKey);
        } catch (error) {
          context.addIssue({ code: 'custom', path: ['sellers', 'tokenKey'], message: (error as Error).message });
        }
    }
    const names = { shopee: 'Shopee', lazada: 'Lazada', tiktok: 'TikTok Shop' } as const;
    for (const name of sources)
      if (!config.marketplaces[name].enabled)
        context.addIssue({
          code: 'custom',
          path: ['marketplaces', name, 'enabled'],
          message: `the ${names[name]} seller source reads ${names[name]}'s listings: enable marketplaces.${name}`,
        });
    // A control page, or a removed sample, must be a product page of its marketplace, or it would
    // control nothing.
    const entries = (['controlUrls', 'removedSamples'] as const).flatMap((key) =>
      Object.entries(config.monitor[key]).map(([marketplace, urls]) => ({ key, marketplace, urls })),
    );
    if (entries.length === 0) return;
    let adapters: ReturnType<typeof createAdapters>;
    try {
      adapters = createAdapters(config.marketplaces);
    } catch {
      return; // the marketplaces' own errors are reported on their keys
    }
    for (const { key, marketplace, urls } of entries) {
      const adapter = adapters.find((candidate) => candidate.id === marketplace);
      urls.forEach((url, index) => {
        if (adapter?.parseRef(url)) return;
        context.addIssue({
          code: 'custom',
          path: ['monitor', key, marketplace, index],
          message: adapter
            ? `${url} is not a product page of ${marketplace}`
            : `${marketplace} is not an enabled marketplace (${adapters.map((a) => a.id).join(', ')})`,
        });
      });
    }
  });
export type Config = z.output<typeof configSchema>;
