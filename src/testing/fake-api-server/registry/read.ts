/** get and list: reads at a resourceVersion, selectors, and pagination over a consistent snapshot. */
import { isPlainObject } from "../json.js";
import { typeKey } from "../resource-types.js";
import {
  checkFieldSelector,
  matchFields,
  matchLabels,
  parseFieldSelector,
  parseLabelSelector,
  SelectorError,
} from "../selectors.js";
import type { FieldRequirement, LabelRequirement } from "../selectors.js";
import { badRequest, expired, notFound, tooLargeResourceVersion } from "../status.js";
import { objectKey } from "../store.js";
import type { Obj, Store } from "../store.js";
import { groupResource, present } from "./context.js";
import type { ListOptions, RegistryContext, Target } from "./context.js";
import { encodeList } from "./served-json.js";

/** Parsed label and field selectors. */
export interface Selectors {
  labels: LabelRequirement[];
  fields: FieldRequirement[];
}

const CONTINUE_VERSION = "meta.k8s.io/v1";

function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: CONTINUE_VERSION, rv, start })).toString("base64url");
}

function decodeContinue(token: string): { rv: number; start: string } {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as {
      v?: string;
      rv?: number;
      start?: string;
    };
    if (parsed.v !== CONTINUE_VERSION || typeof parsed.rv !== "number" || typeof parsed.start !== "string")
      throw new Error("bad token");
    return { rv: parsed.rv, start: parsed.start };
  } catch {
    throw badRequest("continue key is not valid: illegal base64 data at input byte 0");
  }
}

const EXPIRED_CONTINUE =
  "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

/** A read at a resourceVersion the server has not reached is a 504 (a malformed one a 400). */
function checkResourceVersionNotTooLarge(ctx: RegistryContext, resourceVersion: string | undefined): void {
  if (!resourceVersion || resourceVersion === "0") return;
  const rv = Number(resourceVersion);
  if (!Number.isSafeInteger(rv)) throw badRequest(`invalid resource version: ${resourceVersion}`);
  if (rv > ctx.store.revision) throw tooLargeResourceVersion(rv, ctx.store.revision);
}

export function getObject(ctx: RegistryContext, target: Target, name: string, resourceVersion?: string): Obj {
  checkResourceVersionNotTooLarge(ctx, resourceVersion);
  const entry = ctx.store.get(typeKey(target.type), objectKey(target.namespace, name));
  if (!entry) throw notFound(groupResource(target.type), name);
  return present(target.type, target.version, entry.object);
}

export function parseSelectors(
  target: Target,
  options: { labelSelector?: string; fieldSelector?: string },
): Selectors {
  try {
    const labels = parseLabelSelector(options.labelSelector ?? "");
    const fields = parseFieldSelector(options.fieldSelector ?? "");
    checkFieldSelector(fields, target.type.group, target.type.resource);
    return { labels, fields };
  } catch (error) {
    if (error instanceof SelectorError) throw badRequest(error.message);
    throw error;
  }
}

export function selectorsMatch(obj: Obj, selectors: Selectors): boolean {
  const meta = isPlainObject(obj.metadata) ? obj.metadata : {};
  const labels = isPlainObject(meta.labels) ? (meta.labels as Record<string, string>) : {};
  return matchLabels(selectors.labels, labels) && matchFields(selectors.fields, obj);
}

/** A list, paginated with `limit`/`continue` over a consistent snapshot (as etcd serves it). */
export function listObjects(
  ctx: RegistryContext,
  target: Target,
  options: ListOptions = {},
): { items: Obj[]; metadata: Obj } {
  const { stored, metadata } = selectListed(ctx, target, options);
  return { items: stored.map((o) => present(target.type, target.version, o)), metadata };
}

/**
 * {@link listObjects} as the list answer's compact JSON (built-in items without kind and apiVersion), from each
 * object's encoding made once (served-json.ts): what a large list costs is then little more than the copy of its
 * bytes.
 */
export function listObjectsJson(ctx: RegistryContext, target: Target, options: ListOptions = {}): Buffer[] {
  // The same list asked for at the same revision is the same answer (the revision is global: any write moves it;
  // a compaction does not, and may turn a continue token's answer into a 410).
  const revision = `${ctx.store.revision}/${ctx.store.compactedRevision}`;
  const key = JSON.stringify([typeKey(target.type), target.namespace ?? null, target.version, options]);
  let answers = ANSWERS.get(ctx.store);
  if (!answers) ANSWERS.set(ctx.store, (answers = new Map<string, KeptAnswer>()));
  const kept = answers.get(key);
  if (kept?.revision === revision) return [...kept.pieces];
  const { stored, metadata } = selectListed(ctx, target, options);
  const pieces = encodeList(target.type, target.version, stored, metadata);
  answers.delete(key);
  answers.set(key, { revision, pieces });
  if (answers.size > KEPT_ANSWERS) answers.delete(answers.keys().next().value!);
  return [...pieces];
}

/** The last list answers made, per store, by request: a client that lists again without a write between gets them. */
const ANSWERS = new WeakMap<Store, Map<string, KeptAnswer>>();
interface KeptAnswer {
  revision: string;
  pieces: Buffer[];
}
const KEPT_ANSWERS = 8;

/** The stored objects a list selects (not copies: callers present or encode them) and the list's metadata. */
function selectListed(
  ctx: RegistryContext,
  target: Target,
  options: ListOptions,
): { stored: Obj[]; metadata: Obj } {
  const selectors = parseSelectors(target, options);
  const { store } = ctx;
  let snapshotRv = store.revision;
  let start = "";
  if (options.continue) {
    const token = decodeContinue(options.continue);
    snapshotRv = token.rv;
    start = token.start;
    if (snapshotRv < store.compactedRevision) throw expired(EXPIRED_CONTINUE);
  } else if (options.resourceVersion && options.resourceVersion !== "0") {
    checkResourceVersionNotTooLarge(ctx, options.resourceVersion);
    if (options.resourceVersionMatch === "Exact") snapshotRv = Number(options.resourceVersion);
  }
  const snapshot = store.snapshot(typeKey(target.type), snapshotRv);
  if (!snapshot) throw expired(`too old resource version: ${snapshotRv} (${store.compactedRevision})`);
  const prefix = target.namespace !== undefined ? `${target.namespace}/` : "";
  const candidates = snapshot.filter(([k]) => k.startsWith(prefix) && k.slice(prefix.length) >= start);
  const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
  const selecting = selectors.labels.length > 0 || selectors.fields.length > 0;
  const items: Obj[] = [];
  let next: string | undefined;
  let i = 0;
  for (; i < candidates.length; i++) {
    const [k, obj] = candidates[i]!;
    if (selecting && !selectorsMatch(obj, selectors)) continue;
    if (items.length === limit) {
      next = k.slice(prefix.length);
      break;
    }
    items.push(obj);
  }
  const metadata: Obj = { resourceVersion: String(snapshotRv) };
  if (next !== undefined) {
    metadata.continue = encodeContinue(snapshotRv, next);
    if (selectors.labels.length === 0 && selectors.fields.length === 0)
      metadata.remainingItemCount = candidates.length - i;
  }
  return { stored: items, metadata };
}
