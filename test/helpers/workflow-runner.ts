/**
 * Runs the differential kubectl workflows of fixtures/workflows/ (recorded against a real kube-apiserver 1.28.7;
 * README.md there explains the format) against a server, step by step, as fixtures/workflows/workflow.py runs them:
 * a fresh namespace named after the workflow, a kubeconfig whose context points at it, one cache directory per
 * workflow, every kubectl in an empty HOME with a clean environment, curl steps sent with the server's credentials.
 * One difference, so that no test depends on wall-clock time: a step's `settle` advances the server's clock (when
 * the target can) instead of sleeping.
 */
import { spawn } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { request as httpRequest } from "node:http";
import type { IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kubectlPath } from "./kubectl-binary.js";
import { firstLines, normalizeBody, normalizeOutput, pythonJson } from "./workflow-normalize.js";
import type { NormalizeContext } from "./workflow-normalize.js";

export interface CurlStep {
  method?: string;
  path: string;
  body?: string | Record<string, unknown>;
  headers?: Record<string, string>;
}

export interface WorkflowStep {
  kubectl?: string;
  args?: string[];
  stdin?: string;
  env?: Record<string, string>;
  files?: Record<string, string>;
  timeout?: number;
  curl?: CurlStep;
  settle?: number;
  omit?: string[];
}

export interface Workflow {
  name: string;
  namespace?: string;
  cleanup?: string[];
  steps: WorkflowStep[];
}

export type StepResult =
  { exit: number; stdout: string; stderr: string } | { status: number; body: string; warnings?: string[] };

export interface ExpectedWorkflow {
  name: string;
  steps: (StepResult | null)[];
}

/** The server a workflow runs against. */
export interface WorkflowTarget {
  url: string;
  ca?: string | undefined;
  token?: string | undefined;
  /** Moves the server's clock forward (a step's `settle`); without it the runner sleeps. */
  advanceClock?: (seconds: number) => void;
}

export const DEFAULT_KUBECTL = "1.33";
const WATCH = /[?&]watch=(?!0|false)/;

/** Every workflow of a folder with its expected answers, by file name. */
export function loadWorkflows(
  dir: string,
): { file: string; workflow: Workflow; expected: ExpectedWorkflow }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json"))
    .sort()
    .map((file) => ({
      file,
      workflow: JSON.parse(readFileSync(join(dir, file), "utf8")) as Workflow,
      expected: JSON.parse(
        readFileSync(join(dir, file.replace(/\.json$/, ".expected.json")), "utf8"),
      ) as ExpectedWorkflow,
    }));
}

function substitute<T>(value: T, ns: string): T {
  if (typeof value === "string") return value.split("{ns}").join(ns) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => substitute(v, ns)) as T;
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, ns)])) as T;
  return value;
}

export function namespaceOf(wf: Workflow): string {
  return (
    wf.namespace ??
    wf.name
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 63)
  );
}

/** workflow.py's `generate_names` (over Python's json.dumps of the workflow). */
function generateNames(wf: Workflow): string[] {
  const text = pythonJson(wf);
  const found = [...text.matchAll(/generateName\\?"?:\s*\\?"?([a-z0-9][a-z0-9.-]*-)/g)].map((m) => m[1]!);
  return [...new Set(found)].sort();
}

interface HttpAnswer {
  status: number;
  contentType: string;
  data: Buffer;
  warnings: string[];
}

function send(
  target: WorkflowTarget,
  method: string,
  path: string,
  body: string | undefined,
  headers: Record<string, string>,
  streamLimitMs: number | undefined,
): Promise<HttpAnswer> {
  const url = new URL(path, target.url);
  const h: Record<string, string> = {
    Accept: "application/json",
    "User-Agent": "kubewire-fidelity-workflow/1",
    ...(target.token ? { Authorization: `Bearer ${target.token}` } : {}),
    ...(body !== undefined
      ? { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(body)) }
      : {}),
    ...headers,
  };
  return new Promise((resolve, reject) => {
    const req = (url.protocol === "https:" ? httpsRequest : httpRequest)(
      url,
      { method, headers: h, ...(target.ca ? { ca: target.ca } : {}) },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        const warnings: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2)
          if (res.rawHeaders[i]!.toLowerCase() === "warning") warnings.push(res.rawHeaders[i + 1]!);
        const done = () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers["content-type"] ?? "",
            data: Buffer.concat(chunks),
            warnings,
          });
        };
        const timer =
          streamLimitMs === undefined
            ? undefined
            : setTimeout(() => {
                res.destroy();
                done();
              }, streamLimitMs);
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", done);
        res.on("error", done);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function runProcess(
  bin: string,
  args: string[],
  options: { env: Record<string, string>; cwd: string; stdin: string; timeoutMs: number },
): Promise<{ code: number; stdout: Buffer; stderr: Buffer }> {
  return new Promise((resolve) => {
    const child = spawn(bin, args, { env: options.env, cwd: options.cwd });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.stdin);
    child.on("close", (code) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err);
      resolve({
        code: killed ? -9 : (code ?? -1),
        stdout: Buffer.concat(out),
        stderr: killed ? Buffer.concat([stderr, Buffer.from("\n(killed: step timeout)")]) : stderr,
      });
    });
  });
}

