import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Where the real kubectl binaries live on the reference machine. */
export const KUBECTL_DIR = "/usr/lib/google-cloud-sdk/bin";

/**
 * The path of a real kubectl binary, or undefined when it is missing. With CI=true a missing binary is an error,
 * so a CI run can never pass by skipping the comparison with the real thing.
 */
export function kubectlBinary(version: string): string | undefined {
  const path = `${KUBECTL_DIR}/kubectl.${version}`;
  if (existsSync(path)) return path;
  if (process.env.CI === "true")
    throw new Error(`kubectl ${version} is required in CI but ${path} does not exist`);
  return undefined;
}

export interface KubectlRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs kubectl with the given arguments; never throws on a non-zero exit. */
export async function runKubectl(
  binary: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<KubectlRun> {
  try {
    const { stdout, stderr } = await run(binary, args, {
      env: { PATH: process.env.PATH, ...env },
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}
