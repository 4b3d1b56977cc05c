import { fileURLToPath } from 'node:url';
import { answerSays, fingerprintOf } from '@ocop-monitor/adapters';
import { type ProviderSimulators, SANDBOX_NOT_FOUND_PAGES, SANDBOX_PROVIDER_CREDENTIALS } from '@ocop-monitor/sandbox';
import { readYaml } from './config/load.ts';

const EXAMPLE_FLOOR = fileURLToPath(new URL('../../config/floors/quangtri.yaml', import.meta.url));

/** Each simulated marketplace's not-found page, kept as an operator keeps a captured one. */
const kept = (kind: keyof typeof SANDBOX_NOT_FOUND_PAGES) => {
  const page = SANDBOX_NOT_FOUND_PAGES[kind];
  const says = answerSays(page.body);
  return [{ ...fingerprintOf(page), ...(says ? { says } : {}), learnedFrom: `the sandbox's ${kind} not-found page` }];
};

/**
 * The configuration layer that points every adapter at a running sandbox: politeness off (it is
 * a local simulator, not a marketplace), each marketplace's own not-found answer kept, and the
 * sandbox's provincial floor read with the layout of the shipped example province,
 * config/floors/quangtri.yaml.
 */
export function sandboxConfigLayer(
  baseUrls: Readonly<Record<'voso' | 'postmart' | 'floor' | 'tiki', string>>,
  registryUrl?: string,
): unknown {
  const floor = readYaml(EXAMPLE_FLOOR) as Record<string, unknown>;
  return {
    http: {
      minIntervalMs: 0,
      jitterMs: 0,
      maxInFlight: 64,
      // A local simulator answers in milliseconds: a hung request is known after 0.8 s.
      headersTimeoutMs: 800,
      bodyTimeoutMs: 800,
      totalTimeoutMs: 3_000,
      retries: 1,
      retryMinDelayMs: 50,
      retryMaxDelayMs: 200,
    },
    // More checks in flight: a 1 s Retry-After pause on one simulated host must not idle the rest.
    monitor: { checkConcurrency: 32 },
    // The queue engine against a simulator: no per-marketplace limiter worth the name, short pauses.
    queue: {
      blockedBackoffMs: 500,
      marketplaces: { default: { concurrency: 16, limiterMax: 1_000, limiterDurationMs: 1_000 } },
    },
    // The sandbox province's department heads the report upward.
    report: {
      department: 'Sở Công Thương tỉnh Quảng Trị (sandbox)',
      province: 'Quảng Trị',
      parentAgency: 'UBND tỉnh Quảng Trị',
      signer: { authority: 'KT. Giám đốc', title: 'Phó Giám đốc', name: 'Nguyễn Văn Demo' },
    },
    // The sandbox's national registry: its province is Quảng Trị (code 45).
    ...(registryUrl
      ? { registry: { national: { baseUrl: registryUrl, provinceName: 'Quảng Trị', provinceCode: '45' } } }
      : {}),
    marketplaces: {
      voso: { baseUrl: baseUrls.voso, notFoundAnswers: kept('voso') },
      postmart: { baseUrl: baseUrls.postmart, notFoundAnswers: kept('postmart') },
      tiki: { baseUrl: baseUrls.tiki, notFoundAnswers: kept('tiki') },
      floors: [
        {
          ...floor,
          id: 'floor-sandbox',
          displayName: 'Sàn TMĐT (sandbox)',
          baseUrl: baseUrls.floor,
          layout: { ...(floor.layout as object), notFoundAnswers: kept('floor') },
        },
      ],
    },
  };
}

/**
 * Notifications against the sandbox's simulated providers: ZNS first, SMS, e-mail, and one
 * department recipient for the digest.
 */
export function sandboxNotifyLayer(providers: ProviderSimulators): Record<string, unknown> {
  return {
    enabled: true,
    zns: {
      apiUrl: providers.zns.url,
      oauthUrl: providers.zns.url,
      ...SANDBOX_PROVIDER_CREDENTIALS.zns,
      templates: { listing_delisted: '301001', zero_sales: '301002', out_of_stock: '301003' },
    },
    sms: { apiUrl: providers.sms.url, ...SANDBOX_PROVIDER_CREDENTIALS.sms, brandname: 'SOCONGTHUONG' },
    email: {
      host: providers.smtp.host,
      port: providers.smtp.port,
      ignoreTLS: true,
      from: 'giam-sat-ocop@soct.sandbox',
    },
    department: [{ name: 'Sở Công Thương (sandbox)', email: 'phong-qltm@soct.sandbox' }],
  };
}
