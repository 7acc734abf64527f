// Loaded with `node --import`: records every package a run imports, so a test can tell which
// renderers a build loaded. The hook runs off the main thread and appends to the file named in
// CITYPITCH_TEST_IMPORTS.
import { register } from "node:module";

register("./record-imports-hook.mjs", import.meta.url, { data: { file: process.env.CITYPITCH_TEST_IMPORTS } });
