/**
 * What package.json promises an installed user: every package src/ loads at run time is a declared
 * runtime dependency (not a dev one that `npm install --omit=dev` leaves out), every runtime
 * dependency is used, and `engines` admits no Node that a runtime dependency refuses.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/project.ts";

const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  engines: { node: string };
};
const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as {
  packages: Record<string, { dev?: boolean; devOptional?: boolean; engines?: { node?: string } }>;
};

const sources = (readdirSync(join(ROOT, "src"), { recursive: true }) as string[])
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
  .map((f) => readFileSync(join(ROOT, "src", f), "utf8"));
const packageOf = (specifier: string) =>
  specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/");
/** Loaded only when running src/*.ts in a checkout, where dev dependencies are installed (see src/lanes/lane.ts). */
const CHECKOUT_ONLY = new Set(["tsx"]);

/** Packages src/ loads at run time: value imports, dynamic imports, require and require.resolve, not `import type`. */
function runtimeImports(): Set<string> {
  const found = new Set<string>();
  // A specifier starting with "." or "/" is a file or a URL (the dev preview page's own scripts), not a package.
  const patterns = [
    /^import\s+(?!type\s)[^;]*?from\s+"([^"./][^"]*)"/gm,
    /^import\s+"([^"./][^"]*)"/gm,
    /\bimport\("([^"./][^"]*)"\)/g,
    /\.resolve\("([^"./][^"]*)"\)/g,
    /\brequire\("([^"./][^"]*)"\)/g,
    /createRequire\(import\.meta\.url\)\("([^"./][^"]*)"\)/g,
  ];
  for (const text of sources) {
    for (const pattern of patterns)
      for (const [, specifier] of text.matchAll(pattern)) if (!specifier!.startsWith("node:") && !CHECKOUT_ONLY.has(packageOf(specifier!))) found.add(packageOf(specifier!));
  }
  return found;
}

describe("package.json", () => {
  it("declares every package src/ loads at run time as a runtime dependency", () => {
    const imports = [...runtimeImports()].sort();
    expect(imports.length).toBeGreaterThan(10);
    expect(imports.filter((name) => !(name in pkg.dependencies))).toEqual([]);
  });

  it("uses every runtime dependency (font packages through the brand's font paths)", () => {
    const imports = runtimeImports();
    const text = [...sources, readFileSync(join(ROOT, "data", "brand.yaml"), "utf8")].join("\n");
    // src/data/scriptFonts.ts names its font packages by their short name ("noto-sans-jp").
    const named = (name: string) => text.includes(`node_modules/${name}/`) || (name.startsWith("@expo-google-fonts/") && text.includes(`"${name.split("/")[1]}"`));
    // A peer dependency of a package in use (chart.js, which chartjs-node-canvas drives) is in use too.
    const peerOf = (name: string) => Object.keys(JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")).peerDependencies ?? {});
    const peers = new Set([...imports].flatMap(peerOf));
    const unused = Object.keys(pkg.dependencies).filter((name) => !imports.has(name) && !peers.has(name) && !named(name));
    expect(unused).toEqual([]);
  });

  it("asks for a Node that every runtime dependency supports, and this one is such a Node", () => {
    const refused = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== "" && !entry.dev && !entry.devOptional && entry.engines?.node)
      .filter(([, entry]) => !semver.subset(pkg.engines.node, entry.engines!.node!))
      .map(([path, entry]) => `${path} wants node ${entry.engines!.node}`);
    expect(refused).toEqual([]);
    expect(semver.satisfies(process.version, pkg.engines.node)).toBe(true);
  });
});
