import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';
import { reportNotes } from '../store/schema.ts';

/** A reporting period is a month, "2026-01". */
export const reportPeriodSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/u, 'a month as YYYY-MM, e.g. 2026-01');

/** What the clerk writes before printing; long enough for a page of text, no longer. */
export const reportNotesSchema = z.object({
  documentNumber: z.string().trim().max(20).default(''),
  assessment: z.string().trim().max(8000).default(''),
  proposals: z.string().trim().max(8000).default(''),
});
export type ReportNotes = z.output<typeof reportNotesSchema>;

const EMPTY: ReportNotes = { documentNumber: '', assessment: '', proposals: '' };

/** The notes of a period; empty ones when nobody has written yet. */
export async function readReportNotes(db: Database, period: string): Promise<ReportNotes> {
  const [row] = await queryRows<{ document_number: string; assessment: string; proposals: string }>(
    db,
    sql`select document_number, assessment, proposals from report_notes where period = ${period}`,
  );
  return row ? { documentNumber: row.document_number, assessment: row.assessment, proposals: row.proposals } : EMPTY;
}

/** Keeps what the clerk wrote for a period (the last save wins), and who wrote it. */
export async function saveReportNotes(
  db: Database,
  period: string,
  notes: ReportNotes,
  userId: number | null,
  at: Date,
): Promise<void> {
  const values = { ...notes, updatedBy: userId, updatedAt: at };
  await db
    .insert(reportNotes)
    .values({ period, ...values })
    .onConflictDoUpdate({ target: reportNotes.period, set: values });
}
