/** Value labels of horizontal bars: beyond the bar, or inside its end when the room beyond is too small (a value of many digits). */
import { describe, expect, it } from "vitest";
import { barLabelsPlugin, type BarLabelOptions } from "../../src/charts/plugins/bars.ts";
import { TYPE } from "../../src/charts/theme.ts";

interface Drawn {
  text: string;
  x: number;
  align: string;
  font: string;
}

/** A chart of one bar from 0 to `right` px, `width` px wide, drawn into a context that records text (6 px a character at full size). */
function draw(right: number, text: string, width = 300): Drawn[] {
  const drawn: Drawn[] = [];
  const ctx = {
    font: "",
    fillStyle: "",
    strokeStyle: "",
    lineWidth: 0,
    lineJoin: "",
    textAlign: "left",
    textBaseline: "",
    save() {},
    restore() {},
    measureText(t: string) {
      const size = Number(/(\d+(?:\.\d+)?)px/.exec(this.font)?.[1] ?? 10);
      return { width: t.length * 6 * (size / 10) };
    },
    fillText(t: string, x: number) {
      drawn.push({ text: t, x, align: this.textAlign, font: this.font });
    },
    strokeText() {},
  };
  const bar = { getProps: () => ({ x: right, y: 20, base: 0, width: 0, height: 12, horizontal: true }) };
  const chart = { ctx, width, options: { indexAxis: "y" }, getDatasetMeta: () => ({ data: [bar] }) };
  const family = { family: "Inter", style: "normal", weight: "400" };
  const options: BarLabelOptions = {
    marks: [{ text, derived: false, colour: "#123456" }],
    ink: "#000000",
    muted: "#666666",
    halo: "#ffffff",
    marker: "derived",
    fonts: { heading: family, body: family, italic: family } as unknown as BarLabelOptions["fonts"],
  };
  (barLabelsPlugin.afterDatasetsDraw as unknown as (c: unknown, a: unknown, o: BarLabelOptions) => void)(chart, {}, options);
  return drawn;
}

describe("horizontal bar value labels", () => {
  it("sit beyond the bar when there is room", () => {
    const [label] = draw(150, "over 305");
    expect(label!.align).toBe("left");
    expect(label!.x).toBeGreaterThan(150);
  });

  it("go inside the bar's end when the label is longer than the room beyond it, never past the picture", () => {
    const long = "over 1,000,000,000,000,000";
    const [label] = draw(220, long);
    expect(label!.align).toBe("right");
    expect(label!.x).toBeLessThanOrEqual(220);
    expect(label!.x - long.length * 6).toBeGreaterThanOrEqual(0);
  });

  it("are set smaller beyond a bar too short to hold them, down to half size", () => {
    const [label] = draw(40, "over 1,000,000,000,000,000", 150);
    expect(label!.align).toBe("left");
    const size = Number(/(\d+(?:\.\d+)?)px/.exec(label!.font)![1]);
    expect(size).toBeLessThan(TYPE.value);
    expect(size).toBeGreaterThanOrEqual(TYPE.value / 2);
  });
});
