/** Speaker notes are plain text: whatever the data says, Marp must not read it as a directive. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadTemplates } from "../../src/content/templates.ts";
import { renderWithMarp, ROOT } from "./project.ts";

const ATTACKS = [
  "style: section{--pwned-a:1}",
  "_class: evil",
  "class: evil",
  "&anchor style: section{--pwned-b:1}",
  '"style": section{--pwned-c:1}',
  "{style: 'section{--pwned-d:1}'}",
  "? style\n: section{--pwned-e:1}",
  "paginate: false",
  "backgroundColor: red",
  "Ends early --> <style>section{--pwned-f:1}</style>",
];

describe("{{#notes}}", () => {
  it.each(ATTACKS)("keeps %j a note", async (attack) => {
    const dir = mkdtempSync(join(tmpdir(), "citypitch-notes-"));
    writeFileSync(join(dir, "slide.hbs"), "---\nmarp: true\ntheme: citypitch\n---\n\n# Slide\n\n{{#notes}}\n{{md attack}}\n{{/notes}}\n");
    const templates = await loadTemplates(dir, ROOT);
    const marp = await renderWithMarp(templates.render("slide", { attack }));
    expect(marp.sections).toHaveLength(1);
    expect(marp.classes[0]).toBe("");
    expect(marp.css).not.toContain("pwned");
    expect(marp.css).not.toContain("red");
    expect(marp.html).not.toMatch(/data-paginate="false"|data-class="evil"/);
    expect(marp.comments[0]).toHaveLength(1);
    expect(marp.comments[0]![0]!.replace(/\u2060/g, "")).toContain(
      attack
        .replace(/\n/g, " ")
        .replace(/-(?=-)/g, "- ")
        .slice(0, 12),
    );
  });
});
