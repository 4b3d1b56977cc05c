import { describe, expect, it } from 'vitest';
import { eventNoteInWords } from './event-note-words.ts';

describe("an alert history's notes, as a clerk reads them", () => {
  it('each note the system writes is a Vietnamese sentence, without codes or alert numbers', () => {
    const notes = [
      'condition cleared',
      'the listing is delisted: listing_delisted #93',
      'held evidence of 2 run(s) took effect for 14 listing(s)',
      'confirmed from possible removal #41',
    ];
    const said = notes.map((note) => eventNoteInWords(note, 'vi'));
    expect(said).toEqual([
      'Tình trạng đã hết: lượt kiểm tra không còn thấy điều đã gây ra cảnh báo',
      'Tin đăng được xác nhận bị gỡ: chuyển sang cảnh báo “Bị gỡ khỏi sàn”',
      'Bằng chứng được giữ lại của 2 lượt kiểm tra đã được áp dụng cho 14 tin đăng',
      'Xác nhận từ cảnh báo “Có thể đã bị gỡ”',
    ]);
    for (const text of said) expect(text).not.toMatch(/#\d|_|\b(run|listing|condition)\b/u);
  });

  it("a person's note stays as typed; the parts the system added to it are worded, the snooze date as dd/mm/yyyy HH:mm", () => {
    expect(eventNoteInWords('Đã gọi chủ thể; until 2026-02-10T17:00:00.000Z', 'vi')).toBe(
      'Đã gọi chủ thể; tạm hoãn đến 11/02/2026 00:00',
    );
    // Typed by a person, it only looks like the system's words: it is kept as typed.
    expect(eventNoteInWords('condition cleared?', 'vi')).toBe('condition cleared?');
    expect(eventNoteInWords(null, 'vi')).toBe('');
  });
});
