import { describe, expect, it } from 'vitest';
import { buyerAddress } from './buyer-address.ts';

describe('the address a buyer opens', () => {
  it("Tiki's API address becomes its product page, with the seller's offer", () => {
    expect(buyerAddress('https://tiki.vn/api/v2/products/27461234?spid=27461235')).toBe(
      'https://tiki.vn/p27461234.html?spid=27461235',
    );
    expect(buyerAddress('https://api.tiki.vn/api/v2/products/5')).toBe('https://tiki.vn/p5.html');
  });
  it('a product page stays as it is', () => {
    expect(buyerAddress('https://voso.vn/san-pham/tra-shan-tuyet-123')).toBe(
      'https://voso.vn/san-pham/tra-shan-tuyet-123',
    );
    expect(buyerAddress('not a url')).toBe('not a url');
  });
});
