/**
 * Right-to-left words on a left-to-right page (src/brochure/bidi.ts): a line's pieces put in the
 * order they are seen. Each right-to-left word stays whole and in reading order (HarfBuzz turns its
 * glyphs around); the words change places.
 */
import { describe, expect, it } from "vitest";
import { hasRightToLeft, visualOrder } from "../../src/brochure/bidi.ts";

interface Piece {
  text: string;
  look: string;
  rtl?: boolean;
}
const seen = (pieces: Piece[]) => visualOrder(pieces, (piece, text, rtl) => ({ ...piece, text, ...(rtl ? { rtl } : {}) }));
const texts = (pieces: Piece[]) => seen(pieces).map((p) => p.text);

describe("visual order of a line", () => {
  it("leaves a line without right-to-left text as it is", () => {
    const line = [
      { text: "Dalian (大连) port, ", look: "body" },
      { text: "2,500 TEU", look: "bold" },
    ];
    expect(seen(line)).toEqual(line);
    expect(hasRightToLeft("Dalian (大连)")).toBe(false);
  });

  it("swaps an Arabic name's words, each whole, and keeps the English around it where it was", () => {
    expect(texts([{ text: "Testville (مدينة الاختبار) port", look: "body" }])).toEqual(["Testville (", "الاختبار", " ", "مدينة", ") port"]);
  });

  it("marks the right-to-left parts, and only them", () => {
    const parts = seen([{ text: "Haifa חיפה", look: "body" }]);
    expect(parts.map((p) => [p.text, p.rtl ?? false])).toEqual([
      ["Haifa ", false],
      ["חיפה", true],
    ]);
  });

  it("keeps a number inside Arabic text left to right, and brackets with the word they hold", () => {
    // HarfBuzz mirrors the brackets of "(ب)" as it turns the word around.
    expect(texts([{ text: "شارع 25 (ب)", look: "body" }])).toEqual(["(ب)", " ", "25", " ", "شارع"]);
  });

  it("turns a run of neutrals between right-to-left words around itself, mirrored", () => {
    expect(texts([{ text: "א «ב» (ג) ד", look: "body" }])).toEqual(["ד", " ", "(ג)", " ", "«ב»", " ", "א"]);
    expect(texts([{ text: "א - [ ב", look: "body" }])).toEqual(["ב", " ", "]", " ", "-", " ", "א"]);
  });

  it("cuts pieces of different looks where the text changes direction, and reorders across them", () => {
    const parts = seen([
      { text: "مدينة ", look: "bold" },
      { text: "الاختبار", look: "body" },
    ]);
    expect(parts.map((p) => `${p.look}:${p.text}`)).toEqual(["body:الاختبار", "bold: ", "bold:مدينة"]);
  });

  it("leaves white space that ends the line at its end", () => {
    expect(texts([{ text: "עיר המבחן ", look: "body" }])).toEqual(["המבחן", " ", "עיר", " "]);
  });
});
