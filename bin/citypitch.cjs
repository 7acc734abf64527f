#!/usr/bin/env node
// An installed citypitch runs its compiled JavaScript (dist/, made by `npm run compile` when the
// package is packed), which starts fast. A checkout of the repository, where src/ sits beside
// bin/, runs the TypeScript through tsx's loader in this very process, so that an edit takes effect
// at once and Ctrl-C reaches the CLI's own handlers.
//
// CommonJS, so that this runs before Node's ESM loader, which reads the modules it loads on libuv's
// thread pool and so starts the pool: its size is read once, then. On a machine of few cores the
// pool gets as many threads as there are cores, not libuv's four: more threads than cores add no
// speed, and each thread that deflates the charts' PNGs keeps a malloc arena of its own, whose freed
// buffers stay resident (some 80 MiB in a build of fifteen cities on two cores). A size the user
// set is kept.
"use strict";
const { existsSync } = require("node:fs");
const { availableParallelism } = require("node:os");
const { join } = require("node:path");
const { pathToFileURL } = require("node:url");

process.env.UV_THREADPOOL_SIZE ??= String(Math.min(4, Math.max(2, availableParallelism())));
// The CLI handles its own errors; this is for one that keeps it from loading at all.
const notLoaded = (error) => {
  console.error(error);
  process.exitCode = 1;
};
const source = join(__dirname, "..", "src", "cli.ts");
if (existsSync(source)) {
  import("tsx/esm/api")
    .then(({ register }) => {
      register();
      return import(pathToFileURL(source).href);
    })
    .catch(notLoaded);
} else {
  import(pathToFileURL(join(__dirname, "..", "dist", "cli.js")).href).catch(notLoaded);
}
