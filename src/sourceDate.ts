/** SOURCE_DATE_EPOCH, read on its own so every command can check it without loading the content code. */
import { CitypitchError, EXIT } from "./errors.ts";

/** Latest date a PDF's date fields can carry (year 9999), in seconds since 1970. */
const LAST_EPOCH = 253402300799;

/** SOURCE_DATE_EPOCH as a date; unset or empty is undefined, anything else not a date is a usage error. */
export function sourceDateEpoch(env: NodeJS.ProcessEnv = process.env): Date | undefined {
  const epoch = env.SOURCE_DATE_EPOCH?.trim();
  if (!epoch) return undefined;
  if (!/^\d{1,12}$/.test(epoch) || Number(epoch) > LAST_EPOCH) {
    throw new CitypitchError(
      EXIT.usage,
      `SOURCE_DATE_EPOCH is "${epoch.slice(0, 40)}", which is not a date citypitch can stamp`,
      [],
      `set it to whole seconds since 1970 between 0 and ${LAST_EPOCH} (for example \`date +%s\`), or unset it to use each edition's date`,
    );
  }
  return new Date(Number(epoch) * 1000);
}
