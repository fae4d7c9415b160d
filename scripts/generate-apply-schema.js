#!/usr/bin/env node
// Generates src/normalize/apply/builtin-definitions.ts, the built-in kinds' schemas for the server-side apply engine,
// from what a real kube-apiserver 1.28.7 serves: its OpenAPI v3 documents (../shared/realapi/openapi/v3/*.json) and
// its aggregated discovery (../shared/realapi/curl/x03, x04: which resources exist, their kinds, whether they have a
// status subresource). Only the definitions the kinds reach are kept, and of each only what the engine reads:
// types, formats of strings, properties, items, additionalProperties, $ref (a one-element allOf collapsed), `{}` and
// scalar defaults, required, and the x-kubernetes list/map/patch extensions. Run by hand when the recordings change:
//   node scripts/generate-apply-schema.js [path/to/shared/realapi]
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";

const root = new URL("../", import.meta.url);
/** The nearest `shared/realapi` above the checkout (/work/shared for /work/main and /work/wt/NAME). */
function findRealapi() {
  for (let dir = new URL("../", root); dir.pathname !== "/"; dir = new URL("../", dir)) {
    if (existsSync(new URL("shared/realapi/openapi/v3", dir))) return new URL("shared/realapi", dir).pathname;
  }
  throw new Error("shared/realapi not found; pass its path");
}
const realapi = process.argv[2] ?? findRealapi();
const SKIP_GROUPS = new Set(["example.com"]); // a CRD on the recording server, not a built-in

const definitions = {};
for (const file of readdirSync(`${realapi}/openapi/v3`).sort()) {
  const doc = JSON.parse(readFileSync(`${realapi}/openapi/v3/${file}`, "utf8"));
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
    if (name.startsWith("com.example.")) continue;
    definitions[name] ??= schema;
  }
}

const refName = (ref) => ref.slice(ref.lastIndexOf("/") + 1);
const KEEP_EXTENSIONS = [
  "x-kubernetes-list-type",
  "x-kubernetes-list-map-keys",
  "x-kubernetes-map-type",
  "x-kubernetes-patch-strategy",
  "x-kubernetes-patch-merge-key",
  "x-kubernetes-preserve-unknown-fields",
  "x-kubernetes-int-or-string",
  "x-kubernetes-embedded-resource",
];

function strip(s) {
  const out = {};
  let ref = s.$ref;
  if (!ref && s.allOf?.length === 1 && s.allOf[0].$ref) ref = s.allOf[0].$ref;
  if (ref) out.$ref = refName(ref);
  if (s.type !== undefined) out.type = s.type;
  if (s.format && s.type !== "integer" && s.type !== "number" && s.type !== "boolean" && s.format !== "byte")
    out.format = s.format;
  if (s.properties)
    out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, strip(v)]));
  if (s.items) out.items = strip(s.items);
  if (s.additionalProperties !== undefined)
    out.additionalProperties =
      typeof s.additionalProperties === "object" ? strip(s.additionalProperties) : s.additionalProperties;
  const d = s.default;
  const emptyObject = d !== null && typeof d === "object" && !Array.isArray(d) && Object.keys(d).length === 0;
  if (d !== undefined && (emptyObject || d === null || typeof d !== "object")) out.default = d;
  if (s.required?.length) out.required = s.required;
  for (const ext of KEEP_EXTENSIONS) if (s[ext] !== undefined) out[ext] = s[ext];
  return out;
}

const kinds = [];
const roots = new Set();
const byGvk = new Map();
for (const [name, schema] of Object.entries(definitions)) {
  for (const gvk of schema["x-kubernetes-group-version-kind"] ?? []) {
    byGvk.set(`${gvk.group}/${gvk.version}/${gvk.kind}`, name);
  }
}
for (const file of ["x03-api-aggregated.body", "x04-apis-aggregated.body"]) {
  const doc = JSON.parse(readFileSync(`${realapi}/curl/${file}`, "utf8"));
  for (const item of doc.items) {
    const group = item.metadata.name ?? "";
    if (SKIP_GROUPS.has(group)) continue;
    for (const v of item.versions) {
      for (const r of v.resources) {
        const kind = r.responseKind?.kind;
        const definition = byGvk.get(`${group}/${v.version}/${kind}`);
        if (!kind || !definition || !r.verbs?.includes("patch")) continue;
        if (kinds.some((k) => k.group === group && k.version === v.version && k.kind === kind)) continue;
        const entry = { group, version: v.version, kind, resource: r.resource, definition };
        if ((r.subresources ?? []).some((s) => s.subresource === "status")) entry.status = true;
        kinds.push(entry);
        roots.add(definition);
      }
    }
  }
}

// Every definition the kinds reach.
const kept = {};
const queue = [...roots];
while (queue.length > 0) {
  const name = queue.pop();
  if (kept[name] || !definitions[name]) continue;
  kept[name] = strip(definitions[name]);
  JSON.stringify(kept[name], (k, v) => {
    if (k === "$ref") queue.push(v);
    return v;
  });
}
const sorted = Object.fromEntries(
  Object.keys(kept)
    .sort()
    .map((k) => [k, kept[k]]),
);

const text = `/**
 * The built-in kinds of kube-apiserver 1.28.7 and the OpenAPI definitions they reach, reduced to what server-side
 * apply reads (see openapi-schema.ts). Generated by scripts/generate-apply-schema.js from the real server's OpenAPI v3
 * documents and aggregated discovery (kubewire's shared recordings); do not edit by hand.
 */

/** One served kind: its group, version, resource, root definition, and whether it has a status subresource. */
export interface BuiltinKind {
  group: string;
  version: string;
  kind: string;
  resource: string;
  definition: string;
  status?: boolean;
}

export const BUILTIN_KINDS: readonly BuiltinKind[] = ${JSON.stringify(kinds)};

/** The definitions, as JSON text: parsed on first use, so importing this module costs a string. */
export const BUILTIN_DEFINITIONS_JSON = ${JSON.stringify(JSON.stringify(sorted))};
`;
writeFileSync(new URL("src/normalize/apply/builtin-definitions.ts", root), text);
console.log(`${kinds.length} kinds, ${Object.keys(sorted).length} definitions, ${text.length} bytes`);
