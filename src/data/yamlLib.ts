/**
 * The yaml library, loaded on first use. When the prefetch thread (prefetch.ts) parsed every file
 * clean, the main thread needs it only to point at a problem, so a build does not pay its load.
 * Required, not imported: the same CommonJS module Node gives an `import "yaml"` elsewhere.
 */
import { createRequire } from "node:module";

type Yaml = typeof import("yaml");
const require = createRequire(import.meta.url);
let lib: Yaml | undefined;

export const yaml = (): Yaml => (lib ??= require("yaml") as Yaml);
