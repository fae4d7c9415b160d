import { defineConfig } from "vitest/config";

/**
 * The opt-in tier against a real cluster: `KUBEWIRE_TEST_KUBECONFIG=~/.kube/kind npm run test:cluster`.
 * Without the variable every test is skipped and a notice says why.
 */
export default defineConfig({
  test: {
    include: ["test/cluster/**/*.test.ts"],
    globalSetup: ["test/cluster/notice.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
