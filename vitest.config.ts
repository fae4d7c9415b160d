import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    exclude: ["test/cluster/**"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
