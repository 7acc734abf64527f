/**
 * What a reader of a deck's Markdown needs besides it, to render it as the build does: the theme,
 * `.marprc.yml` for the Marp CLI run in that folder (theme, the HTML tags the templates write,
 * emoji and math as the build has them), and `.vscode/settings.json` for the VS Code Marp
 * extension. For a city's deck (stage.ts standaloneFiles) and a portfolio's comparison deck.
 */
import { MARP_CONFIG } from "./convert.ts";

export function standaloneDeckFiles(markdownFile: string, themeFile: string, theme: string): [string, string][] {
  const html = Object.entries(MARP_CONFIG.html)
    .map(([tag, attributes]) => `  ${tag}: [${attributes.map((a) => JSON.stringify(a)).join(", ")}]`)
    .join("\n");
  const marprc = [
    `# Marp CLI settings for ${markdownFile}, written by citypitch: run \`marp ${markdownFile}\` in this folder.`,
    `themeSet:`,
    `  - ./${themeFile}`,
    `html:`,
    html,
    `options:`,
    `  emoji: { shortcode: false, unicode: false }`,
    `  math: false`,
    ``,
  ].join("\n");
  const vscode = JSON.stringify({ "markdown.marp.themes": [`./${themeFile}`], "markdown.marp.html": "all" }, null, 2) + "\n";
  return [
    [themeFile, theme],
    [".marprc.yml", marprc],
    [".vscode/settings.json", vscode],
  ];
}
