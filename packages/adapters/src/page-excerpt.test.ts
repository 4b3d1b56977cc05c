import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pageExcerpt } from './page-excerpt.ts';

describe('pageExcerpt: what a reviewer reads of a page that was not a listing on sale', () => {
  it('gives the title and the start of the visible text of a real voso page, without scripts or markup', () => {
    const real = readFileSync(new URL('./voso/fixtures/real-2021-product-p101533.html', import.meta.url), 'utf8');
    const excerpt = pageExcerpt(real) ?? '';
    expect(excerpt.length).toBeLessThanOrEqual(300);
    expect(excerpt).toMatch(/P101533 \| Sàn thương mại điện tử/u); // the page's <title>
    expect(excerpt).not.toMatch(/[<>]|var product|function\s*\(/u);
  });

  it('reads a removal notice with its entities decoded, and the start of a JSON answer as it is', () => {
    const notice =
      '<html><head><title>Thông báo</title><script>var x = "<b>";</script></head><body><div class="msg">Sản phẩm này không tồn tại hoặc đã bị xóa &amp; ngừng bán</div></body></html>';
    expect(pageExcerpt(notice)).toBe('Thông báo · Sản phẩm này không tồn tại hoặc đã bị xóa & ngừng bán');
    expect(pageExcerpt('{"error":90309999,"msg":"blocked"}')).toBe('{"error":90309999,"msg":"blocked"}');
    expect(pageExcerpt('   ')).toBeNull();
  });
});