/** The kubeconfig of a workflow: the target's cluster and credentials, the workflow's namespace. */
function kubeconfigFor(target: WorkflowTarget, ns: string): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name: "workflow",
        cluster: {
          server: target.url,
          ...(target.ca ? { "certificate-authority-data": Buffer.from(target.ca).toString("base64") } : {}),
        },
      },
    ],
    contexts: [{ name: "workflow", context: { cluster: "workflow", user: "workflow", namespace: ns } }],
    "current-context": "workflow",
    users: [{ name: "workflow", user: { token: target.token ?? "workflow" } }],
  });
}

/** Runs a workflow; resolves to each step's normalized result. */
export async function runWorkflow(wf: Workflow, target: WorkflowTarget): Promise<StepResult[]> {
  const ns = namespaceOf(wf);
  const root = mkdtempSync(join(tmpdir(), "kw-wf-"));
  try {
    const created = await send(
      target,
      "POST",
      "/api/v1/namespaces",
      JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } }),
      {},
      undefined,
    );
    if (created.status !== 201) throw new Error(`cannot create namespace ${ns}: HTTP ${created.status}`);
    const kubeconfig = join(root, "kubeconfig.json");
    writeFileSync(kubeconfig, kubeconfigFor(target, ns));
    const cache = join(root, "cache");
    mkdirSync(cache);
    const ctx: NormalizeContext = { paths: [realpathSync(root), root], generateNames: generateNames(wf) };
    const results: StepResult[] = [];
    for (const raw of wf.steps) {
      const step = substitute(raw, ns);
      if (step.settle) {
        if (target.advanceClock) target.advanceClock(step.settle);
        else await new Promise((r) => setTimeout(r, step.settle! * 1000));
      }
      if (step.curl) {
        const c = step.curl;
        const stream = WATCH.test(c.path);
        const body =
          c.body === undefined ? undefined : typeof c.body === "string" ? c.body : pythonJson(c.body);
        try {
          const answer = await send(
            target,
            c.method ?? "GET",
            c.path,
            body,
            c.headers ?? {},
            stream ? 5000 : undefined,
          );
          const result: StepResult = {
            status: answer.status,
            body: normalizeBody(answer.data, answer.contentType, { ...ctx, omit: step.omit ?? [] }, stream),
          };
          if (answer.warnings.length > 0)
            result.warnings = answer.warnings.map((w) => normalizeOutput(w, ctx));
          results.push(result);
        } catch (error) {
          results.push({ status: -1, body: `request failed: ${(error as Error).name}` });
        }
        continue;
      }
      const home = mkdtempSync(join(root, "home-"));
      const stepCtx: NormalizeContext = {
        ...ctx,
        stepPaths: [home, realpathSync(home)],
        omit: step.omit ?? [],
      };
      for (const [name, content] of Object.entries(step.files ?? {}))
        writeFileSync(join(home, name), content);
      const env = {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: home,
        TMPDIR: home,
        LANG: "C.UTF-8",
        TZ: "UTC",
        ...step.env,
      };
      const run = await runProcess(
        kubectlPath(step.kubectl ?? DEFAULT_KUBECTL),
        ["--kubeconfig", kubeconfig, "--cache-dir", cache, ...(step.args ?? [])],
        // The step's own timeout is the recording's; the guard here is only against a hang, so it is generous.
        { env, cwd: home, stdin: step.stdin ?? "", timeoutMs: Math.max(step.timeout ?? 30, 30) * 4000 },
      );
      results.push({
        exit: run.code,
        stdout: normalizeOutput(run.stdout.toString("utf8"), stepCtx),
        stderr: firstLines(normalizeOutput(run.stderr.toString("utf8"), stepCtx)),
      });
    }
    return results;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
