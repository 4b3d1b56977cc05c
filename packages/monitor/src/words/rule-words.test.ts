import { readFileSync } from 'node:fs';
import {
  createPostmartAdapter,
  createProvincialFloorAdapter,
  createTikiAdapter,
  createVosoAdapter,
  type ProvincialFloorOptions,
} from '@ocop-monitor/adapters';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ALERT_TYPES } from '../rules/types.ts';
import { alertFinding } from './alert-finding.ts';
import { ruleInWords } from './rule-words.ts';
import { ALERT_TYPE_WORDS, marketplaceName } from './words.ts';

const floor = parse(
  readFileSync(new URL('../../../../config/floors/quangtri.yaml', import.meta.url), 'utf8'),
) as ProvincialFloorOptions;
const haTinh = parse(
  readFileSync(new URL('../../../../config/floors/hatinh.yaml', import.meta.url), 'utf8'),
) as ProvincialFloorOptions;
const kept = [{ status: 404, contentType: 'text/html', signature: 'html:000000000000000000000000' }];
// Every rule an adapter may declare: the not-found rule only exists where an answer is kept.
const adapters = [
  createVosoAdapter({ notFoundAnswers: kept }),
  createPostmartAdapter({ notFoundAnswers: kept }),
  createTikiAdapter({ notFoundAnswers: kept }),
  createProvincialFloorAdapter(floor),
  createProvincialFloorAdapter(haTinh),
];

describe('the words a reviewer reads', () => {
  it('every removal rule an adapter declares has a sentence in both languages, naming the marketplace', () => {
    const rules = adapters.flatMap((a) => a.removalRules.map((r) => ({ rule: r.rule, where: a.displayName })));
    expect(rules.map((r) => r.rule)).toEqual(
      expect.arrayContaining([
        'floor-quangtri.redirect',
        'floor-hatinh.not-found',
        'voso.not-found',
        'tiki.seller-offer-gone',
      ]),
    );
    for (const { rule, where } of rules) {
      for (const lang of ['vi', 'en'] as const) {
        const said = ruleInWords(rule, where, lang);
        expect(said, `${rule} in ${lang}`).toContain(where);
        expect(said, `${rule} in ${lang}`).not.toContain(rule);
      }
    }
    expect(ruleInWords('tiki.inventory_status=discontinued', 'Tiki', 'vi')).toBe(
      'Tiki báo sản phẩm đã ngừng kinh doanh',
    );
  });

  it('rules that read no removal (a bounce, a block, a schema change, another product) are never worded as one', () => {
    for (const rule of [
      'http.404-after-redirect',
      'http.404.unrecognised',
      'http.410.unrecognised',
      'http.404.maintenance',
      'http.410.moved',
      'http.404.product-on-sale',
      'page.cut-off',
      'page.moved',
      'landing.region',
      'landing.login',
      'http.403',
      'voso.record-schema',
      'voso.record-other-product',
      'floor-quangtri.other-product',
      'challenge.cloudflare',
      'block.waf',
      'tiki.inventory_status=available',
      'voso.redirect-bounce',
    ])
      expect(ruleInWords(rule, 'voso.vn', 'vi'), rule).toBeNull();
  });

  it('a removal alert whose rule the catalogue does not know says so plainly, without inventing a reason', () => {
    const alert = { type: 'listing_delisted', evidence: { removal: { matchedRule: 'newsite.something' } } };
    expect(alertFinding(alert, 'Sàn mới', 'vi')).toBe('Tin đăng không còn bán trên Sàn mới');
    expect(alertFinding(alert, 'Sàn mới', 'en')).toBe('The listing is no longer sold on Sàn mới');
  });

  it('every alert type has a name and a finding in words', () => {
    for (const type of ALERT_TYPES) {
      expect(ALERT_TYPE_WORDS[type]?.vi, type).toBeTruthy();
      expect(ALERT_TYPE_WORDS[type]?.en, type).toBeTruthy();
      expect(alertFinding({ type, evidence: {} }, 'voso.vn', 'vi'), type).not.toBe(type);
    }
  });

  it('marketplaces go by their display names: configured first, then the built-in ones, the id last', () => {
    expect(marketplaceName('floor-quangtri', adapters)).toBe(floor.displayName);
    expect(marketplaceName('voso')).toBe('voso.vn');
    expect(marketplaceName('floor-unknown')).toBe('floor-unknown');
  });
});
