import { describe, expect, it } from 'vitest';
import { netQuantity, scoreCandidate } from './score-candidate.ts';

const product = { name: 'Mật ong bạc hà Hướng Hóa 500g', producer: 'HTX Nông sản Hướng Hóa', stars: 4 };
const card = { title: 'Mật ong bạc hà Hướng Hóa 500g', shopName: 'HTX Nông sản Hướng Hóa', ocopStars: 4 };

describe('scoring a search result against a registry product', () => {
  it('the product from its producer scores 1, whatever the accents, case or packing words', () => {
    expect(scoreCandidate(product, card).score).toBe(1);
    expect(
      scoreCandidate(product, { ...card, title: 'MAT ONG BAC HA HUONG HOA hũ 500 g', shopName: 'Nông sản Hướng Hóa' })
        .score,
    ).toBe(1);
  });

  it('look-alikes score low: a reseller, another quantity, other stars, another legal form, another product of the producer', () => {
    const look = (change: Partial<typeof card>) => scoreCandidate(product, { ...card, ...change });
    expect(look({ shopName: 'Cửa hàng đặc sản Quảng Bình' }).score).toBeLessThan(0.85);
    expect(look({ title: 'Mật ong bạc hà Hướng Hóa 1kg' }).reasons.quantity).toBe('other');
    expect(look({ title: 'Mật ong bạc hà Hướng Hóa 1kg' }).score).toBeLessThan(0.5);
    expect(look({ ocopStars: 3 }).score).toBeLessThan(0.85);
    expect(look({ shopName: 'Công ty Nông sản Hướng Hóa' }).score).toBeLessThan(0.85);
    expect(look({ title: 'Nghệ mật ong Hướng Hóa' }).score).toBeLessThan(0.85);
  });

  it('reads net quantities in their usual spellings', () => {
    expect(['500 g', '0,5kg', '500gr', 'hộp 500G'].map(netQuantity)).toEqual(['500g', '500g', '500g', '500g']);
    expect(['1 lít', '1l', '1000ml'].map(netQuantity)).toEqual(['1000ml', '1000ml', '1000ml']);
    expect(netQuantity('Mật ong bạc hà')).toBeNull();
  });
});
