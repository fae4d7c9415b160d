/**
 * The recorded kubectl workflows (fixtures/apply/workflows, from a real kube-apiserver 1.28.7; see the README
 * there) and the workflow runner's normalization, applied to what the engine produced so both compare.
 */
import { parse } from "yaml";
import { readFixture } from "../../../helpers/fixtures.js";

type Obj = Record<string, unknown>;

export interface WorkflowStep {
  kubectl?: string;
  args?: string[];
  stdin?: string;
  settle?: number;
  curl?: { method: string; path: string; body?: unknown; headers?: Record<string, string> };
}

export interface ExpectedStep {
  exit?: number;
  stdout?: string;
  stderr?: string;
  status?: number;
  body?: string;
}

export function workflow(name: string): { steps: WorkflowStep[]; expected: ExpectedStep[] } {
  const w = JSON.parse(readFixture(`apply/workflows/${name}.json`)) as { steps: WorkflowStep[] };
  const e = JSON.parse(readFixture(`apply/workflows/${name}.expected.json`)) as { steps: ExpectedStep[] };
  return { steps: w.steps, expected: e.steps };
}

/** A step's stdin manifest (one YAML document). */
export function manifest(step: WorkflowStep, namespace: string): Obj {
  const doc = parse(step.stdin ?? (step.curl?.body as string)) as Obj;
  const meta = (doc.metadata ??= {}) as Obj;
  // kubectl fills in the namespace of the context before sending an object.
  if (step.kubectl) meta.namespace ??= namespace;
  return doc;
}

/** An object printed by `kubectl get -o yaml|json` or a curl body, parsed. */
export function printed(text: string): Obj {
  return (text.trimStart().startsWith("{") ? JSON.parse(text) : parse(text)) as Obj;
}

/** The runner's masks: uid, resourceVersion and timestamps (creationTimestamp, managedFields times). */
export function masked<T>(o: T): T {
  const out = structuredClone(o) as Obj;
  const meta = out.metadata as Obj | undefined;
  if (meta) {
    if (meta.uid !== undefined) meta.uid = "<uid>";
    if (meta.resourceVersion !== undefined) meta.resourceVersion = "<rv>";
    if (typeof meta.creationTimestamp === "string") meta.creationTimestamp = "<time>";
    for (const e of (meta.managedFields as Obj[] | undefined) ?? [])
      if (e.time !== undefined) e.time = "<time>";
  }
  return out as T;
}
