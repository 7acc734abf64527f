import type { ExitCode } from "../errors.ts";
import type { Options } from "../options.ts";
export async function runNew(_args: readonly string[], _options: Options): Promise<ExitCode> { return 0; }
