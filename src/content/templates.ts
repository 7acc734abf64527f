/**
 * One isolated Handlebars instance per template set, shared by the brochure and the deck: strict
 * (a missing field is an error, not an empty string), no HTML escaping (the output is Markdown and
 * data is escaped with the `md` helper instead), and only the helpers registered here.
 */
import Handlebars from "handlebars";
import { createHash } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { CitypitchError, EXIT } from "../errors.ts";
import type { Figure } from "../data/schema.ts";
import type { Wording } from "./format.ts";
import { escapeMarkdown, markdownLinkDestination, unescapeMarkdown } from "./markdown.ts";
import { citeMarks } from "./references.ts";

const isFigure = (value: unknown): value is Figure => typeof value === "object" && value !== null && "value" in value && "unit" in value;

function expectFigure(value: unknown, helper: string): Figure {
  if (!isFigure(value)) throw new Error(`{{${helper}}} expects a figure, got ${JSON.stringify(value)?.slice(0, 60)}`);
  return value;
}

/**
 * The wording of the city being rendered: models carry it at their root (see content/model.ts), so
 * helpers word figures in the edition's language. Helpers get Handlebars' options object last.
 */
function wordsOf(args: unknown[]): Wording {
  const options = args.at(-1) as Handlebars.HelperOptions | undefined;
  const words = (options?.data?.root as { words?: Wording } | undefined)?.words;
  if (!words) throw new Error("the template's data has no `words`: render templates over a content model");
  return words;
}
/** Markdown a helper wrote: {{t}} takes it as a value as it is (see there). */
const markdown = (text: string) => new Handlebars.SafeString(text);
/** What another helper wrote as it is; anything else is data, escaped. */
const asMarkdown = (text: unknown) => (text instanceof Handlebars.SafeString ? text.toString() : escapeMarkdown(String(text ?? "")));
/** The arguments a template wrote, without Handlebars' options object. */
const given = (args: unknown[]) => args.slice(0, -1);

