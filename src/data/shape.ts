/** The shape layer of validation: zod issues turned into one located, readable problem each. */
import type { z } from "zod";
import type { Problem } from "../errors.ts";
import type { LoadedYaml } from "./load.ts";
import { formatPath, locate, locateValue, type PathKey } from "./locate.ts";

/** Where a shape problem is, and what it is: an unknown key, a text that is not one, or anything else. */
export interface ShapeFault {
  path: PathKey[];
  kind: "unknown-key" | "text" | "other";
}

export type ShapeResult<T> = { ok: true; value: T } | { ok: false; problems: Problem[]; paths: ShapeFault[] };

export function checkShape<S extends z.ZodType>(schema: S, source: LoadedYaml): ShapeResult<z.infer<S>> {
  const result = schema.safeParse(source.data, { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problems: result.error.issues.flatMap((issue) => issueToProblems(issue, source)),
    paths: result.error.issues.flatMap(faultsOf),
  };
}

function faultsOf(issue: z.core.$ZodIssue): ShapeFault[] {
  const path = issue.path as PathKey[];
  if (issue.code === "unrecognized_keys") return issue.keys.map((key) => ({ path: [...path, key], kind: "unknown-key" as const }));
  // A text field holding something else (a number, a list), or text the schema refuses (a control
  // character, too long): a stand-in text of the right shape lets the other checks run.
  const text =
    (issue.code === "invalid_type" && issue.expected === "string") ||
    (issue.code === "invalid_union" && typeof issue.input !== "object") ||
    (issue.code === "custom" && typeof issue.input === "string") ||
    ((issue.code === "too_big" || issue.code === "too_small") && issue.origin === "string");
  return [{ path, kind: text ? "text" : "other" }];
}

/**
 * The part of invalid data that cross-field checks can still be trusted with, so that one shape
 * problem does not hide the others: each figure with a shape problem is set aside, an unknown key
 * is left out, a text field that holds no valid text takes a stand-in, and the rest is parsed
 * again. The paths set aside or stood in for come back too, so that nothing is reported about
 * them twice, or as missing merely because it was set aside. Undefined when another problem
 * remains (a number or a list of the wrong shape): then only the shape problems are reported.
 */
export function withoutInvalidParts<S extends z.ZodType>(schema: S, data: unknown, faults: readonly ShapeFault[]): { value: z.infer<S>; removed: Set<string> } | undefined {
  const copy = structuredClone(data);
  const removed = new Set<string>();
  const parentOf = (path: readonly PathKey[]): Record<PathKey, unknown> | undefined => {
    let parent: unknown = copy;
    for (const key of path) parent = (parent as Record<PathKey, unknown> | undefined)?.[key];
    return typeof parent === "object" && parent !== null ? (parent as Record<PathKey, unknown>) : undefined;
  };
  for (const { path, kind } of faults) {
    const at = path.findIndex((key, i) => key === "figures" && i > 0 && typeof path[i + 1] === "string" && typeof path[0] === "string" && path[0] !== "charts");
    if (at >= 0) {
      const parent = parentOf(path.slice(0, at + 1));
      if (!parent || Array.isArray(parent)) return undefined;
      delete parent[path[at + 1]!];
      removed.add(path.slice(0, at + 2).join("."));
      continue;
    }
    const parent = parentOf(path.slice(0, -1));
    if (!parent || path.length === 0 || kind === "other") return undefined;
    if (kind === "unknown-key") delete parent[path.at(-1)!];
    else parent[path.at(-1)!] = STAND_IN;
    removed.add(formatPath(path));
  }
  const again = schema.safeParse(copy);
  return again.success ? { value: again.data, removed } : undefined;
}

/** The text a field of the wrong shape is checked with; nothing about it is reported. */
const STAND_IN = "(invalid)";

function issueToProblems(issue: z.core.$ZodIssue, source: LoadedYaml): Problem[] {
  const path = issue.path as PathKey[];
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      severity: "error",
      location: locate(source, [...path, key]),
      path: formatPath([...path, key]),
      message: `unknown field "${key}"`,
      hint: "check the spelling; the JSON Schema in schema/ lists every field an editor can autocomplete",
    }));
  }
  if (issue.code === "invalid_key") {
    // zod reports a record key that breaks its rule with the rule's own message inside.
    const inner = issue.issues[0]?.message;
    return [{ severity: "error", location: locate(source, path), path: formatPath(path), message: inner ? `key "${String(path.at(-1))}": ${inner}` : issue.message }];
  }
  const missing = issue.code === "invalid_type" && issue.input === undefined;
  return [
    {
      severity: "error",
      location: missing ? locate(source, path) : locateValue(source, path),
      path: formatPath(path) || "(top level)",
      message: missing ? `required field is missing (expected ${article(issue.expected)})` : describe(issue),
      hint: hintFor(issue),
    },
  ];
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `expected ${article(issue.expected)}, got ${shown(issue.input)}`;
    case "invalid_value":
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, got ${shown(issue.input)}`;
    case "too_small":
      return issue.origin === "array"
        ? `needs at least ${issue.minimum} item(s), has ${(issue.input as unknown[] | undefined)?.length ?? 0}`
        : issue.origin === "string"
          ? "must not be empty"
          : `must be at least ${issue.minimum}, got ${shown(issue.input)}`;
    case "too_big":
      return issue.origin === "array"
        ? `holds at most ${issue.maximum} item(s), has ${(issue.input as unknown[] | undefined)?.length ?? 0}`
        : `must be at most ${issue.maximum}, got ${shown(issue.input)}`;
    case "invalid_format":
      return `${issue.message}, got ${shown(issue.input)}`;
    default:
      return issue.message;
  }
}

function hintFor(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code === "custom" && typeof issue.params?.hint === "string") return issue.params.hint;
  if (issue.code === "invalid_type" && issue.expected === "number" && typeof issue.input === "string") {
    return "write the number without quotes, units or words; the unit goes in `unit`, words in `note`";
  }
  if (issue.code === "invalid_value" && issue.path.at(-1) === "unit") {
    return "units are listed in src/data/units.ts; add one there if the figure needs a new unit";
  }
  return undefined;
}

const ARTICLES: Record<string, string> = {
  number: "a number",
  string: "text",
  object: "a mapping (key: value lines)",
  array: "a list",
  boolean: "true or false",
};
function article(expected: string): string {
  return ARTICLES[expected] ?? expected;
}

function shown(input: unknown): string {
  if (input === undefined) return "nothing";
  if (input === null) return "an empty value";
  if (typeof input === "string") return JSON.stringify(input);
  if (Array.isArray(input)) return "a list";
  if (typeof input === "object") return "a mapping";
  return String(input);
}
