/** Axis ticks as the bar charts write them: no floating-point noise from Chart.js's stepping. */
import { describe, expect, it } from "vitest";
import { tickFormatter, type Look } from "../../src/charts/specs/common.ts";
import { english } from "../helpers/words.ts";

const tick = tickFormatter({ words: english } as Look);

describe("axis ticks", () => {
  it("writes the step Chart.js meant, not the binary sum it arrived as", () => {
    // 0.0001 + 0.0001 + ... as Chart.js adds its steps.
    expect(tick(0.00039999999999999996)).toBe("0.0004");
    expect(tick(0.00019999999999999998)).toBe("0.0002");
    expect(tick(0.30000000000000004)).toBe("0.3");
    expect(tick(0)).toBe("0");
  });

  it("keeps whole numbers and large ones as before", () => {
    expect(tick(150)).toBe("150");
    expect(tick(12_500)).toBe("12,500");
    expect(tick(1.5e12)).toBe(english.compact(1.5e12));
  });
});