const HELPERS: Record<string, Handlebars.HelperDelegate> = {
  /** {{md text}}: data made safe for Markdown; what another helper wrote is Markdown already. */
  md: (text: unknown) => (text instanceof Handlebars.SafeString ? text : markdown(escapeMarkdown(String(text ?? "")))),
  /** {{fig figure}} → "over 165.44 Mt"; {{fig figure "long"}} → "over 165.44 million tonnes". */
  fig: (...args: unknown[]) => {
    const [figure, style] = given(args);
    return markdown(escapeMarkdown(wordsOf(args).figure(expectFigure(figure, "fig"), style === "long" ? "long" : "short")));
  },
  /** {{figYear figure}} → "over 165.44 million tonnes (2007)". */
  figYear: (...args: unknown[]) => markdown(escapeMarkdown(wordsOf(args).figureWithYear(expectFigure(given(args)[0], "figYear")))),
  year: (...args: unknown[]) => markdown(escapeMarkdown(wordsOf(args).year(expectFigure(given(args)[0], "year")))),
  num: (...args: unknown[]) => markdown(escapeMarkdown(wordsOf(args).number(Number(given(args)[0])))),
  /**
   * {{t "id"}} → a message from templates/messages/<lang>.yaml. Further plain arguments extend the
   * id, so {{t "status" status}} reads `status.operating`; name=value pairs fill its values.
   */
  t: (...args: unknown[]) => {
    const options = args.at(-1) as Handlebars.HelperOptions;
    const id = given(args).map(String).join(".");
    // A value written by another helper, {{t "x" refs=(cite refs)}}, is Markdown already and must
    // not be escaped twice: it stands in as a private-use token while the message is escaped.
    const written: string[] = [];
    const values = Object.fromEntries(
      Object.entries(options.hash ?? {}).map(([k, v]) => {
        if (v instanceof Handlebars.SafeString) return [k, `\uE000${written.push(v.toString()) - 1}\uE001`];
        return [k, typeof v === "number" ? v : String(v ?? "")];
      }),
    );
    const text = wordsOf(args).messages.t(id, values);
    // Escaping trims; a message that ends in a space (a list separator, ", ") keeps it.
    const [before, after] = [/^\s/.test(text) ? " " : "", /\s$/.test(text) ? " " : ""];
    return markdown(before + escapeMarkdown(text).replace(/\uE000(\d+)\uE001/g, (_, i: string) => written[Number(i)]!) + after);
  },
  /** {{em text}}, {{strong text}}: emphasis around what another helper wrote ({{t "x" word=(em (t "y"))}}). */
  em: (text: unknown) => markdown(`*${asMarkdown(text)}*`),
  strong: (text: unknown) => markdown(`**${asMarkdown(text)}**`),
  /** {{cite numbers}} → "[1, 4]" (escaped brackets, so Markdown never reads a link). */
  cite: (numbers: unknown) => markdown(escapeMarkdown(citeMarks(Array.isArray(numbers) ? (numbers as number[]) : []))),
  /** {{join list ", "}} with each item escaped. */
  join: (list: unknown, separator: unknown) =>
    markdown(
      (Array.isArray(list) ? list : [])
        .map((item) => escapeMarkdown(String(item)))
        .join(typeof separator === "string" || separator instanceof Handlebars.SafeString ? String(separator) : ", "),
    ),
  /**
   * {{#notes}}…{{/notes}}: Marp speaker notes, an HTML comment read as plain text. The block's
   * escaped data is turned back into plain words, and every "--" is broken so nothing in it can
   * close the comment early and spill into the slide. Marp also reads a comment as YAML
   * directives ("style: …" would become CSS), so a word joiner (U+2060, invisible) goes in front
   * of any line that could open a YAML mapping: no key can then be a directive's name.
   */
  notes: function (this: unknown, options: Handlebars.HelperOptions) {
    const text = unescapeMarkdown(options.fn(this))
      .replace(/-(?=-)/g, "- ")
      .replace(/[ \t]*\n[ \t]*/g, "\n")
      .trim()
      .replace(/^(?=["']?[\w$-]*["']?\s*:|[{[?&!*|>%@`])/gm, "\u2060");
    return `<!--\n${text}\n-->\n`;
  },
  /**
   * {{url link}}: a URL as a Markdown link destination, in angle brackets so that parentheses and
   * the like stay part of it and the link target is the URL exactly as written in the data (only
   * validated http, https and mailto URLs reach templates).
   */
  url: (link: unknown) => markdownLinkDestination(String(link ?? "")),
  /** {{mailto address}}: the link destination that writes to `address`. */
  mailto: (address: unknown) => markdownLinkDestination(`mailto:${String(address ?? "")}`),
  eq: (a: unknown, b: unknown) => a === b,
  upper: (text: unknown) => escapeMarkdown(String(text ?? "").toUpperCase()),
};

export interface TemplateSet {
  /** Renders the named template (file name without .hbs) over `data`. */
  render(name: string, data: object): string;
  names: string[];
  /** Names the template files' contents (compiledTemplates): two sets with one fingerprint render alike, in any thread. */
  fingerprint?: string;
}

const compiled = new Map<string, { sources: string; templates: Promise<TemplateSet> }>();

/**
 * loadTemplates, compiled once a thread while the folder's files stay as they are: a build's
 * validation (its dry run) and its stages render the same templates, and `dev` rebuilds in one
 * process as they are edited.
 */
export async function compiledTemplates(dir: string, root: string): Promise<TemplateSet> {
  const names = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith(".hbs")).sort();
  const sources = JSON.stringify(await Promise.all(names.map(async (name) => [name, await readFile(join(dir, name), "utf8").catch(() => "")])));
  const key = `${root}\0${dir}`;
  const known = compiled.get(key);
  if (known?.sources === sources) return known.templates;
  const fingerprint = createHash("sha256").update(sources).digest("hex");
  const templates = loadTemplates(dir, root).then((set): TemplateSet => ({ ...set, fingerprint }));
  compiled.set(key, { sources, templates });
  // A folder that fails to load is read again next time, to report what is wrong then.
  templates.catch(() => {
    if (compiled.get(key)?.templates === templates) compiled.delete(key);
  });
  return templates;
}

/** Loads every `*.hbs` in `dir`; files starting with `_` become partials (`{{> _tile}}`). */
export async function loadTemplates(dir: string, root: string): Promise<TemplateSet> {
  const files = (
    await readdir(dir).catch((error: NodeJS.ErrnoException) => {
      throw new CitypitchError(
        EXIT.renderFailed,
        `the template folder ${relative(root, dir) || dir} cannot be read: ${error.code === "ENOENT" ? "it does not exist" : error.message}`,
        [],
        "restore it from the citypitch project (git checkout templates)",
      );
    })
  )
    .filter((f) => f.endsWith(".hbs"))
    .sort();
  const hbs = Handlebars.create();
  for (const [name, helper] of Object.entries(HELPERS)) hbs.registerHelper(name, helper);
  const compiled = new Map<string, { template: Handlebars.TemplateDelegate; file: string }>();
  for (const file of files) {
    const source = await readFile(join(dir, file), "utf8");
    const name = file.slice(0, -".hbs".length);
    const shown = relative(root, join(dir, file));
    let template: Handlebars.TemplateDelegate;
    try {
      template = hbs.compile(strictArguments(hbs.parse(source)), { noEscape: true, strict: true, knownHelpersOnly: true, knownHelpers: knownHelpers() });
    } catch (error) {
      throw templateError(error, shown);
    }
    if (name.startsWith("_")) {
      hbs.registerPartial(name, template);
      continue;
    }
    compiled.set(name, { file: shown, template });
  }
  return {
    names: [...compiled.keys()],
    render(name, data) {
      const entry = compiled.get(name);
      if (!entry) throw new CitypitchError(EXIT.renderFailed, `no template "${name}" in ${relative(root, dir)}`);
      try {
        return entry.template(data);
      } catch (error) {
        throw templateError(error, entry.file);
      }
    },
  };
}

/**
 * Strict mode checks `{{field}}` but not helper arguments, so `{{md feild}}` printed nothing.
 * Marking the argument paths of printing helpers (and of #each) strict makes a misspelt field an
 * error there too; tests for whether a field exists (#if, #unless, #with, and subexpressions such
 * as `(eq figure.qualifier "target")`) stay lenient.
 */
const LENIENT = new Set(["if", "unless", "with"]);
function strictArguments(ast: hbs.AST.Program): hbs.AST.Program {
  const mark = (params: hbs.AST.Expression[]) => {
    for (const p of params) if (p.type === "PathExpression") (p as hbs.AST.PathExpression & { strict?: boolean }).strict = true;
  };
  const visitor = new Handlebars.Visitor();
  const visit = visitor as unknown as Record<string, (node: hbs.AST.MustacheStatement) => unknown>;
  const base = Handlebars.Visitor.prototype as unknown as Record<string, (node: hbs.AST.MustacheStatement) => unknown>;
  for (const type of ["MustacheStatement", "BlockStatement"]) {
    visit[type] = function (node) {
      if (!LENIENT.has((node.path as hbs.AST.PathExpression).original)) mark(node.params);
      return base[type]!.call(this, node);
    };
  }
  visitor.accept(ast);
  return ast;
}

function knownHelpers(): Record<string, boolean> {
  return Object.fromEntries(Object.keys(HELPERS).map((name) => [name, true]));
}

/**
 * Handlebars reports `"x" not defined in [object Object] - 12:4`, `… unknown helper foo - 3:0` or
 * `Parse error on line 3: … Expecting …, got …`: say which template, line and column, what is
 * wrong and what to do.
 */
export function templateError(error: unknown, file: string): CitypitchError {
  if (error instanceof CitypitchError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const problem = (line: number | undefined, column: number | undefined, what: string, hint?: string, path?: string) =>
    new CitypitchError(EXIT.renderFailed, `template ${file} cannot be rendered`, [{ severity: "error", location: { file, line, column }, path, message: what, hint }]);
  const missing = /"([^"]+)" not defined in .* - (\d+):(\d+)/.exec(message);
  if (missing) {
    const [, field, line, column] = missing;
    return problem(Number(line), Number(column) + 1, `"${field}" is not defined`, "check the field name against the data, or wrap the block in {{#if}}", field);
  }
  const helper = /unknown helper (\S+) - (\d+):(\d+)/.exec(message);
  if (helper) {
    return problem(
      Number(helper[2]),
      Number(helper[3]) + 1,
      `unknown helper "${helper[1]}"`,
      `the helpers are ${Object.keys(HELPERS).join(", ")} (templates/brochure/README.md describes them)`,
    );
  }
  const parse = /Parse error on line (\d+):[\s\S]*?\n(Expecting [^\n]*|[^\n]*got [^\n]*)$/m.exec(message) ?? /Parse error on line (\d+)/.exec(message);
  if (parse) {
    return problem(
      Number(parse[1]),
      undefined,
      `Handlebars syntax error${parse[2] ? `: ${parse[2]}` : ""}`,
      "check that every {{#block}} is closed by its {{/block}} and every {{ has its }}",
    );
  }
  const positioned = /^(.*) - (\d+):(\d+)$/.exec(message.split("\n")[0]!);
  if (positioned) return problem(Number(positioned[2]), Number(positioned[3]) + 1, positioned[1]!);
  const partial = /The partial (\S+) could not be found/.exec(message);
  if (partial) return problem(undefined, undefined, `no partial "${partial[1]}"`, `partials are files named ${partial[1]}.hbs beside the template`);
  return problem(undefined, undefined, message.split("\n")[0]!);
}
