import type { Lang } from './layout.ts';

/** A refusal page's title: what happened, not a number. */
const TITLES: Readonly<Record<number, { vi: string; en: string }>> = {
  400: { vi: 'Yêu cầu chưa đúng', en: 'Bad request' },
  403: { vi: 'Không có quyền', en: 'Not allowed' },
  404: { vi: 'Không tìm thấy', en: 'Not found' },
  413: { vi: 'Nội dung quá lớn', en: 'Too large' },
  415: { vi: 'Không nhận loại nội dung này', en: 'Unsupported content' },
  422: { vi: 'Chưa làm được', en: 'Not done' },
  429: { vi: 'Quá nhiều lần thử', en: 'Too many tries' },
  500: { vi: 'Lỗi máy chủ', en: 'Server error' },
};

export const statusTitle = (status: number, lang: Lang) => TITLES[status]?.[lang] ?? String(status);

/** Fastify's own refusals (a body too large, JSON that does not parse) in the person's words. */
const FASTIFY_PROBLEMS: Readonly<Record<string, { vi: string; en: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { vi: 'Nội dung gửi lên quá lớn.', en: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    vi: 'Máy chủ không nhận loại nội dung này.',
    en: 'This content type is not accepted.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { vi: 'Nội dung gửi lên bị trống.', en: 'The JSON body is empty.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { vi: 'Độ dài nội dung không khớp.', en: 'The content length does not match.' },
};

/** A 4xx raised outside a route, in words; English keeps the library's own message. */
export function requestProblem(error: Error & { code?: string }, status: number, lang: Lang): string {
  if (lang === 'en') return error.message;
  const known = error.code ? FASTIFY_PROBLEMS[error.code] : undefined;
  if (known) return known.vi;
  if (error instanceof SyntaxError) return 'Dữ liệu gửi lên không đọc được.';
  return status === 413 ? 'Nội dung gửi lên quá lớn.' : 'Yêu cầu gửi lên không đúng dạng.';
}
