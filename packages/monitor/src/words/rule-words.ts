import type { Lang, Words } from './words.ts';

/**
 * A removal rule (an observation's `matchedRule`) as the sentence a reviewer reads: what the
 * marketplace showed, with `{where}` the marketplace's name. Rules carry the adapter's id as a
 * prefix (`voso.redirect`, `dongthap.notice`), so they are matched by what follows it.
 */
const RULE_SENTENCES: ReadonlyArray<{ test: RegExp; words: Words }> = [
  // The seller's own record, read through the marketplace's open platform (provenance `authoritative`).
  {
    test: /-seller\.item\.UNLIST$/u,
    words: {
      vi: 'Chính người bán đã ẩn sản phẩm trên {where} (theo dữ liệu của shop): không nhắn cho chủ thể',
      en: 'The seller hid the item on {where} themself (their shop record): the producer is not messaged',
    },
  },
  {
    test: /-seller\.item\.SELLER_DELETE$/u,
    words: {
      vi: 'Người bán đã xoá sản phẩm trên {where} (theo dữ liệu của shop)',
      en: 'The seller deleted the item on {where} (their shop record)',
    },
  },
  {
    test: /-seller\.item\.BANNED$/u,
    words: { vi: '{where} đã khoá sản phẩm (theo dữ liệu của shop)', en: '{where} banned the item (the shop record)' },
  },
  {
    test: /-seller\.item\.[A-Z]+_DELETE$/u,
    words: { vi: '{where} đã xoá sản phẩm (theo dữ liệu của shop)', en: '{where} deleted the item (the shop record)' },
  },
  {
    test: /\.not-found$/u,
    words: {
      vi: '{where} trả lời đúng trang “không tìm thấy sản phẩm” của chính sàn cho địa chỉ này, như với một sản phẩm không hề có',
      en: '{where} answers this address with its own not-found page, as it does for a product that never existed',
    },
  },
  {
    test: /\.seller-offer-gone$/u,
    words: {
      vi: '{where} chỉ còn hiện hàng của người bán khác: tin đăng của người bán này không còn',
      en: "{where} shows another seller's offer only: this seller's listing is gone",
    },
  },
  {
    // Observations kept from before the not-found answer was recognised (any 404/410 then counted).
    test: /^http\.(404|410)$/u,
    words: {
      vi: '{where} trả lời mã {1}: không còn trang sản phẩm này',
      en: '{where} answered {1}: this product page no longer exists',
    },
  },
  {
    test: /\.inventory_status=discontinued$/u,
    words: { vi: '{where} báo sản phẩm đã ngừng kinh doanh', en: '{where} reports the product discontinued' },
  },
  {
    test: /\.record\.activated=0$/u,
    words: { vi: '{where} báo tin đăng đã bị tắt', en: '{where} reports the listing switched off' },
  },
  {
    test: /\.record\.reject=1$/u,
    words: { vi: '{where} báo tin đăng bị từ chối', en: '{where} reports the listing rejected' },
  },
  {
    test: /\.redirect$/u,
    words: {
      vi: 'Địa chỉ sản phẩm chuyển về trang chủ hoặc trang tìm kiếm của {where}',
      en: "The product's address now leads to {where}'s home or search page",
    },
  },
  {
    test: /\.(removal-message|message)$/u,
    words: {
      vi: 'Trang của {where} không còn sản phẩm và báo sản phẩm không còn bán',
      en: "{where}'s page shows no product and says it is no longer sold",
    },
  },
  {
    test: /\.notice$/u,
    words: {
      vi: 'Trang sản phẩm trên {where} hiện thông báo ngừng bán',
      en: 'The product page on {where} shows a removal notice',
    },
  },
  // A seller's own record (Shopee's seller API, read with the producer's consent).
  {
    test: /\.item\.UNLIST$/u,
    words: {
      vi: 'Hồ sơ người bán trên {where} ghi: người bán đã ẩn sản phẩm',
      en: "The seller's record on {where} says: the seller hid the item",
    },
  },
  {
    test: /\.item\.SELLER_DELETE$/u,
    words: {
      vi: 'Hồ sơ người bán trên {where} ghi: người bán đã xoá sản phẩm',
      en: "The seller's record on {where} says: the seller deleted the item",
    },
  },
  {
    test: /\.item\.(BANNED|SHOPEE_DELETE)$/u,
    words: {
      vi: 'Hồ sơ người bán trên {where} ghi: sàn đã khoá hoặc xoá sản phẩm',
      en: "The seller's record on {where} says: the marketplace banned or deleted the item",
    },
  },
  {
    test: /\.jsonld\.availability=Discontinued$/u,
    words: {
      vi: 'Dữ liệu sản phẩm trong trang {where} ghi: ngừng kinh doanh',
      en: "The product data in {where}'s page says: discontinued",
    },
  },
];

/** The rule in words, or `null` for a rule the catalogue does not know (the caller shows the code). */
export function ruleInWords(rule: string, where: string, lang: Lang): string | null {
  for (const { test, words } of RULE_SENTENCES) {
    const match = test.exec(rule);
    if (match) return words[lang].replaceAll('{where}', where).replaceAll('{1}', match[1] ?? '');
  }
  return null;
}
