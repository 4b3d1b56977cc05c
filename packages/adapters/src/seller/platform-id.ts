import { z } from 'zod';

const readId = (id: unknown): string | null =>
  typeof id === 'string' && /^\d{1,25}$/u.test(id)
    ? id
    : typeof id === 'number' && Number.isSafeInteger(id) && id >= 0
      ? String(id)
      : null;

/**
 * An item's, a shop's or a seller's id as a platform sends it — digits as text, or a JSON number.
 * A number past 2^53 has already lost digits when the answer was parsed (9007199254740993 reads as
 * …992, another item's id), so it is refused, never rounded into someone else's id.
 */
export const platformIdSchema = z.unknown().transform((id, context) => {
  const read = readId(id);
  if (read === null) {
    context.addIssue({ code: 'custom', message: 'not an id of digits (a number past 2^53 has lost its digits)' });
    return z.NEVER;
  }
  return read;
});

/** The same, where one unreadable id leaves out its entry (`null`) rather than refusing the whole answer. */
export const platformIdOrNullSchema = z.unknown().transform(readId);
