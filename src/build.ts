import type { ExitCode } from "./errors.ts";
import type { Options } from "./options.ts";
import { runCheck } from "./commands/check.ts";
export async function runBuild(slugs: readonly string[], options: Options): Promise<ExitCode> {
  return runCheck(slugs, options);
}
