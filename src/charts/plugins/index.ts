/** The chart plugins, and their options typed into Chart.js's `options.plugins`. */
import type { ChartType } from "chart.js";
import type { BackgroundOptions } from "./background.ts";
import type { BarLabelOptions, GrowthOptions } from "./bars.ts";
import type { NotesOptions } from "./notes.ts";
import type { PanelsOptions } from "./panels.ts";
import type { RingsOptions } from "./rings.ts";

export { backgroundPlugin } from "./background.ts";
export { barLabelsPlugin, growthPlugin, type BarMark, type GrowthStep } from "./bars.ts";
export { notesPlugin, NOTE_HEIGHT } from "./notes.ts";
export { panelsPlugin, type Panel } from "./panels.ts";
export { ringsPlugin, type RingKey } from "./rings.ts";

declare module "chart.js" {
  // The type parameter must match Chart.js's declaration for the interfaces to merge.
  interface PluginOptionsByType<TType extends ChartType> {
    cpBackground: BackgroundOptions;
    cpBars: BarLabelOptions;
    cpGrowth: GrowthOptions;
    cpNotes: NotesOptions;
    cpPanels: PanelsOptions;
    cpRings: RingsOptions;
  }
}
