import {
  type CoverageReport,
  coverageForPeriod,
  officialReport,
  provincialReportXlsx,
  REPORT_TITLE,
  readReportNotes,
  reportDocx,
  reportNotesSchema,
  reportPeriodSchema,
  reportPeriods,
  saveReportNotes,
} from '@ocop-monitor/monitor';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../accounts.ts';
import type { RouteContext } from '../context.ts';
import { reportPage } from '../report-page.ts';
import { vietnamDay } from '../vietnam-time.ts';

/** The report sent upward, for a month (`?ky=2026-01`, the current one without it): page, DOCX, XLSX, the clerk's notes. */
export function reportRoutes(
  app: FastifyInstance,
  context: RouteContext,
  coverage: () => Promise<CoverageReport>,
): void {
  const { deps } = context;
  const header = deps.reportHeader ?? { department: 'Sở Công Thương' };
  const writers = context.only(['admin', 'reviewer'], {
    vi: 'Chỉ cán bộ xử lý hoặc quản trị được viết nội dung báo cáo.',
    en: 'Only reviewers and admins write the report.',
  });

  /** The month asked for and its document, or the refusal already sent. */
  const documentFor = async (request: FastifyRequest, reply: FastifyReply) => {
    const today = vietnamDay(context.now());
    const asked = (request.query as { ky?: unknown }).ky;
    const parsed = reportPeriodSchema.safeParse(asked ?? today.slice(0, 7));
    if (!parsed.success) {
      context.deny(
        request,
        reply,
        400,
        `Kỳ báo cáo "${String(asked)}" không đúng: cần tháng dạng YYYY-MM, ví dụ 2026-01.`,
      );
      return null;
    }
    const period = parsed.data;
    const report = await coverageForPeriod(deps.db, period, today, coverage);
    if (!report) {
      context.deny(
        request,
        reply,
        404,
        `Chưa có số liệu của kỳ ${period}: hệ thống chưa chạy ngày nào trong tháng này.`,
      );
      return null;
    }
    const notes = await readReportNotes(deps.db, period);
    return {
      period,
      today,
      report,
      notes,
      document: officialReport({ report, header, notes, period, issuedOn: today }),
    };
  };

  app.get('/report', async (request, reply) => {
    const made = await documentFor(request, reply);
    if (!made) return reply;
    const mayWrite = request.user?.role === 'admin' || request.user?.role === 'reviewer';
    return context.render(
      reply,
      request,
      REPORT_TITLE,
      reportPage({
        document: made.document,
        period: made.period,
        periods: await reportPeriods(deps.db, made.today),
        notes: made.notes,
        csrf: mayWrite ? (request.csrf ?? '') : null,
      }),
    );
  });
  app.post('/report/notes', { preHandler: writers }, async (request, reply) => {
    const body = request.body as { ky?: unknown } | undefined;
    const period = reportPeriodSchema.safeParse(body?.ky);
    const notes = reportNotesSchema.safeParse(body ?? {});
    if (!period.success || !notes.success)
      return context.deny(request, reply, 400, 'Nội dung báo cáo không lưu được: kỳ báo cáo hoặc nội dung quá dài.');
    await saveReportNotes(deps.db, period.data, notes.data, (request.user as User).id, context.now());
    return reply.redirect(`/report?ky=${period.data}`);
  });
  app.get('/export/report.xlsx', async (request, reply) => {
    const made = await documentFor(request, reply);
    if (!made) return reply;
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="bao-cao-ocop-${made.period}.xlsx"`)
      .send(await provincialReportXlsx(made.document, made.report));
  });
  app.get('/export/report.docx', async (request, reply) => {
    const made = await documentFor(request, reply);
    if (!made) return reply;
    return reply
      .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('content-disposition', `attachment; filename="bao-cao-ocop-${made.period}.docx"`)
      .send(await reportDocx(made.document));
  });
}
