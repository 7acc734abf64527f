/**
 * The {{t}} helper with values other helpers wrote: Markdown from {{cite}}, {{md}}, {{strong}} goes
 * into the message as it is (escaped once, not twice), data given directly is escaped, and a
 * message ending in a space keeps it (a list separator).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadTemplates } from "../../src/content/templates.ts";
import { escapeMarkdown } from "../../src/content/markdown.ts";
import { english } from "../helpers/words.ts";

async function render(source: string, data: object): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "citypitch-t-"));
  writeFileSync(join(dir, "page.hbs"), source);
  return (await loadTemplates(dir, dir)).render("page", { words: english, ...data });
}

describe("{{t}} with values", () => {
  it("takes another helper's Markdown as it is and escapes the message's own words once", async () => {
    const out = await render('{{t "brochure.sectionRefs" refs=(cite refs)}}', { refs: [1, 4] });
    expect(out).toBe(escapeMarkdown(english.messages.t("brochure.sectionRefs", { refs: "[1, 4]" })));
  });

  it("escapes data given directly, and data inside {{strong}} and {{em}}", async () => {
    const name = "A*B [x](y)";
    const direct = await render('{{t "brochure.item" name=name description=name}}', { name });
    expect(direct).toBe(escapeMarkdown(english.messages.t("brochure.item", { name, description: name })));
    const marked = await render('{{t "brochure.item" name=(strong name) description=(em (md name))}}', { name });
    expect(marked).toContain(`**${escapeMarkdown(name)}**`);
    expect(marked).toContain(`*${escapeMarkdown(name)}*`);
    expect(marked).not.toContain("\\\\");
  });

  it("keeps a separator's trailing space", async () => {
    const out = await render('{{join list (t "brochure.listSeparator")}}', { list: ["Bohai Sea", "Yellow Sea"] });
    expect(out).toBe(["Bohai Sea", "Yellow Sea"].join(english.messages.t("brochure.listSeparator")));
  });
});
