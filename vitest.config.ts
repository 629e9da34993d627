import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/.data/**", "**/cdk.out/**"],
    // fast-check property tests set their own run counts; keep the default per-test timeout generous for CI's 2 cores.
    testTimeout: 30_000,
  },
});
