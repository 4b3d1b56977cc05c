import { createLazadaSellerSource, createShopeeSellerSource, createTiktokSellerSource } from '@ocop-monitor/adapters';
import type { ConsentView } from '@ocop-monitor/monitor';
import { describe, expect, it } from 'vitest';
import { invitationPage, thankYouPage } from './consent-pages.ts';
import type { Raw } from './html.ts';

const consent = { producerName: 'HTX Cửa Hội', invitedAt: '2026-12-01T02:00:00Z' } as unknown as ConsentView;
const text = (page: Raw) => page.value.replace(/<[^>]+>/gu, ' ').replace(/\s+/gu, ' ');

// Each source declares what its record gives; the producer is promised only that.
const sources = [
  ['Shopee', createShopeeSellerSource({ partnerId: 1, partnerKey: 'k' }), true],
  ['Lazada', createLazadaSellerSource({ appKey: '1', appSecret: 's' }), false],
  ['TikTok Shop', createTiktokSellerSource({ appKey: '1', appSecret: 's', serviceId: '1' }), false],
] as const;

describe('the producer is promised the number sold only where the marketplace has one', () => {
  it.each(sources)('%s', (where, source, sales) => {
    const reads = source.reads?.sales === true;
    expect(reads).toBe(sales);
    const invitation = text(invitationPage('vi', consent, 'Sở Công Thương', where, reads));
    const thanks = text(thankYouPage('vi', 'Sở Công Thương', where, reads));
    expect(invitation).toContain('Số lượng còn trong kho.');
    expect(invitation.includes('Số lượng đã bán.')).toBe(sales);
    expect(thanks.includes('số đã bán')).toBe(sales);
    expect(thanks).toContain(sales ? 'trạng thái, tồn kho và số đã bán' : 'trạng thái và tồn kho');
  });
});
