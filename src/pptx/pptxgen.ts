/**
 * pptxgenjs under NodeNext: its types describe a CommonJS module (the class under `default`), while
 * Node's ESM import gives the class itself. One place bridges the two.
 */
import * as pptxgen from "pptxgenjs";

type Module = typeof import("pptxgenjs");
export type PptxGenJS = InstanceType<Module["default"]>;
export type Slide = import("pptxgenjs").default.Slide;
export type TextProps = import("pptxgenjs").default.TextProps;
export type TextPropsOptions = import("pptxgenjs").default.TextPropsOptions;
export type TableCell = import("pptxgenjs").default.TableCell;
export type IChartOpts = import("pptxgenjs").default.IChartOpts;

const loaded = pptxgen as unknown as { default: Module["default"] | { default: Module["default"] } };
const Ctor = ("default" in loaded.default ? loaded.default.default : loaded.default) as Module["default"];

export function newPresentation(): PptxGenJS {
  return new Ctor();
}
