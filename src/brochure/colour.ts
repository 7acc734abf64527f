/**
 * Colour arithmetic for brand palettes: every tint and shade the brochure draws is a mix of two
 * brand colours, computed in OKLab (a perceptual space, so a 20% tint of any hue looks about as
 * light as a 20% tint of any other), and text colours are pushed towards the paper or the ink
 * until they reach a contrast ratio that reads.
 */

type Rgb = [number, number, number];
type Lab = [number, number, number];

export function parseHex(hex: string): Rgb {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) throw new Error(`not a #RRGGBB colour: ${hex}`);
  const n = parseInt(m[1]!, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function toHex([r, g, b]: Rgb): string {
  const byte = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
  return `#${[r, g, b]
    .map((v) => byte(v).toString(16).padStart(2, "0"))
    .join("")
    .toUpperCase()}`;
}

const toLinear = (v: number) => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};
const fromLinear = (c: number) => 255 * (c <= 0.0031308 ? 12.92 * c : 1.055 * Math.max(0, c) ** (1 / 2.4) - 0.055);

function toLab(hex: string): Lab {
  const [r, g, b] = parseHex(hex).map(toLinear) as Rgb;
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s, 1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s, 0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s];
}

function fromLab([L, a, b]: Lab): string {
  const l = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s = (L - 0.0894841775 * a - 1.291485548 * b) ** 3;
  const r = 4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s;
  const g = -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s;
  const bl = -0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s;
  return toHex([fromLinear(r), fromLinear(g), fromLinear(bl)]);
}

/** `amount` of the way from `from` to `to` (0 gives `from`, 1 gives `to`), in OKLab. */
export function mix(from: string, to: string, amount: number): string {
  const a = toLab(from);
  const b = toLab(to);
  return fromLab([0, 1, 2].map((i) => a[i]! + (b[i]! - a[i]!) * amount) as Lab);
}

/** WCAG relative luminance, 0 (black) to 1 (white). */
export function luminance(hex: string): number {
  const [r, g, b] = parseHex(hex).map(toLinear) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours, 1 to 21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * `colour` itself when it reaches `ratio` against `ground`; otherwise the least mix of it towards
 * `towards` (the paper on dark grounds, the ink on light ones) that does.
 */
export function readable(colour: string, ground: string, ratio: number, towards: string): string {
  if (contrast(colour, ground) >= ratio) return colour;
  for (let t = 0.05; t < 1; t += 0.05) {
    const c = mix(colour, towards, t);
    if (contrast(c, ground) >= ratio) return c;
  }
  return towards;
}

/**
 * `colour` itself when it reaches `ratio` against `ground`; otherwise the same hue and saturation
 * (HSL), darker on a light ground or lighter on a dark one, at the first lightness that reaches it.
 * A pale brand blue becomes a deep blue, not the grey a mix towards black makes of it.
 */
export function shadeFor(colour: string, ground: string, ratio: number): string {
  if (contrast(colour, ground) >= ratio) return colour;
  const [h, s, l] = toHsl(parseHex(colour));
  const step = luminance(ground) > 0.18 ? -0.01 : 0.01;
  for (let light = l + step; light > 0 && light < 1; light += step) {
    const shade = toHex(fromHsl(h, s, light));
    if (contrast(shade, ground) >= ratio) return shade;
  }
  return step < 0 ? "#000000" : "#FFFFFF";
}

function toHsl([r, g, b]: Rgb): [number, number, number] {
  const [R, G, B] = [r / 255, g / 255, b / 255];
  const max = Math.max(R, G, B);
  const min = Math.min(R, G, B);
  const l = (max + min) / 2;
  if (max === min) return [0, 0, l];
  const d = max - min;
  const s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
  const h = max === R ? (G - B) / d + (G < B ? 6 : 0) : max === G ? (B - R) / d + 2 : (R - G) / d + 4;
  return [h / 6, s, l];
}

function fromHsl(h: number, s: number, l: number): Rgb {
  if (s === 0) return [l * 255, l * 255, l * 255];
  const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
  const p = 2 * l - q;
  const channel = (t: number) => {
    const u = t < 0 ? t + 1 : t > 1 ? t - 1 : t;
    if (u < 1 / 6) return p + (q - p) * 6 * u;
    if (u < 1 / 2) return q;
    if (u < 2 / 3) return p + (q - p) * (2 / 3 - u) * 6;
    return p;
  };
  return [channel(h + 1 / 3) * 255, channel(h) * 255, channel(h - 1 / 3) * 255];
}

/** Whether a colour is dark enough to carry light text. */
export function isDark(hex: string): boolean {
  return luminance(hex) < 0.18;
}

/** The colour pdfkit writes for `hex` in a content stream: "r g b" with 0–1 components. */
export function pdfTriple(hex: string): [number, number, number] {
  return parseHex(hex).map((v) => v / 255) as [number, number, number];
}
