import { describe, expect, it } from "vitest";
import { joinSentences } from "../../src/content/sentences.ts";

describe("sentences one after another", () => {
  it("puts a space between them, none after a full-width stop or closing mark", () => {
    expect(joinSentences(["One.", "Two."])).toBe("One. Two.");
    expect(joinSentences(["残す。", "別の読み方。"])).toBe("残す。別の読み方。");
    expect(joinSentences(["出典：年鑑（2008）", "算出値。"])).toBe("出典：年鑑（2008）算出値。");
    expect(joinSentences(["「四大基地」", "之一。"])).toBe("「四大基地」之一。");
    expect(joinSentences(["Only."])).toBe("Only.");
  });
});
