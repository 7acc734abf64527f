/** A stopped child's whole tree is stopped, even a process it starts in a session of its own as it is being stopped. */
import { describe, expect, it } from "vitest";
import { runCommand } from "../../src/exec.ts";
import { expectNoProcessWith } from "../helpers/processes.ts";

describe.skipIf(process.platform !== "linux")("runCommand stopping a child at its time limit", () => {
  it("kills a descendant started in a session of its own after the tree was last read, once it is re-parented", async () => {
    const marker = `97${process.pid}3`;
    // On SIGTERM, the child starts a detached grandchild (as marp-cli's puppeteer starts its browser) and exits.
    const script = `trap 'setsid sleep ${marker} & exit 0' TERM; while true; do sleep 0.05; done`;
    const result = await runCommand("bash", ["-c", script], { timeoutMs: 400, graceMs: 2_000 });
    expect(result.timedOut).toBe(true);
    await expectNoProcessWith(marker);
  });
});
