import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    exclude: ["**/node_modules/**", "**/.data/**", "**/cdk.out/**"],
    // fast-check property tests set their own run counts; keep the default per-test timeout generous for CI's 2 cores.
    testTimeout: 30_000,
    // `npx vitest run` runs both; `npx vitest run --project unit` skips starting the local services.
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["**/*.unit.test.ts", "**/*.property.test.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["**/*.int.test.ts"],
          // Starts DynamoDB Local and fauxqs once per run; each file provisions its own prefixed resources.
          globalSetup: ["packages/test-harness/src/global-setup.ts"],
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          // The whole local platform, started by each file through the CLI and driven over HTTP and the CLI.
          include: ["**/*.e2e.test.ts"],
          // The browser tests (test/web) need the pages built; building once here keeps files from racing.
          globalSetup: ["test/web/build-pages.ts"],
          testTimeout: 240_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
