/**
 * Testville (fictional) with editions: a Chinese edition with a few fields translated, and an
 * English edition prepared for a fictional investor, with its own contact and sections.
 */
import { copyFixture, edit } from "../helpers/project.ts";

export const AUDIENCE = { organisation: "Acme Fixture Holdings", person: "Jane Example" };

/** The edition block and translations, appended to a copy of the Testville fixture. */
export const EDITIONS_YAML = `
translations:
  zh-Hans: { status: draft, by: Fixture Translator }
editions:
  - id: zh
    language: zh-Hans
    formats: [charts, brochure]
  - id: acme
    language: en
    formats: [charts, brochure, pptx]
    audience: { organisation: ${AUDIENCE.organisation}, person: ${AUDIENCE.person} }
    sections: { order: [industry, port], exclude: [talent, air] }
    contact: { name: Fixture Desk, email: desk@fixture.example }
`;

export function editionsFixture(): string {
  const data = copyFixture();
  const file = "cities/testville.yaml";
  edit(data, file, "  romanised: Cèshìchéng\n", "  romanised: Cèshìchéng\n  translated: { zh-Hans: 测试城 }\n");
  edit(
    data,
    file,
    "tagline: North Testland's seaport, gateway to Fixturia and Mockonia, and a software and services base\n",
    "tagline:\n  en: North Testland's seaport, gateway to Fixturia and Mockonia, and a software and services base\n  zh-Hans: 测试兰北部的海港，通往菲克斯图里亚和莫科尼亚的门户，软件与服务基地\n" +
      EDITIONS_YAML,
  );
  edit(data, file, "  title: Investor profile, service outsourcing\n", "  title:\n    en: Investor profile, service outsourcing\n    zh-Hans: 投资概况：服务外包\n");
  return data;
}
