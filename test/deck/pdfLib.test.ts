/**
 * pdf-lib as the build loads it (src/deck/pdfLib.ts): what it writes compressed is deflated by
 * Node's zlib, and still reads back as the same objects.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { pdfLib } from "../../src/deck/pdfLib.ts";

const pako = () => {
  const require = createRequire(import.meta.url);
  return createRequire(require.resolve("pdf-lib"))("pako") as { deflate: (input: Uint8Array, options?: object) => Uint8Array };
};

describe("pdf-lib as the build loads it", () => {
  it("deflates with Node's zlib where pdf-lib asks pako: a zlib stream of the same bytes", () => {
    pdfLib();
    const require = createRequire(createRequire(import.meta.url).resolve("pdf-lib"));
    const inJavaScript = (require("pako/lib/deflate") as { deflate: (input: Uint8Array, options?: object) => Uint8Array }).deflate;
    expect(pako().deflate).not.toBe(inJavaScript);
    const text = new TextEncoder().encode("<< /Type /StructElem /S /P /K [ 3 0 R ] >> ".repeat(400));
    const deflated = pako().deflate(text);
    expect(deflated[0]).toBe(0x78);
    expect(inflateSync(deflated)).toEqual(Buffer.from(text));
    // With options (a raw stream, a level), pako's own deflate answers, as before.
    expect(Buffer.from(pako().deflate(text, { raw: true, level: 1 }))).toEqual(Buffer.from(inJavaScript(text, { raw: true, level: 1 })));
  });

  it("saves object streams that a PDF reader takes back, every object intact", async () => {
    const { PDFDocument, PDFName, PDFString } = pdfLib();
    const doc = await PDFDocument.create();
    const notes = Array.from({ length: 120 }, (_, i) => doc.context.register(doc.context.obj({ Kind: PDFName.of("Note"), Text: PDFString.of(`note ${i}`) })));
    doc.catalog.set(PDFName.of("Notes"), doc.context.obj(notes));
    doc.addPage([200, 200]);
    doc.setTitle("Testville notes");
    const bytes = await doc.save({ useObjectStreams: true });
    const scratch = mkdtempSync(join(tmpdir(), "citypitch-pdflib-"));
    try {
      const file = join(scratch, "notes.pdf");
      writeFileSync(file, bytes);
      execFileSync("qpdf", ["--check", file], { encoding: "utf8" });
      // Written out again without object streams, every object is there to read as text.
      const plain = join(scratch, "plain.pdf");
      execFileSync("qpdf", ["--qdf", "--object-streams=disable", file, plain]);
      const text = readFileSync(plain, "latin1");
      expect(text.match(/\/Kind \/Note/g)).toHaveLength(120);
      expect(text).toContain("(note 119)");
      expect(execFileSync("pdfinfo", [file], { encoding: "utf8" })).toMatch(/^Title:\s+Testville notes$/m);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
