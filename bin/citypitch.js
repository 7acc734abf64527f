#!/usr/bin/env node
// Runs the TypeScript CLI in this very process (tsx's loader, no child process), so Ctrl-C and
// `kill` reach the CLI's own handlers, which clean up before exiting.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
