import type { Lang, Words } from './words.ts';

/** A removal by a rule of the marketplace's own state (its data says so, no page is interpreted). */
const STATE: Words = {
  vi: 'Chính dữ liệu của {where} ghi sản phẩm ở trạng thái đã gỡ hoặc ngừng bán; đây không phải suy ra từ một trang lỗi',
  en: "{where}'s own data records the product as removed or discontinued; nothing is inferred from an error page",
};

/**
 * Why a removal rule (an observation's `matchedRule`) counts as evidence, per kind of rule, for a
 * rule seen on the real marketplace. Rules carry the adapter's id as a prefix, matched by what follows.
 */
const WHY_SEEN: ReadonlyArray<{ test: RegExp; words: Words }> = [
  {
    test: /\.not-found$/u,
    words: {
      vi: '{where} trả lời địa chỉ này bằng đúng trang “không tìm thấy” đã ghi lại từ chính sàn, giống câu trả lời cho một địa chỉ không có sản phẩm nào; một trang lỗi khác, một trang bị chặn hay quá hạn thì không được tính',
      en: '{where} answers this address with exactly the not-found page recorded from the marketplace itself, the answer an address without any product gets; another error page, a block or a timeout is not counted',
    },
  },
  { test: /\.(inventory_status=discontinued|record\.activated=0|record\.reject=1)$/u, words: STATE },
  { test: /\.jsonld\.availability=Discontinued$/u, words: STATE },
  {
    test: /\.seller-offer-gone$/u,
    words: {
      vi: 'Trang sản phẩm vẫn còn nhưng {where} chỉ liệt kê người bán khác: chính sàn cho thấy người bán này không còn bán',
      en: 'The product page remains but {where} lists other sellers only: the marketplace itself shows this seller no longer sells it',
    },
  },
  {
    test: /\.notice$/u,
    words: {
      vi: 'Thông báo ngừng bán nằm ngay trong khung thông tin sản phẩm, đúng chỗ {where} đặt thông báo này cho sản phẩm bị gỡ; chữ tương tự ở quảng cáo hay chỗ khác trên trang thì không được tính',
      en: "The removal notice sits in the product's own box, where {where} puts it for a removed product; similar words in an advert or elsewhere on the page are not counted",
    },
  },
  {
    test: /\.(removal-message|message)$/u,
    words: {
      vi: 'Trang không còn khung sản phẩm mà chỉ còn lời báo của {where} rằng sản phẩm không còn bán',
      en: "The page no longer has the product's box, only {where}'s message that it is no longer sold",
    },
  },
  {
    test: /\.redirect$/u,
    words: {
      vi: '{where} chuyển địa chỉ sản phẩm về đúng trang sàn dùng cho sản phẩm đã gỡ; chuyển sang trang đăng nhập, trang kiểm tra “không phải người máy” hay một sản phẩm khác thì không được tính',
      en: "{where} sends the product's address to the very page it uses for removed products; a redirect to a login, a robot check or another product is not counted",
    },
  },
  {
    test: /^http\.(404|410)$/u,
    words: {
      vi: 'Mã trả lời này được ghi trước khi hệ thống biết trang “không tìm thấy” của sàn; hãy mở tin đăng để chắc chắn',
      en: "This answer was recorded before the system knew the marketplace's not-found page; open the listing to be sure",
    },
  },
];

const ASSUMED: Words = {
  vi: 'Dấu hiệu này mới là giả định, chưa từng được thấy trên trang thật của {where}: đây chỉ là nghi vấn, cần một người mở tin đăng để xác nhận',
  en: 'This sign is assumed, never seen on the real {where}: it is only a suspicion, for a person to confirm by opening the listing',
};

const AUTHORITATIVE: Words = {
  vi: 'Đây là hồ sơ của chính người bán trên {where}, đọc với sự đồng ý của chủ thể: sàn ghi rõ trạng thái sản phẩm, không phải suy ra từ trang',
  en: "This is the seller's own record on {where}, read with the producer's consent: the marketplace states the product's status, nothing is inferred from a page",
};

const SEEN_OTHER: Words = {
  vi: 'Đây là cách {where} cho biết một tin đăng đã bị gỡ, đã thấy trên trang thật của sàn',
  en: 'This is how {where} shows a removed listing, as seen on the real marketplace',
};

const SAME_RUN: Words = {
  vi: '; trong cùng lượt, sàn vẫn trả lời bình thường cho các tin đăng khác.',
  en: '; in the same run the marketplace answered other listings normally.',
};

/**
 * "Why it counts", the sentence under an alert's evidence: by the rule's provenance first (an
 * assumed rule is only a suspicion; a seller's record is the seller's word), then by the rule.
 */
export function whyItCounts(rule: string, provenance: unknown, where: string, lang: Lang): string {
  const fill = (words: Words) => words[lang].replaceAll('{where}', where);
  if (provenance === 'assumed') return `${fill(ASSUMED)}.`;
  if (provenance === 'authoritative') return `${fill(AUTHORITATIVE)}.`;
  const seen = WHY_SEEN.find(({ test }) => test.test(rule))?.words ?? SEEN_OTHER;
  return `${fill(seen)}${SAME_RUN[lang]}`;
}
