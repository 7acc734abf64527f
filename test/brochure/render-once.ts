/** `tsx test/brochure/render-once.ts <slug> <out.pdf>`: one brochure in a fresh process (for the reproducibility test). */
import { writeFileSync } from "node:fs";
import { brochureFor } from "./project.ts";

const [slug = "dalian", out = "brochure.pdf"] = process.argv.slice(2);
writeFileSync(out, await brochureFor(slug));
