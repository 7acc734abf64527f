/** Writes JSON Schemas for the data files, so editors autocomplete and check the YAML. */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { BrandFile, CityFile, IndicatorCatalogue, Portfolio, SourceRegistryFile } from "../src/data/schema.ts";

/** An optional argument names another folder, so a test can compare a fresh export with schema/. */
const outDir = process.argv[2] ?? join(import.meta.dirname, "..", "schema");
await mkdir(outDir, { recursive: true });
const schemas = [
  ["city", CityFile],
  ["brand", BrandFile],
  ["sources", SourceRegistryFile],
  ["indicators", IndicatorCatalogue],
  ["portfolio", Portfolio],
] as const;
for (const [name, schema] of schemas) {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  await writeFile(join(outDir, `${name}.schema.json`), JSON.stringify(json, null, 2) + "\n");
  console.log(join(outDir, `${name}.schema.json`));
}
