/**
 * pptxgenjs, loaded once, with partsZip.ts standing in for the jszip it zips with: its CommonJS
 * build (the same code as its ES build) is required with that stand-in in jszip's place in the
 * module cache, so jszip is never loaded (partsZip.ts says why). The cache entry is put back as it
 * was at once, so any other reader of jszip gets jszip. The types are the package's own.
 */
import { createRequire, Module } from "node:module";
import { PartsZip } from "./partsZip.ts";

type PptxModule = typeof import("pptxgenjs");
export type PptxGenJS = InstanceType<PptxModule["default"]>;
export type Slide = import("pptxgenjs").default.Slide;
export type TextProps = import("pptxgenjs").default.TextProps;
export type TextPropsOptions = import("pptxgenjs").default.TextPropsOptions;
export type TableCell = import("pptxgenjs").default.TableCell;
export type IChartOpts = import("pptxgenjs").default.IChartOpts;

const require = createRequire(import.meta.url);

function load(): PptxModule["default"] {
  const main = require.resolve("pptxgenjs");
  const jszip = createRequire(main).resolve("jszip");
  const before = require.cache[jszip];
  const stand = new Module(jszip);
  stand.filename = jszip;
  stand.loaded = true;
  stand.exports = PartsZip;
  require.cache[jszip] = stand;
  try {
    // Loaded before with jszip itself (nothing else here requires it): loaded again, with the stand-in.
    delete require.cache[main];
    return require(main) as PptxModule["default"];
  } finally {
    if (before) require.cache[jszip] = before;
    else delete require.cache[jszip];
  }
}

let Ctor: PptxModule["default"] | undefined;

export function newPresentation(): PptxGenJS {
  Ctor ??= load();
  return new Ctor();
}
