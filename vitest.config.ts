import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The packed-tarball test installs the tool from scratch (minutes): `npm run test:package`.
    exclude: [...configDefaults.exclude, "test/package/**"],
    // Rendering tests start a browser or spawn builds; a shared 2-core machine needs the headroom.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    globalSetup: ["test/setup/tempFolder.ts"],
    maxWorkers: 2,
  },
});
