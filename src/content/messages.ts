/**
 * The words citypitch writes itself, one file per language: templates/messages/<lang>.yaml, in
 * ICU MessageFormat (plurals, selects and word order are the message's, not the code's). Loaded
 * once per language and checked whole: a message that does not parse, or one another language
 * has and this one lacks, is reported with its file and line.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { IntlMessageFormat, type Formatters } from "intl-messageformat";
import type { Node } from "yaml";
import { yaml } from "../data/yamlLib.ts";
import { CitypitchError, EXIT, type Location, type Problem } from "../errors.ts";
import { messageDirs } from "../project.ts";
import { takePrefetchedNow } from "../data/prefetch.ts";

export type MessageValues = Record<string, string | number>;
/** A message parsed (what IntlMessageFormat compiles from its text). */
type MessageAst = ReturnType<IntlMessageFormat["getAst"]>;

export interface Messages {
  /** The language the messages are written in (BCP 47). */
  readonly language: string;
  /** The locale numbers and dates are formatted in ("en-GB"). */
  readonly locale: string;
  /** The message `id` with `values` filled in. */
  t(id: string, values?: MessageValues): string;
  has(id: string): boolean;
}

export const MESSAGES_DIR = join("templates", "messages");
const cache = new Map<string, { stamp: string; messages: Messages }>();

/**
 * The messages for `language`: its own file, else its base language's, else English; each looked
 * for in the project's templates/messages/, then in citypitch's own.
 */
