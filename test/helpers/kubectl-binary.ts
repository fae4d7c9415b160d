import { execFile } from "node:child_process";
import { existsSync } from "node:fs";

/** Where the real kubectl binaries live (docs/design.md, "Exactness"). */
export const KUBECTL_DIR = "/usr/lib/google-cloud-sdk/bin";

/**
 * How long a kubectl run may take before the test calls it hung. Generous on purpose: a run takes a fraction of a
 * second, but a machine under load may stretch that many times, and a hang is the only thing this catches.
 */
export const KUBECTL_HANG_MS = 180_000;

/** Where `kubectl.<version>` is, whether or not it exists. */
export function kubectlPath(version: string): string {
  return `${KUBECTL_DIR}/kubectl.${version}`;
}

/** The path of `kubectl.<version>`, or undefined when this machine has none. */
export function kubectlBinary(version = "1.33"): string | undefined {
  const path = kubectlPath(version);
  return existsSync(path) ? path : undefined;
}

/**
 * Whether tests that need real kubectl binaries should run: always when they exist; in CI (`CI=true`) also when
 * they do not, so that running them fails the test instead of letting it be skipped. The one place this policy
 * lives: every kubectl test asks here.
 */
export function kubectlTestsRun(versions: string | readonly string[] = "1.33"): boolean {
  const all = typeof versions === "string" ? [versions] : versions;
  return all.every((v) => kubectlBinary(v) !== undefined) || process.env.CI === "true";
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
      { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env }, cwd, timeout: KUBECTL_HANG_MS },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs tasks with at most `limit` in flight (kubectl runs are processes; the machine has two cores). */
export async function runPool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
