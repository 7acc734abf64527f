#!/usr/bin/env node
// An installed citypitch runs its compiled JavaScript (dist/, made by `npm run compile` when the
// package is packed), which starts fast. A checkout of the repository, where src/ sits beside
// bin/, runs the TypeScript through tsx's loader in this very process, so that an edit takes effect
// at once and Ctrl-C reaches the CLI's own handlers.
import { existsSync } from "node:fs";

const source = new URL("../src/cli.ts", import.meta.url);
if (existsSync(source)) {
  const { register } = await import("tsx/esm/api");
  register();
  await import(source.href);
} else {
  await import(new URL("../dist/cli.js", import.meta.url).href);
}
