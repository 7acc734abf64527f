/** Finding figures inside a city by their dotted paths, and computing derived values. */
import type { City, Derivation, Figure } from "./schema.ts";

export type FigureIndex = ReadonlyMap<string, Figure>;

function looksLikeFigure(value: unknown): value is Figure {
  return typeof value === "object" && value !== null && "value" in value && "unit" in value && "year" in value;
}

/** Every figure in the city, keyed by its dotted path ("connectivity.port.figures.throughput"). */
export function indexFigures(city: City): FigureIndex {
  const index = new Map<string, Figure>();
  const walk = (node: unknown, path: string[]) => {
    if (looksLikeFigure(node)) {
      index.set(path.join("."), node);
      return;
    }
    if (typeof node !== "object" || node === null || Array.isArray(node)) return;
    for (const [key, child] of Object.entries(node)) walk(child, [...path, key]);
  };
  walk(city, []);
  return index;
}

/** The value a derivation gives for its inputs, or a reason it cannot be computed. */
export function computeDerived(derivation: Derivation, inputs: readonly Figure[]): number | string {
  const values = inputs.map((f) => f.value);
  switch (derivation.method) {
    case "prior-from-growth": {
      if (values.length !== 2) return "prior-from-growth takes two inputs: the later value and its growth in per cent";
      const [later, growth] = values as [number, number];
      return later / (1 + growth / 100);
    }
    case "growth-rate": {
      if (values.length !== 2) return "growth-rate takes two inputs: the earlier and the later value";
      const [earlier, later] = values as [number, number];
      return earlier === 0 ? "growth from zero is undefined" : (later / earlier - 1) * 100;
    }
    case "scale":
      if (values.length !== 1) return "scale takes one input";
      if (derivation.factor === undefined) return "scale needs a `factor`";
      return values[0]! * derivation.factor;
    case "sum":
      return values.reduce((a, b) => a + b, 0);
  }
}

/**
 * Decimal places as written, so 145.25 must match its computation to within 0.005. Small numbers
 * print in exponent form (1e-7, 2.5e-8): their decimals are the mantissa's plus the exponent's.
 */
export function statedDecimals(value: number): number {
  const [mantissa, exponent = "0"] = String(value).split("e");
  const dot = mantissa!.indexOf(".");
  const decimals = dot === -1 ? 0 : mantissa!.length - dot - 1;
  return Math.max(0, decimals - Number(exponent));
}

export function matchesToStatedPrecision(stated: number, computed: number): boolean {
  const tolerance = 0.5 * 10 ** -statedDecimals(stated) + 1e-9;
  return Math.abs(stated - computed) <= tolerance;
}
