/**
 * A chart as a figure: number and title, the image at its intended size (or scaled down to the
 * content box, keeping its aspect), caption and source line. Never split, and floats to the next
 * page when it does not fit; tagged as a Figure with the chart's alt text.
 */
import type { ChartArtifact } from "../../context.ts";
import type { Wording } from "../../content/format.ts";
import { citeMarks } from "../../content/references.ts";
import type { Flowable } from "../flowable.ts";
import { artifact, child, tagged, textMarker } from "../tagging.ts";
import { linesHeight, plain, type Typesetter } from "../text.ts";
import type { Theme } from "../theme.ts";
import { SIZES } from "../../charts/theme.ts";

const MIN_IMAGE_SCALE = 0.4;

export function chartBlock(ts: Typesetter, theme: Theme, words: Wording, chart: ChartArtifact, number: number, section: string): Flowable {
  const width = theme.content.width;
  const space = theme.space;
  const kicker = ts.set(plain(words.messages.t("brochure.figure", { number: String(number) })), theme.text.h3, width);
  const title = ts.set(plain(chart.title), theme.text.figureTitle, width);
  const caption = ts.set(plain(chart.caption), theme.text.caption, width);
  const marks = citeMarks(chart.refs);
  // The marks are a citation, kept on one line as the typesetter keeps one ("[1, 5," never ends a line).
  const source = ts.set([{ text: chart.sourceLine }, ...(marks ? [{ text: " " }, { text: marks, cite: true }] : [])], theme.text.source, width);
  const above = linesHeight(kicker) + linesHeight(title) + space.s;
  const below = space.s + linesHeight(caption) + space.xs + linesHeight(source);
  // Sized so that two figures always share a page (on Letter this shrinks them a little); a chart
  // grown past the standard sizes for its many rows (charts/spec.ts) takes a page of its own
  // instead, rather than shrink its labels to half.
  const room = (chart.heightPt > SIZES.hbarTall.heightPt ? theme.content.height : (theme.content.height - space.l) / 2) - above - below;
  // A very long title or caption leaves the image less room, but never shrinks it past legibility:
  // the block then needs more than half a page (or, past a page, stops the build naming the field).
  const scale = Math.max(MIN_IMAGE_SCALE, Math.min(1, width / chart.widthPt, room / chart.heightPt));
  const imageWidth = chart.widthPt * scale;
  const imageHeight = chart.heightPt * scale;
  return {
    kind: "chart",
    float: true,
    height: above + imageHeight + below,
    spaceBefore: space.l,
    spaceAfter: space.l,
    section,
    draw(env, x, y) {
      const { doc } = env;
      const parent = env.parent();
      const head = child(doc, parent, "P");
      let cursor = env.ts.draw(kicker, x, y, textMarker(doc, head, "P"));
      cursor = env.ts.draw(title, x, cursor, textMarker(doc, head, "P"));
      const top = cursor + space.s;
      artifact(doc, () => {
        doc.rect(x, cursor + space.xs, width, 0.5).fill(env.tone(theme.colours.rule));
      });
      tagged(doc, parent, "Figure", () => doc.image(chart.png, x, top, { width: imageWidth, height: imageHeight }), {
        alt: chart.alt,
        bbox: [x, top, x + imageWidth, top + imageHeight],
        placement: "Block",
      });
      const cap = child(doc, parent, "Caption");
      cursor = env.ts.draw(caption, x, top + imageHeight + space.s, textMarker(doc, cap, "Caption"));
      env.ts.draw(source, x, cursor + space.xs, textMarker(doc, cap, "Caption"));
    },
  };
}

/** pdfkit decodes PNGs with alpha asynchronously, which reorders objects and breaks byte-identical output. */
export function assertOpaquePng(chart: ChartArtifact): void {
  const png = chart.png;
  const isPng = png.length > 26 && png.readUInt32BE(0) === 0x89504e47;
  const colourType = isPng ? png[25] : undefined;
  if (colourType === 4 || colourType === 6) {
    throw new Error(`chart "${chart.id}" is a PNG with an alpha channel; the chart stage must deliver RGB (see ChartArtifact.png)`);
  }
  if (!isPng) throw new Error(`chart "${chart.id}" is not a PNG`);
}
