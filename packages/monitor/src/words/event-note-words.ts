import { formatDateTime } from './vietnamese-format.ts';
import { ALERT_TYPE_WORDS, type Lang, type Words } from './words.ts';

const kind = (type: string, lang: Lang) => ALERT_TYPE_WORDS[type]?.[lang] ?? type;

/**
 * The notes the system writes into an alert's history (in English, with codes, as stored since
 * the first release) and the parts it adds to a person's note, each as a sentence in the reader's
 * language. Alert numbers are left out: the page links the alerts themselves.
 */
const NOTES: ReadonlyArray<{ test: RegExp; say: (match: RegExpExecArray, lang: Lang) => string }> = [
  {
    test: /^condition cleared$/u,
    say: (_, lang) =>
      ({
        vi: 'Tình trạng đã hết: lượt kiểm tra không còn thấy điều đã gây ra cảnh báo',
        en: 'The condition cleared: the run no longer found what raised the alert',
      })[lang],
  },
  {
    test: /^the listing is delisted: (\w+)(?: #\d+)?$/u,
    say: (match, lang) =>
      ({
        vi: `Tin đăng được xác nhận bị gỡ: chuyển sang cảnh báo “${kind(match[1] ?? '', 'vi')}”`,
        en: `The listing was confirmed removed: carried on as the “${kind(match[1] ?? '', 'en')}” alert`,
      })[lang],
  },
  {
    test: /^confirmed from possible removal(?: #\d+)?$/u,
    say: (_, lang) =>
      ({
        vi: `Xác nhận từ cảnh báo “${kind('listing_possibly_removed', 'vi')}”`,
        en: `Confirmed from the “${kind('listing_possibly_removed', 'en')}” alert`,
      })[lang],
  },
  {
    test: /^held evidence of (\d+) run\(s\) took effect for (\d+) listing\(s\)$/u,
    say: (match, lang) =>
      ({
        vi: `Bằng chứng được giữ lại của ${match[1]} lượt kiểm tra đã được áp dụng cho ${match[2]} tin đăng`,
        en: `Held evidence of ${match[1]} run(s) took effect for ${match[2]} listing(s)`,
      })[lang],
  },
  {
    test: /^until (\d{4}-\d{2}-\d{2}T[\d:.]+Z)$/u,
    say: (match, lang) =>
      `${({ vi: 'tạm hoãn đến', en: 'snoozed until' } satisfies Words)[lang]} ${formatDateTime(match[1] ?? '')}`,
  },
];

/**
 * An alert history note as a person reads it: each part the system wrote (parts are joined by
 * "; ") in words, what a person typed as typed. Nothing is hidden: an unknown part stays as stored.
 */
export function eventNoteInWords(note: string | null, lang: Lang): string {
  if (!note) return '';
  return note
    .split('; ')
    .map((part) => {
      for (const { test, say } of NOTES) {
        const match = test.exec(part);
        if (match) return say(match, lang);
      }
      return part;
    })
    .join('; ');
}
