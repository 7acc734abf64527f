/**
 * Whether a city's local name tells a reader anything that its name in the edition's language does
 * not. Not when the two are the same, nor when both are written wholly in Han characters, as many
 * of each: that is one name in two forms of its characters (大連 in a Japanese edition over the
 * local 大连; 东京 in a Chinese one over 東京), which reads as the title set twice. Han names are
 * read character by character, so two of the same length are one name in all but the rarest cases;
 * a name in kana, Hangul or Latin letters beside the Han one (ハルビン, 哈尔滨) is kept.
 */
export function showsLocalName(name: { en: string; local: string }): boolean {
  if (name.local === name.en) return false;
  const han = (text: string) => [...text.replace(/\s+/g, "")].filter((ch) => !HAN.test(ch)).length === 0;
  return !(han(name.en) && han(name.local) && [...name.en.replace(/\s+/g, "")].length === [...name.local.replace(/\s+/g, "")].length);
}

const HAN = /\p{Script=Han}/u;
