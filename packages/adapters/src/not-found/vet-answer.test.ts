import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createProvincialFloorAdapter } from '../provincial-floor/adapter.ts';
import type { ProvincialFloorOptions } from '../provincial-floor/options.ts';
import { oneAnswerClient } from '../testing/one-answer-client.ts';
import { createVosoAdapter } from '../voso/adapter.ts';
import { fingerprintOf } from './fingerprint.ts';
import { answerSays } from './says.ts';

// A site writes its maintenance, pacing, session, holiday and product pages into the frame of its
// not-found answer: the frame matches the kept fingerprint, the words do not say "not here".
const OTHER_WORDS = [
  'Hệ thống đang bảo trì, vui lòng quay lại sau',
  'Gian hàng tạm nghỉ Tết đến hết 15/02, hẹn gặp lại quý khách',
  'Phiên làm việc đã hết hạn, vui lòng tải lại trang',
  'Bạn truy cập quá nhanh, vui lòng thử lại sau ít phút',
  'Lỗi kết nối cơ sở dữ liệu (SQLSTATE[HY000] [2002])',
  'Nhung hươu Hương Sơn sấy khô hộp 100g — 2.500.000đ — Mua ngay',
  'Sản phẩm đang chờ duyệt lại thông tin',
  'Trang sản phẩm đang được cập nhật',
];

const haTinh = parse(
  readFileSync(new URL('../../../../config/floors/hatinh.yaml', import.meta.url), 'utf8'),
) as ProvincialFloorOptions;
const noData = readFileSync(new URL('../../fixtures/real/floor-hatinh-2021/no_data.html', import.meta.url), 'utf8');
const HTML = { 'content-type': 'text/html; charset=UTF-8' };
const BASE = 'https://hatinhtrade.com.vn';

async function readHaTinh(body: string) {
  const adapter = createProvincialFloorAdapter({ ...haTinh, baseUrl: BASE });
  const ref = adapter.parseRef(`${BASE}/product/details/nhung-huou-huong-son-say-kho-100g`);
  if (!ref) throw new Error('not a Hà Tĩnh product address');
  return adapter.check(ref, { http: oneAnswerClient(200, body, HTML) });
}

describe("a page in the marketplace's not-found frame is its not-found answer only when it says so", () => {
  it('Hà Tĩnh: the floor\'s own "Không có dữ liệu!" page is a seen removal', async () => {
    expect(answerSays(noData)).toBe('Không có dữ liệu');
    expect(await readHaTinh(noData)).toMatchObject({ verdict: 'delisted', evidence: { provenance: 'seen' } });
  });

  it('Hà Tĩnh: the same frame with any other sentence — maintenance, Tết, a session, pacing, an error, the product — is never a removal', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...OTHER_WORDS),
        fc.boolean(),
        fc.constantFrom<(text: string) => string>(
          (t) => t,
          (t) => t.toUpperCase(),
          (t) => t.normalize('NFD'),
        ),
        async (sentence, keepOriginal, form) => {
          // With or without the floor's own sentence beside it: the other words still say otherwise.
          const words = keepOriginal ? `Không có dữ liệu! ${form(sentence)}` : form(sentence);
          const observation = await readHaTinh(noData.replace('Không có dữ liệu!', words));
          expect(observation.verdict).not.toBe('delisted');
        },
      ),
      { numRuns: 80 },
    );
  });

  it('voso with a learned 404 frame: a maintenance, pacing or update page in that frame is unknown', async () => {
    const frame = (h1: string) =>
      `<!doctype html><html><head><title>voso.vn</title></head><body><header class="header"><a href="/">voso</a></header><main class="main"><div class="page-not-found"><h1>${h1}</h1></div></main><footer class="footer">Bưu điện Việt Nam</footer></body></html>`;
    const own = frame('Không tìm thấy trang bạn yêu cầu');
    const says = answerSays(own);
    expect(says).toBe('Không tìm thấy trang bạn yêu cầu');
    const adapter = createVosoAdapter({
      baseUrl: 'https://voso.vn',
      notFoundAnswers: [{ ...fingerprintOf({ status: 404, headers: HTML, body: own }), ...(says ? { says } : {}) }],
    });
    const ref = adapter.parseRef('https://voso.vn/tra-sen-p101533.html');
    if (!ref) throw new Error('not a voso address');
    const read = (body: string) => adapter.check(ref, { http: oneAnswerClient(404, body, HTML) });
    expect(await read(own)).toMatchObject({ verdict: 'delisted', evidence: { provenance: 'seen' } });
    for (const sentence of OTHER_WORDS) expect((await read(frame(sentence))).verdict, sentence).toBe('unknown');
    // Kept without its sentence (an older config), the frame's other words still hold it back.
    const templateOnly = createVosoAdapter({
      baseUrl: 'https://voso.vn',
      notFoundAnswers: [fingerprintOf({ status: 404, headers: HTML, body: own })],
    });
    for (const sentence of OTHER_WORDS)
      expect((await templateOnly.check(ref, { http: oneAnswerClient(404, frame(sentence), HTML) })).verdict).toBe(
        'unknown',
      );
  });
});
