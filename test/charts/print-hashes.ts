/** Run by determinism.test.ts in fresh processes: prints the chart hashes and exits. */
import { chartHashes } from "./hashes.ts";

console.log((await chartHashes()).join("\n"));
