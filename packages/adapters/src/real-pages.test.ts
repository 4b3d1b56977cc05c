import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createBuyerPageAdapter } from './buyer-pages/adapters.ts';
import { detectBlockPage, detectRegionPage } from './landing-page.ts';
import { createPostmartAdapter } from './postmart/adapter.ts';
import { createProvincialFloorAdapter } from './provincial-floor/adapter.ts';
import type { ProvincialFloorOptions } from './provincial-floor/options.ts';
import { oneAnswerClient } from './testing/one-answer-client.ts';
import { createTikiAdapter } from './tiki/adapter.ts';
import { createVosoAdapter } from './voso/adapter.ts';

/**
 * The real block answers in fixtures/real/blocked (Shopee's 90309999, Alibaba's punish captcha that
 * Lazada runs, TikTok's verify page and its "not for sale in the region"): whatever status they come
 * with and whichever adapter asks, each is `unknown/blocked` — never a removal, never a layout change.
 */
const folder = new URL('../fixtures/real/blocked/', import.meta.url);
/** A note file quotes the answer among its comments (`#` lines) and an "HTTP 200" line: the rest is the body. */
const bodyOf = (name: string) => {
  const text = readFileSync(new URL(name, folder), 'utf8');
  if (!name.endsWith('.txt')) return text;
  return text
    .split('\n')
    .filter((line) => !line.startsWith('#') && !/^HTTP \d{3}$/u.test(line.trim()))
    .join('\n');
};
const BLOCKED = readdirSync(folder).map((name) => ({ name, body: bodyOf(name) }));

const BASE = 'https://market.example';
const quangTri = parse(
  readFileSync(new URL('../../../config/floors/quangtri.yaml', import.meta.url), 'utf8'),
) as ProvincialFloorOptions;
const ADAPTERS = [
  { adapter: createVosoAdapter({ baseUrl: BASE }), path: '/tra-sen-p101533.html' },
  { adapter: createPostmartAdapter({ baseUrl: BASE }), path: '/p/mat-ong-20417.html' },
  { adapter: createTikiAdapter({ baseUrl: BASE }), path: '/tra-sen-p184036446.html?spid=184036447' },
  { adapter: createProvincialFloorAdapter({ ...quangTri, baseUrl: BASE }), path: '/san-pham/che-vang-1523.html' },
  // The buyer pages of the marketplaces these blocks come from.
  { adapter: createBuyerPageAdapter('shopee', { baseUrl: BASE }), path: '/che-vang-cam-lo-i.50123.2345678901' },
  { adapter: createBuyerPageAdapter('lazada', { baseUrl: BASE }), path: '/products/che-vang-i1234567-s7654321.html' },
  { adapter: createBuyerPageAdapter('tiktok', { baseUrl: BASE }), path: '/view/product/1731171796518080838' },
];

describe('the real block answers are blocked, whatever their status, for every adapter', () => {
  it('finds every file of the folder', () => {
    expect(BLOCKED.map((b) => b.name).sort()).toEqual([
      'alibaba-punish-2021.html',
      'shopee-90309999-2024.json',
      'shopee-90309999-2026.txt',
      'tiktok-shop-geo-restricted.txt',
      'tiktok-verify-2020.html',
    ]);
  });

  for (const { name, body } of BLOCKED) {
    it(`${name}: a block or region answer by the detector`, () => {
      expect(detectBlockPage(body) ?? detectRegionPage(body)).not.toBeNull();
    });

    for (const status of [200, 403, 404, 410]) {
      it(`${name} with HTTP ${status} reads unknown/blocked on every marketplace`, async () => {
        for (const { adapter, path } of ADAPTERS) {
          const ref = adapter.parseRef(`${BASE}${path}`);
          if (!ref) throw new Error(`${adapter.id} does not read ${path}`);
          const observation = await adapter.check(ref, { http: oneAnswerClient(status, body) });
          expect(observation, adapter.id).toMatchObject({ verdict: 'unknown', reason: 'blocked' });
        }
      });
    }
  }
});

describe('real product answers are not block pages', () => {
  it.for([
    ['sendo-2022/product-34406369.json'],
    ['tiki-2025/product-276614493.json'],
    ['floor-hatinh-2021/nhung-huou-huong-son-say-kho-100g.html'],
    ['floor-hatinh-2021/no_data.html'],
  ] as const)('%s', ([path]) => {
    const body = readFileSync(new URL(`../fixtures/real/${path}`, import.meta.url), 'utf8');
    expect(detectBlockPage(body)).toBeNull();
    expect(detectRegionPage(body)).toBeNull();
  });

  it('voso’s real page, which loads captcha.js and Cloudflare’s e-mail script, is not one either', () => {
    const body = readFileSync(new URL('./voso/fixtures/real-2021-product-p101533.html', import.meta.url), 'utf8');
    expect(detectBlockPage(body)).toBeNull();
  });
});
