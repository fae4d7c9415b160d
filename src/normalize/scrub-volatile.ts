/**
 * Values that change every time a cluster is recreated or an object is written, but say nothing about what a tool
 * did: identities, versions, times, random name suffixes. Snapshot tests scrub them into numbered placeholders, so
 * a snapshot stays stable across re-recordings while still showing which values were equal (an ownerReference's
 * `uid` and its owner's `metadata.uid` get the same placeholder).
 */
import { isJsonObject } from "../internal/json.js";

/** Keys whose string values are timestamps the server sets. */
export const VOLATILE_TIME_FIELDS = [
  "creationTimestamp",
  "deletionTimestamp",
  "lastTransitionTime",
  "lastUpdateTime",
  "lastProbeTime",
  "lastHeartbeatTime",
] as const;

type Json = unknown;
type JsonObject = Record<string, Json>;

/** Numbers distinct values per category in order of first appearance: `<uid-1>`, `<uid-2>`, ... */
class Placeholders {
  readonly #seen = new Map<string, Map<string, string>>();
  get(category: string, value: string): string {
    let values = this.#seen.get(category);
    if (!values) this.#seen.set(category, (values = new Map<string, string>()));
    let placeholder = values.get(value);
    if (!placeholder) values.set(value, (placeholder = `<${category}-${values.size + 1}>`));
    return placeholder;
  }
}

/** Names the server generated from `metadata.generateName`, mapped to their scrubbed form. */
function collectGeneratedNames(node: Json, out: Map<string, string>, placeholders: Placeholders): void {
  if (Array.isArray(node)) {
    for (const item of node) collectGeneratedNames(item, out, placeholders);
    return;
  }
  if (!isJsonObject(node)) return;
  const metadata = node.metadata;
  if (isJsonObject(metadata)) {
    const { name, generateName } = metadata;
    if (
      typeof name === "string" &&
      typeof generateName === "string" &&
      generateName &&
      name.startsWith(generateName)
    ) {
      out.set(name, generateName + placeholders.get("suffix", name.slice(generateName.length)));
    }
  }
  for (const value of Object.values(node)) collectGeneratedNames(value, out, placeholders);
}

function ageColumns(table: JsonObject): number[] {
  if (table.kind !== "Table" || !Array.isArray(table.columnDefinitions)) return [];
  return table.columnDefinitions.flatMap((c: Json, i) => (isJsonObject(c) && c.name === "Age" ? [i] : []));
}

function scrub(node: Json, key: string | undefined, parentKey: string | undefined, ctx: Context): Json {
  if (typeof node === "string") {
    if (ctx.generated.has(node)) return ctx.generated.get(node);
    if (node === "") return node;
    if (key === "uid") return ctx.placeholders.get("uid", node);
    if (key === "resourceVersion") return ctx.placeholders.get("resourceVersion", node);
    if (key === "continue" && parentKey === "metadata") return ctx.placeholders.get("continue", node);
    if ((VOLATILE_TIME_FIELDS as readonly string[]).includes(key ?? ""))
      return ctx.placeholders.get("time", node);
    if (key === "time" && parentKey === "managedFields") return ctx.placeholders.get("time", node);
    return node;
  }
  if (Array.isArray(node)) return node.map((item) => scrub(item, key, key, ctx));
  if (!isJsonObject(node)) return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) out[k] = scrub(v, k, key, ctx);
  const ages = ageColumns(node);
  if (ages.length > 0 && Array.isArray(out.rows)) {
    // The server writes each row's age when it answers; a snapshot keeps only that there was one.
    out.rows = out.rows.map((row: Json) => {
      if (!isJsonObject(row) || !Array.isArray(row.cells)) return row;
      const cells = row.cells.map((cell: Json, i) => (ages.includes(i) ? "<age>" : cell));
      return { ...row, cells };
    });
  }
  return out;
}

interface Context {
  placeholders: Placeholders;
  generated: Map<string, string>;
}

/**
 * Replaces volatile values with stable numbered placeholders: `uid` → `<uid-N>`, `resourceVersion` →
 * `<resourceVersion-N>`, creation/deletion/condition timestamps and `managedFields[].time` → `<time-N>`, list
 * `continue` tokens → `<continue-N>`, names generated from `generateName` → `prefix-<suffix-N>` (wherever the name
 * appears), Table `Age` cells → `<age>`. Equal values get equal placeholders within one call. Pure: returns a copy.
 *
 * @example
 * scrubVolatile({ metadata: { name: "web-x7k2p", generateName: "web-", uid: "0032d9fb-..." } });
 * // { metadata: { name: "web-<suffix-1>", generateName: "web-", uid: "<uid-1>" } }
 */
export function scrubVolatile<T>(value: T): T {
  const placeholders = new Placeholders();
  const generated = new Map<string, string>();
  collectGeneratedNames(value, generated, placeholders);
  return scrub(value, undefined, undefined, { placeholders, generated }) as T;
}
