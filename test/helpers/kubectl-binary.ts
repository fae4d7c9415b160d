import { execFile } from "node:child_process";
import { existsSync } from "node:fs";

/** Where the real kubectl binaries live (DESIGN.md, "kubectl fidelity"). */
export const KUBECTL_DIR = "/usr/lib/google-cloud-sdk/bin";

/** The path of `kubectl.<version>`, or undefined when this machine has none. */
export function kubectlBinary(version = "1.33"): string | undefined {
  const path = `${KUBECTL_DIR}/kubectl.${version}`;
  return existsSync(path) ? path : undefined;
}

/**
 * Whether tests that need a real kubectl should run: always when the binary exists; in CI (`CI=true`) also when it
 * does not, so that requireKubectl fails the test instead of letting it be skipped.
 */
export function kubectlTestsRun(version = "1.33"): boolean {
  return kubectlBinary(version) !== undefined || process.env.CI === "true";
}

export function requireKubectl(version = "1.33"): string {
  const bin = kubectlBinary(version);
  if (!bin) throw new Error(`kubectl.${version} is not installed in ${KUBECTL_DIR} (required when CI=true)`);
  return bin;
}

export interface KubectlRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a real kubectl with exactly the given environment (no inherited KUBECONFIG or HOME). */
export function runKubectl(
  bin: string,
  args: string[],
  env: Record<string, string>,
  cwd?: string,
): Promise<KubectlRun> {
  return new Promise((resolve) => {
    execFile(
      bin,
      args,
      { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env }, cwd, timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
