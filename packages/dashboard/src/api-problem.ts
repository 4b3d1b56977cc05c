import type { Words } from '@ocop-monitor/monitor';
import { z } from 'zod';
import type { Lang } from './layout.ts';

const LOCALES = { vi: z.locales.vi(), en: z.locales.en() } as const;

/** Each field a JSON body may carry, as a person names it (the field's own name follows in brackets). */
const FIELD_NAMES: Readonly<Record<string, Words>> = {
  action: { vi: 'Việc cần làm', en: 'What to do' },
  note: { vi: 'Ghi chú', en: 'Note' },
  until: { vi: 'Hoãn đến', en: 'Snooze until' },
};
const BODY: Words = { vi: 'Nội dung gửi lên', en: 'The request body' };

/** What to write instead, where zod's own words would not say it (a date's shape). */
const HINTS: Readonly<Record<string, Words>> = {
  until: { vi: 'hãy ghi ngày dạng yyyy-mm-dd, ví dụ 2027-01-31', en: 'write the date as yyyy-mm-dd, e.g. 2027-01-31' },
};

export type ApiParse<T> = { data: T; problem: null } | { data: null; problem: { error: string; fields: string[] } };

/**
 * A JSON body read against its schema, in the caller's language: each problem is a sentence that
 * names the field ("Hoãn đến (until): …"), zod's messages in Vietnamese through its own
 * locale; `fields` lists the fields at fault for a program.
 */
export function parseApiBody<T>(schema: z.ZodType<T>, body: unknown, lang: Lang): ApiParse<T> {
  const parsed = schema.safeParse(body, { error: LOCALES[lang].localeError });
  if (parsed.success) return { data: parsed.data, problem: null };
  const sentences = parsed.error.issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    const name = field ? `${FIELD_NAMES[field]?.[lang] ?? field} (${field})` : BODY[lang];
    const hint = HINTS[field]?.[lang];
    return `${name}: ${issue.message}${hint ? ` — ${hint}` : ''}.`;
  });
  return {
    data: null,
    problem: {
      error: sentences.join(' '),
      fields: [...new Set(parsed.error.issues.map((issue) => issue.path.map(String).join('.')))],
    },
  };
}
