/** The shape layer of validation: zod issues turned into one located, readable problem each. */
import type { z } from "zod";
import type { Problem } from "../errors.ts";
import type { LoadedYaml } from "./load.ts";
import { formatPath, locate, locateValue, type PathKey } from "./locate.ts";

export type ShapeResult<T> = { ok: true; value: T } | { ok: false; problems: Problem[]; paths: PathKey[][] };

export function checkShape<S extends z.ZodType>(schema: S, source: LoadedYaml): ShapeResult<z.infer<S>> {
  const result = schema.safeParse(source.data, { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problems: result.error.issues.flatMap((issue) => issueToProblems(issue, source)),
    paths: result.error.issues.map((issue) => issue.path as PathKey[]),
  };
}

/**
 * The part of invalid data that cross-field checks can still be trusted with: each figure with a
 * shape problem is set aside, and the rest parsed again. The set-aside figures' paths come back
 * too, so that nothing is reported as missing merely because it was set aside. Undefined when a
 * problem lies outside the figures: then only the shape problems are reported.
 */
export function withoutInvalidFigures<S extends z.ZodType>(schema: S, data: unknown, paths: readonly PathKey[][]): { value: z.infer<S>; removed: Set<string> } | undefined {
  const copy = structuredClone(data);
  const removed = new Set<string>();
  for (const path of paths) {
    const at = path.findIndex((key, i) => key === "figures" && i > 0 && typeof path[i + 1] === "string" && typeof path[0] === "string" && path[0] !== "charts");
    if (at < 0) return undefined;
    let parent: unknown = copy;
    for (const key of path.slice(0, at + 1)) parent = (parent as Record<PathKey, unknown> | undefined)?.[key];
    if (typeof parent !== "object" || parent === null || Array.isArray(parent)) return undefined;
    delete (parent as Record<PathKey, unknown>)[path[at + 1]!];
    removed.add(path.slice(0, at + 2).join("."));
  }
  const again = schema.safeParse(copy);
  return again.success ? { value: again.data, removed } : undefined;
}

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
