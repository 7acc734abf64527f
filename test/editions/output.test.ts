/** A city's edition folders are committed with it, at once: what each edition made, kept and dropped. */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CitypitchError } from "../../src/errors.ts";
import type { Format } from "../../src/options.ts";
import { editionOfArtifact, Staging, type EditionPlan } from "../../src/output.ts";

const plans = (...list: [string, Format[]][]): Map<string, EditionPlan[]> => new Map([["testville", list.map(([folder, formats]) => ({ folder, formats: new Set(formats) }))]]);
const manifest = (out: string) => JSON.parse(readFileSync(join(out, "testville", "manifest.json"), "utf8")) as { files: { name: string; carriedOver?: true }[] };
const names = (out: string) => manifest(out).files.map((f) => `${f.name}${f.carriedOver ? " (kept)" : ""}`);

async function build(
  out: string,
  files: [string, string][],
  built: Format[],
  editions: Map<string, EditionPlan[]>,
  failed: { format: Format; slugs: string[] }[] = [],
): Promise<void> {
  const staging = await Staging.create(out);
  for (const [name, bytes] of files) await staging.write("testville", name, bytes);
  await staging.commit(
    ["testville"],
    new Set(built),
    failed.map((f) => ({ ...f, error: new CitypitchError(4, "failed") })),
    editions,
  );
  await staging.discard();
}

describe("edition folders in the output", () => {
  it("tell a file's edition and its name inside it, and no edition for another folder", () => {
    expect(editionOfArtifact("ja/charts/a.png", ["en", "ja"])).toEqual({ folder: "ja", name: "charts/a.png" });
    expect(editionOfArtifact("ja/.marprc.yml", ["ja"])).toEqual({ folder: "ja", name: ".marprc.yml" });
    expect(editionOfArtifact("charts/a.png", [""])).toEqual({ folder: "", name: "charts/a.png" });
    expect(editionOfArtifact("x-brochure.pdf", ["ja"])).toBeUndefined();
    expect(editionOfArtifact("old/x-old-brochure.pdf", [""])).toBeUndefined();
  });

  it("keep an edition this build did not make, and the formats of a made one it did not make or that failed", async () => {
    const out = mkdtempSync(join(tmpdir(), "citypitch-editions-out-"));
    await build(
      out,
      [
        ["en/testville-en-brochure.pdf", "en v1"],
        ["en/charts/a.png", "png v1"],
        ["ja/testville-ja-brochure.pdf", "ja v1"],
        ["ja/testville-ja-deck.pptx", "pptx v1"],
      ],
      ["charts", "brochure", "pptx"],
      plans(["en", ["charts", "brochure"]], ["ja", ["brochure", "pptx"]]),
    );
    // Only ja's brochure this time, and its PowerPoint failed.
    await build(out, [["ja/testville-ja-brochure.pdf", "ja v2"]], ["brochure", "pptx"], plans(["en", []], ["ja", ["brochure", "pptx"]]), [
      { format: "pptx", slugs: ["testville/ja"] },
    ]);
    expect(names(out)).toEqual(["en/charts/a.png (kept)", "en/testville-en-brochure.pdf (kept)", "ja/testville-ja-brochure.pdf", "ja/testville-ja-deck.pptx (kept)"]);
    expect(readFileSync(join(out, "testville", "ja", "testville-ja-brochure.pdf"), "utf8")).toBe("ja v2");
    expect(readFileSync(join(out, "testville", "en", "charts", "a.png"), "utf8")).toBe("png v1");
  });

  it("leave behind the files of an edition no longer declared, and the default layout's when editions appear", async () => {
    const out = mkdtempSync(join(tmpdir(), "citypitch-editions-out-"));
    await build(
      out,
      [
        ["testville-brochure.pdf", "default"],
        ["charts/a.png", "png"],
      ],
      ["charts", "brochure"],
      new Map(),
    );
    await build(out, [["en/testville-en-brochure.pdf", "en"]], ["brochure"], plans(["en", ["brochure"]]));
    // The default edition's chart was of a format not made this time, but it belongs to no declared edition.
    expect(names(out)).toEqual(["en/testville-en-brochure.pdf"]);
    expect(existsSync(join(out, "testville", "charts"))).toBe(false);
    await build(out, [["ja/testville-ja-brochure.pdf", "ja"]], ["brochure"], plans(["ja", ["brochure"]]));
    expect(names(out)).toEqual(["ja/testville-ja-brochure.pdf"]);
  });
});
