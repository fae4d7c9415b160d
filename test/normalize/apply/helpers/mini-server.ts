/**
 * A test double of kube-apiserver's write path around the apply engine, the steps an in-memory server takes:
 * apply or track the write, default the result (per kind, as the real server's defaulting does for the kinds
 * the recorded workflows use), bump the generation on spec changes, keep managedFields timestamps on a no-op,
 * and store only what changed. The clock is injected: `settle(seconds)` moves it as a recorded step's `settle` did.
 */
import {
  applyObject,
  builtinObjectSchema,
  keepManagedFieldsTimestamps,
  trackUpdate,
} from "../../../../src/normalize/apply/index.js";
import type { ObjectSchema, Status } from "../../../../src/normalize/apply/index.js";
import { defaultObject } from "./defaults.js";

type Obj = Record<string, unknown>;

export interface WriteResult {
  code: number;
  body: Obj;
  /** The write stored a new version (false for a no-op or a dry run). */
  stored: boolean;
}

function meta(o: Obj): Obj {
  return (o.metadata ??= {}) as Obj;
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Obj)[k])]),
    );
  return v;
}

export class MiniServer {
  private clock: number;
  private rv = 100;
  private uids = 0;
  readonly objects = new Map<string, Obj>();
  readonly namespace: string;

  constructor(namespace: string, start = Date.parse("2026-11-25T10:00:00Z")) {
    this.namespace = namespace;
    this.clock = start;
  }

  /** Advances the clock; every write also takes 100 ms. */
  settle(seconds: number): void {
    this.clock += seconds * 1000;
  }

  now(): Date {
    this.clock += 100;
    return new Date(this.clock);
  }

  schemaOf(apiVersion: string, kind: string): ObjectSchema {
    const s = builtinObjectSchema(apiVersion, kind);
    if (!s) throw new Error(`no schema for ${apiVersion} ${kind}`);
    return s;
  }

  private key(kind: string, name: string): string {
    return `${kind}/${name}`;
  }

  get(kind: string, name: string): Obj | undefined {
    const o = this.objects.get(this.key(kind, name));
    return o && structuredClone(o);
  }

  private finish(kind: string, previous: Obj | undefined, next: Obj, dryRun: boolean): WriteResult {
    defaultObject(kind, next);
    if (previous) {
      next = keepManagedFieldsTimestamps(previous, next);
      if (equal(next, previous)) return { code: 200, body: previous, stored: false };
      const m = meta(next);
      m.resourceVersion = String(++this.rv);
      if ("spec" in previous && !equal(previous.spec, next.spec))
        m.generation = Number(meta(previous).generation ?? 0) + 1;
    } else {
      const m = meta(next);
      m.uid = `uid-${++this.uids}`;
      m.resourceVersion = String(++this.rv);
      m.creationTimestamp = new Date(this.clock).toISOString().replace(/\.\d+Z$/, "Z");
      if ("spec" in next) m.generation = 1;
      if ("status" in next) next.status = {};
    }
    if (!dryRun) this.objects.set(this.key(kind, String(meta(next).name)), structuredClone(next));
    return { code: previous ? 200 : 201, body: next, stored: !dryRun };
  }

  /** PATCH with `application/apply-patch+yaml`. */
  apply(body: Obj, opts: { manager: string; force?: boolean; dryRun?: boolean; name?: string }): WriteResult {
    const kind = String(body.kind);
    const name = opts.name ?? String(meta(body).name);
    const live = this.get(kind, name);
    const r = applyObject({
      live,
      applied: body,
      manager: opts.manager,
      force: opts.force ?? false,
      schema: this.schemaOf(String(body.apiVersion), kind),
      now: this.now(),
      target: { name, namespace: this.namespace },
    });
    if (r.conflicts) return { code: 409, body: r.status as unknown as Obj, stored: false };
    return this.finish(kind, live, r.object, opts.dryRun ?? false);
  }

  /** POST: the body is decoded and defaulted before managedFields are tracked, as the real create handler does. */
  create(body: Obj, manager: string): WriteResult {
    const kind = String(body.kind);
    const obj = structuredClone(body);
    meta(obj).namespace ??= this.namespace;
    defaultObject(kind, obj);
    const r = trackUpdate({
      after: obj,
      manager,
      schema: this.schemaOf(String(body.apiVersion), kind),
      now: this.now(),
    });
    return this.finish(kind, undefined, r.object, false);
  }

  /** PUT or a non-apply PATCH: `change` edits a copy of the stored object. */
  update(kind: string, name: string, manager: string, change: (o: Obj) => void): WriteResult {
    const live = this.get(kind, name)!;
    const next = structuredClone(live);
    change(next);
    defaultObject(kind, next);
    const r = trackUpdate({
      before: live,
      after: next,
      manager,
      schema: this.schemaOf(String(live.apiVersion), kind),
      now: this.now(),
    });
    return this.finish(kind, live, r.object, false);
  }
}

export type { Status };
