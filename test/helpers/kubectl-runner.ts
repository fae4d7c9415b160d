import { execFile } from "node:child_process";
import { KUBECTL_HANG_MS, kubectlPath, kubectlTestsRun } from "./kubectl-binary.js";

/** The cassette tests' name for the shared policy (kubectl-binary.ts): run when present, always in CI. */
export const kubectlRuns = (version: string): boolean => kubectlTestsRun(version);

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a kubectl asynchronously (a replay server in this process must keep answering meanwhile). */
export function runKubectl(
  version: string,
  args: string[],
  timeoutMs = KUBECTL_HANG_MS,
): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    execFile(
      kubectlPath(version),
      args,
      { encoding: "utf8", timeout: timeoutMs, env: { PATH: process.env.PATH ?? "", HOME: "/nonexistent" } },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") {
          reject(new Error(`kubectl ${version} did not run: ${error.message}`, { cause: error }));
          return;
        }
        resolve({ code: typeof error?.code === "number" ? error.code : 0, stdout, stderr });
      },
    );
  });
}

/**
 * The response bodies a kubectl `-v=9` log shows, in order: `Response Body: ...` lines (1.27–1.31) and the
 * structured `"Response Body" body=<` blocks (1.32+). Truncated bodies end in `[truncated N chars]`.
 */
export function responseBodiesFromLog(log: string): string[] {
  const out: string[] = [];
  const lines = log.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const legacy = /\] Response Body: (.*)$/.exec(line);
    if (legacy) out.push(legacy[1]!);
    else if (/"Response Body" body=<$/.test(line) && lines[i + 1]?.startsWith("\t"))
      out.push(lines[i + 1]!.slice(1));
  }
  return out;
}
