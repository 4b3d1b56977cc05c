import { describe, expect, it } from 'vitest';
import { pathPattern } from './path-pattern.ts';

const ids = (pattern: string | null, paths: string[]) =>
  paths.map((path) => (pattern ? (new RegExp(pattern, 'u').exec(path)?.groups?.id ?? null) : null));

describe('a product address pattern from a few addresses', () => {
  it.each([
    [
      ['/san-pham/che-vang-cam-lo-1523.html', '/san-pham/mat-ong-88.html'],
      '^/san-pham/(?<slug>[a-z0-9-]+)-(?<id>\\d+)\\.html$',
      ['1523', '88'],
    ],
    [['/tra-sen-p101533.html', '/mat-ong-p2.html'], '^/(?<slug>[a-z0-9-]+)-p(?<id>\\d+)\\.html$', ['101533', '2']],
    [['/product/123', '/product/456'], '^/product/(?<id>\\d+)$', ['123', '456']],
    // The number is the id, wherever it stands; the slug after it is any text.
    [['/sp/123/tra-sen', '/sp/456/mat-ong'], '^/sp/(?<id>\\d+)/[^/]+$', ['123', '456']],
    [
      ['/gian-hang/htx-che-vang-12', '/gian-hang/htx-mat-ong-7/'],
      '^/gian-hang/(?<slug>[a-z0-9-]+)-(?<id>\\d+)/?$',
      ['12', '7'],
    ],
  ])('%j → %s', (paths, pattern, expected) => {
    expect(pathPattern(paths)).toBe(pattern);
    expect(ids(pattern, paths)).toEqual(expected);
  });

  it('keeps what all addresses share, so another section of the site is not read as a product', () => {
    const pattern = pathPattern(['/san-pham/che-vang-1523.html', '/san-pham/mat-ong-88.html']) ?? '';
    expect(new RegExp(pattern, 'u').test('/tin-tuc/hoi-cho-ocop-2026-12.html')).toBe(false);
  });

  it('addresses of different depths have no common shape', () => {
    expect(pathPattern(['/a/b-1', '/a/b/c-2'])).toBeNull();
  });
});
