import { defineConfig } from "vitest/config";

/** `npm run test:package`: the packed tool installed into an empty folder, apart from `npm test` because it compiles canvas. */
export default defineConfig({
  test: {
    include: ["test/package/**/*.test.ts"],
    testTimeout: 900_000,
    hookTimeout: 900_000,
    pool: "forks",
    globalSetup: ["test/setup/tempFolder.ts"],
  },
});
