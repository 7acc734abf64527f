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

// On two cores or fewer, V8 runs without its background threads (--single-threaded): its garbage
// collector and optimizing compiler then work on the thread that needs them, not on threads of their
// own. A build keeps both cores busy from start to end (this thread, the worker lane and the
// browser), so V8's helper threads (four, whatever the cores) only took turns from them: 2.2 s of
// CPU in a build of fifteen cities and their portfolio, where working inline costs about 1 s more
// on the two threads. In 10 interleaved runs that build took 4.6 % less wall time and 5.5 % less
// CPU; one city alike within the noise (the bench's cases, run through this bin). The flag takes
// effect only when node starts (set at run time, V8 aborts), so this process starts node again
// with it and stands by, having loaded nothing else. A V8 threading flag the user gave is kept.
const V8_THREADING = /^--(single-threaded|single-threaded-gc|v8-pool-size|(no-)?(concurrent|parallel)-[a-z-]+)(=|$)/;
const givenToNode = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)];
if (availableParallelism() <= 2 && !givenToNode.some((arg) => V8_THREADING.test(arg))) {
  runWithoutV8Threads();
} else {
  run();
}

function runWithoutV8Threads() {
  const { spawn } = require("node:child_process");
  const child = spawn(process.execPath, [...process.execArgv, "--single-threaded", __filename, ...process.argv.slice(2)], { stdio: "inherit" });
  // A signal sent to this process (kill, a CI runner stopping the job) goes on to the CLI, which
  // undoes what is half done and exits with the shell's code (src/interrupt.ts). Ctrl-C reaches
  // both from the terminal; the CLI's handler exits on the first.
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"];
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of signals) process.on(signal, forward);
  // A node that cannot be started again (no process left to spare) still leaves this one: the CLI
  // runs here, with V8's threads.
  child.on("error", () => {
    for (const signal of signals) process.off(signal, forward);
    run();
  });
  child.on("exit", (code, signal) => {
    for (const s of signals) process.off(s, forward);
    if (signal) process.kill(process.pid, signal);
    else process.exitCode = code ?? 1;
  });
}

function run() {
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
}