export function loadMessages(root: string, language: string): Messages {
  const dirs = messageDirs(root);
  const candidates = [language, language.split("-")[0]!, "en"].flatMap((lang) => dirs.map((dir) => ({ dir, lang })));
  const found = candidates.find(({ dir, lang }) => existsSync(join(dir, `${lang}.yaml`)));
  if (!found) {
    throw new CitypitchError(
      EXIT.renderFailed,
      `no message file for "${language}" or English in ${dirs.map((dir) => relative(root, dir) || dir).join(" or ")}`,
      [],
      "restore templates/messages/en.yaml from the citypitch project",
    );
  }
  const path = join(found.dir, `${found.lang}.yaml`);
  // Keyed by the file's stamp too: a long-running process (`dev`) sees an edited message file.
  const stat = statSync(path);
  const key = `${path}\0${language}`;
  const stamp = `${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;
  let entry = cache.get(key);
  if (entry?.stamp !== stamp) cache.set(key, (entry = { stamp, messages: readMessages(path, relative(root, path) || path, found.lang) }));
  return entry.messages;
}

/** A message file's messages: checked already on the prefetch thread (src/data/prefetch.ts) when it got there first. */
function readMessages(path: string, file: string, language: string): Messages {
  const early = takePrefetchedNow(path);
  if (early?.messages) return messagesFromClean(early.text, file, language, early.messages);
  // A pipe or a device would never end (the prefetch thread passes over them too).
  if (!statSync(path).isFile())
    throw new CitypitchError(
      EXIT.invalidData,
      "a message file cannot be read",
      [{ severity: "error", location: { file }, message: "expected a file, found a pipe, socket or device" }],
      "put the YAML message file in its place",
    );
  return parseMessages(readFileSync(path, "utf8"), file, language);
}

/** Parses and compiles a message file; pure apart from the text it is given. */
export function parseMessages(text: string, file: string, language: string): Messages {
  const checked = checkMessages(text, file, language);
  return messagesOf(language, checked.locale, checked.texts, file, checked.at, checked.asts);
}

/**
 * For the prefetch thread (src/data/prefetch.ts): the locale and message texts of a file that
 * checks clean, else undefined (the main thread then reports its problems as parseMessages does).
 */
export function cleanMessages(text: string, language: string): CleanMessages | undefined {
  try {
    const { locale, texts, asts } = checkMessages(text, "", language);
    return { locale, texts: [...texts], asts: [...asts] };
  } catch {
    return undefined;
  }
}

export interface CleanMessages {
  locale: string;
  texts: [string, string][];
  /** Each message as the check parsed it: plain data, so the main thread compiles it without parsing it again. */
  asts?: [string, MessageAst][];
}

/** The messages of a file the prefetch thread found clean; a message's line is looked up only for an error. */
export function messagesFromClean(text: string, file: string, language: string, clean: CleanMessages): Messages {
  let located: CheckedMessages | undefined;
  return messagesOf(language, clean.locale, new Map(clean.texts), file, (id) => (located ??= checkMessages(text, file, language)).at(id), new Map(clean.asts ?? []));
}

interface CheckedMessages {
  locale: string;
  /** Every message's text by id, each one parsed. */
  texts: Map<string, string>;
  /** Every message's parse, by id. */
  asts: Map<string, MessageAst>;
  at(id: string): Location;
}

/** Every message parsed now, so a broken one is reported wherever it is; all problems at once. */
function checkMessages(text: string, file: string, language: string): CheckedMessages {
  const lines = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const problems: Problem[] = [];
  const at = (node: Node | null | undefined) => {
    const { line, col } = lines.linePos(node?.range?.[0] ?? 0);
    return { file, line, column: col };
  };
  for (const error of doc.errors) {
    problems.push({
      severity: "error",
      location: { file, line: error.linePos?.[0]?.line, column: error.linePos?.[0]?.col },
      message: `YAML syntax error: ${error.message.split("\n")[0]}`,
    });
  }
  const sources = new Map<string, { text: string; node: Node }>();
  const walk = (node: unknown, path: string[]) => {
    if (!yaml().isMap(node)) return;
    for (const pair of node.items) {
      if (!yaml().isScalar(pair.key)) continue;
      const id = [...path, String(pair.key.value)].join(".");
      if (yaml().isScalar(pair.value)) sources.set(id, { text: String(pair.value.value ?? ""), node: pair.value });
      else walk(pair.value, id.split("."));
    }
  };
  walk(doc.contents, []);
  const locale = sources.get("locale")?.text ?? language;
  sources.delete("locale");
  // (From its text, not the parsed tree, so that its errors quote the message.)
  const parse = IntlMessageFormat.__parse!;
  const resolved = IntlMessageFormat.resolveLocale(locale);
  const asts = new Map<string, MessageAst>();
  for (const [id, { text: message, node }] of sources) {
    try {
      // The options IntlMessageFormat parses a text with, so that the parse can stand in for the text.
      asts.set(id, parse(message, { ignoreTag: true, ...(resolved ? { locale: resolved } : {}) }));
    } catch (error) {
      problems.push({
        severity: "error",
        location: at(node),
        path: id,
        message: `the message does not parse: ${(error as Error).message}`,
        hint: "check its braces: values are {name}, choices {n, plural, one {…} other {…}}",
      });
    }
  }
  if (problems.length > 0) throw new CitypitchError(EXIT.renderFailed, `the message file ${file} has ${problems.length} error(s)`, problems);
  return { locale, texts: new Map([...sources].map(([id, { text: message }]) => [id, message])), asts, at: (id) => at(sources.get(id)?.node) };
}

/**
 * The messages of a checked file. The formatter of each is made on first use only, since an
 * edition uses a fraction of the messages, from the check's parse when there is one. All of a
 * file's formatters share one set of Intl formatters (IntlMessageFormat makes a set per message
 * otherwise), and a message filled in with the same values again (a unit's name, a year, for every
 * figure on every page) is the same text: it is worked out once.
 */
function messagesOf(
  language: string,
  locale: string,
  texts: ReadonlyMap<string, string>,
  file: string,
  at: (id: string) => Location,
  asts: ReadonlyMap<string, MessageAst> = new Map(),
): Messages {
  const compiled = new Map<string, IntlMessageFormat>();
  const formatters = sharedFormatters();
  const formatter = (id: string) => {
    let format = compiled.get(id);
    if (!format && texts.has(id)) {
      format = new IntlMessageFormat(asts.get(id) ?? texts.get(id)!, locale, undefined, { ignoreTag: true, formatters });
      compiled.set(id, format);
    }
    return format;
  };
  const filled = new Map<string, string>();
  return {
    language,
    locale,
    has: (id) => texts.has(id),
    t(id, values = {}) {
      const key = `${id}\0${JSON.stringify(values)}`;
      const known = filled.get(key);
      if (known !== undefined) return known;
      const format = formatter(id);
      if (!format) {
        throw new CitypitchError(
          EXIT.renderFailed,
          `the message "${id}" is missing from ${file}`,
          [{ severity: "error", location: { file }, path: id, message: "message not found" }],
          "add it; templates/messages/en.yaml has every message citypitch uses",
        );
      }
      try {
        const text = String(format.format(values));
        filled.set(key, text);
        return text;
      } catch (error) {
        throw new CitypitchError(EXIT.renderFailed, `the message "${id}" in ${file} cannot be filled in: ${(error as Error).message}`, [
          { severity: "error", location: at(id), path: id, message: (error as Error).message },
        ]);
      }
    },
  };
}

/** Intl formatters made once per set of options, as IntlMessageFormat's own (unexported) default does per message. */
function sharedFormatters(): Formatters {
  const memo = <T>(make: (...args: never[]) => T) => {
    const made = new Map<string, T>();
    return (...args: unknown[]): T => {
      const key = JSON.stringify(args);
      let value = made.get(key);
      if (value === undefined) made.set(key, (value = make(...(args as never[]))));
      return value;
    };
  };
  return {
    getNumberFormat: memo((...args: ConstructorParameters<typeof Intl.NumberFormat>) => new Intl.NumberFormat(...args)),
    getDateTimeFormat: memo((...args: ConstructorParameters<typeof Intl.DateTimeFormat>) => new Intl.DateTimeFormat(...args)),
    getPluralRules: memo((...args: ConstructorParameters<typeof Intl.PluralRules>) => new Intl.PluralRules(...args)),
  };
}
