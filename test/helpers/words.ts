/** The English wording the build uses, for tests that word figures without a whole city. */
import { createWording } from "../../src/content/format.ts";
import { loadMessages } from "../../src/content/messages.ts";
import { ROOT } from "./project.ts";

export const english = createWording(loadMessages(ROOT, "en"));

/** Wording joins numbers to units with no-break spaces; assertions about the words read them as spaces. */
export const plainSpaces = (text: string) => text.replace(/\u00A0/g, " ");
