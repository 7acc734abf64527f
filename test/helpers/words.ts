/** The English wording the build uses, for tests that word figures without a whole city. */
import { createWording } from "../../src/content/format.ts";
import { loadMessages } from "../../src/content/messages.ts";
import { ROOT } from "./project.ts";

export const english = createWording(loadMessages(ROOT, "en"));
