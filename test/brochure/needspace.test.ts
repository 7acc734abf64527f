/** `::needspace`: the block after it starts a new page only when less than its share of the page is left. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import PDFDocument from "pdfkit";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { compose, type ComposeEnv } from "../../src/brochure/compose.ts";
import { fontBook, fontFiles } from "../../src/brochure/fonts.ts";
import { parseBlocks } from "../../src/brochure/markdown/blocks.ts";
import { paginate } from "../../src/brochure/paginate.ts";
import { Typesetter } from "../../src/brochure/text.ts";
import { createTheme } from "../../src/brochure/theme.ts";
import type { Wording } from "../../src/content/format.ts";
import type { Brand } from "../../src/data/schema.ts";
import { CitypitchError } from "../../src/errors.ts";
import { ROOT } from "../helpers/project.ts";

const brand = parse(readFileSync(join(ROOT, "data", "brand.yaml"), "utf8")) as Brand;
const theme = createTheme(brand, "a4");
let env: ComposeEnv;

beforeAll(() => {
  const files = fontFiles(brand, ROOT);
  const doc = new PDFDocument({ autoFirstPage: true, font: files.body });
  const ts = new Typesetter(doc, fontBook(doc, files));
  env = { ts, theme, words: {} as Wording, charts: [], placed: new Set(), figure: () => undefined, state: { section: "s", figures: 0 } };
});

/** Lines of text filling about `share` of the page. */
const lines = (share: number) => Array.from({ length: Math.round((theme.content.height * share) / 16) }, (_, i) => `Line ${i}.`).join("\\\n");
/** A heading and a paragraph longer than the room left, after a paragraph filling `share` of the page. */
const page = (share: number, directive: string) => `${lines(share)}\n\n${directive}\n\n## Next table\n\n${lines(0.8)}\n`;
const pagesOf = (source: string) => paginate(compose(parseBlocks(source, "t.hbs"), "t.hbs", env), theme.content.height);

describe("::needspace", () => {
  it("starts the next block on a new page when less than the share is left, and on the same page otherwise", () => {
    const late = pagesOf(page(0.6, "::needspace 50%"));
    expect(late).toHaveLength(2);
    expect(late[1]!.items[0]!.flowable.kind).toBe("h2");
    const early = pagesOf(page(0.3, "::needspace 50%"));
    expect(early[0]!.items.map((i) => i.flowable.kind)).toContain("h2");
    // Without it, the heading starts wherever its first lines fit.
    expect(pagesOf(page(0.6, ""))[0]!.items.map((i) => i.flowable.kind)).toContain("h2");
    // A short section that fits the room left stays, whatever the share.
    expect(pagesOf(`${lines(0.6)}\n\n::needspace 50%\n\n## Short\n\nOne line.\n`)).toHaveLength(1);
  });

  it("refuses a share it cannot read, naming the template and line", () => {
    for (const bad of ["::needspace", "::needspace half", "::needspace 150%", "::needspace 0%"]) {
      const error = (() => {
        try {
          pagesOf(`Text.\n\n${bad}\n\n## Next\n`);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(CitypitchError);
      expect(JSON.stringify(error) + (error as Error).message).toMatch(/t\.hbs/);
      expect(JSON.stringify(error) + (error as Error).message).toMatch(/needspace/);
    }
  });
});
