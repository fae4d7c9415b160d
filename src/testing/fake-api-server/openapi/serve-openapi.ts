/**
 * `/openapi/v3` (the index, each entry's URL carrying its document's hash) and `/openapi/v3/<group version>`, and
 * `/openapi/v2`, as kube-apiserver serves them: the component schemas are the real server's (built-ins) or made
 * from each CRD's schema as the real server makes them, so `kubectl explain` shows what it shows against a real
 * cluster and `kubectl create|apply` learn that the server validates fields itself (the PATCH operation of every
 * kind lists `fieldValidation`). The paths hold each resource's operations with their query parameters and
 * `x-kubernetes-group-version-kind`; they are made from the served resources, not copied.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { firstQueryValue, queryOf } from "../../../internal/query-flag.js";
import type { FakeCluster } from "../cluster.js";
import { isPlainObject } from "../json.js";
import type { ResourceType } from "../resource-types.js";
import { resourceNotFound } from "../status.js";
import { builtinOpenApi, crdDefinitions } from "./definitions.js";
import type { OpenApiSchema } from "./definitions.js";
import { encodeOpenApiV2, OPENAPI_V2_PROTOBUF, OPENAPI_V2_PROTOBUF_RETURNED } from "./openapi-v2-protobuf.js";

type Obj = Record<string, unknown>;

function queryParam(name: string, description: string): Obj {
  return { name, in: "query", description, schema: { type: "string", uniqueItems: true } };
}

const DRY_RUN = queryParam(
  "dryRun",
  "When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed",
);
const FIELD_MANAGER = queryParam(
  "fieldManager",
  "fieldManager is a name associated with the actor or entity that is making these changes.",
);
const FIELD_VALIDATION = queryParam(
  "fieldValidation",
  "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict",
);
const FORCE = {
  name: "force",
  in: "query",
  description: 'Force is going to "force" Apply requests.',
  schema: { type: "boolean", uniqueItems: true },
};

function operation(
  t: ResourceType,
  version: string,
  action: string,
  description: string,
  parameters: Obj[],
): Obj {
  return {
    description,
    operationId: `${action}${t.kind}`,
    parameters,
    responses: { "200": { description: "OK" }, "401": { description: "Unauthorized" } },
    "x-kubernetes-action": action,
    "x-kubernetes-group-version-kind": { group: t.group, version, kind: t.kind },
  };
}

function pathsFor(t: ResourceType, version: string): Record<string, Obj> {
  const root = t.group === "" ? `/api/${version}` : `/apis/${t.group}/${version}`;
  const scope = t.namespaced ? `${root}/namespaces/{namespace}/${t.resource}` : `${root}/${t.resource}`;
  const writes = [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION];
  if (!t.stored) return { [scope]: { post: operation(t, version, "post", `create a ${t.kind}`, writes) } };
  const paths: Record<string, Obj> = {
    [scope]: {
      get: operation(t, version, "list", `list or watch objects of kind ${t.kind}`, []),
      post: operation(t, version, "post", `create a ${t.kind}`, writes),
      delete: operation(t, version, "deletecollection", `delete collection of ${t.kind}`, [DRY_RUN]),
    },
    [`${scope}/{name}`]: {
      get: operation(t, version, "get", `read the specified ${t.kind}`, []),
      put: operation(t, version, "put", `replace the specified ${t.kind}`, writes),
      patch: operation(t, version, "patch", `partially update the specified ${t.kind}`, [...writes, FORCE]),
      delete: operation(t, version, "delete", `delete a ${t.kind}`, [DRY_RUN]),
    },
  };
  if (t.status)
    paths[`${scope}/{name}/status`] = {
      get: operation(t, version, "get", `read status of the specified ${t.kind}`, []),
      put: operation(t, version, "put", `replace status of the specified ${t.kind}`, writes),
      patch: operation(t, version, "patch", `partially update status of the specified ${t.kind}`, [
        ...writes,
        FORCE,
      ]),
    };
  return paths;
}

function docKey(group: string, version: string): string {
  return group === "" ? `api/${version}` : `apis/${group}/${version}`;
}

/** The component schemas of a group version's document. */
function schemasOf(types: ResourceType[], group: string, version: string): Record<string, OpenApiSchema> {
  const { definitions, documents } = builtinOpenApi();
  const schemas: Record<string, OpenApiSchema> = {};
  for (const name of documents[docKey(group, version)] ?? []) schemas[name] = definitions[name]!;
  for (const t of types)
    if (t.crd && t.versions.includes(version)) Object.assign(schemas, crdDefinitions(t, version));
  return schemas;
}

/** The OpenAPI v3 document of one group version. */
export function groupVersionDocument(types: ResourceType[], group: string, version: string): Obj {
  const served = types.filter((t) => t.group === group && t.versions.includes(version));
  const paths: Record<string, Obj> = {};
  for (const t of served) Object.assign(paths, pathsFor(t, version));
  return {
    openapi: "3.0.0",
    info: { title: "Kubernetes", version: "v1.28.7" },
    paths,
    components: { schemas: schemasOf(served, group, version) },
  };
}

/** A v3 schema as swagger 2.0 writes it: `$ref` to `#/definitions/`, no `allOf` wrapper, no defaults. */
function toSwagger(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toSwagger);
  if (!isPlainObject(schema)) return schema;
  const out: Obj = {};
  const all = schema.allOf;
  const wrapped =
    Array.isArray(all) && all.length === 1 && isPlainObject(all[0]) && typeof all[0].$ref === "string";
  for (const [k, v] of Object.entries(schema)) {
    if (k === "default" || (k === "allOf" && wrapped)) continue;
    if (k === "$ref" && typeof v === "string")
      out.$ref = v.replace("#/components/schemas/", "#/definitions/");
    else if (k === "properties" && isPlainObject(v))
      out.properties = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, toSwagger(s)]));
    else out[k] = toSwagger(v);
  }
  if (wrapped) out.$ref = String((all[0] as Obj).$ref).replace("#/components/schemas/", "#/definitions/");
  // int-or-string and quantities are strings in swagger 2.0, which has no oneOf.
  if ((schema.format === "int-or-string" || schema.format === "quantity") && Array.isArray(schema.oneOf)) {
    delete out.oneOf;
    out.type = "string";
  }
  return out;
}

function swaggerDocument(cluster: FakeCluster): Obj {
  const types = cluster.registry.all();
  const definitions: Obj = {};
  for (const [name, schema] of Object.entries(builtinOpenApi().definitions))
    definitions[name] = toSwagger(schema);
  const paths: Obj = {};
  for (const t of types)
    for (const v of t.versions) {
      if (t.crd)
        for (const [name, s] of Object.entries(crdDefinitions(t, v))) definitions[name] = toSwagger(s);
      for (const [path, ops] of Object.entries(pathsFor(t, v)))
        paths[path] = Object.fromEntries(
          Object.entries(ops).map(([method, op]) => [
            method,
            {
              ...(op as Obj),
              parameters: ((op as Obj).parameters as Obj[]).map(({ schema, ...p }) => ({
                ...p,
                ...(schema as Obj),
              })),
            },
          ]),
        );
    }
  return { swagger: "2.0", info: { title: "Kubernetes", version: "v1.28.7" }, paths, definitions };
}

function digest(text: string): string {
  return createHash("sha512").update(text).digest("hex").toUpperCase();
}

interface Documents {
  generation: number;
  texts: Map<string, string>;
  hashes: Map<string, string>;
  v2?: Obj;
  v2Json?: string;
  v2Protobuf?: Buffer;
}

const cache = new WeakMap<FakeCluster, Documents>();

/** The serialized documents of the served group versions, made again only when the served types change. */
function documentsOf(cluster: FakeCluster): Documents {
  const cached = cache.get(cluster);
  if (cached && cached.generation === cluster.registry.generation) return cached;
  const types = cluster.registry.all();
  const texts = new Map<string, string>();
  const hashes = new Map<string, string>();
  for (const { group, versions } of [{ group: "", versions: ["v1"] }, ...cluster.groupVersions()])
    for (const v of versions) {
      const text = JSON.stringify(groupVersionDocument(types, group, v));
      texts.set(docKey(group, v), text);
      hashes.set(docKey(group, v), digest(text));
    }
  const docs: Documents = { generation: cluster.registry.generation, texts, hashes };
  cache.set(cluster, docs);
  return docs;
}

export function serveOpenApi(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  cluster: FakeCluster,
  headers: Record<string, string>,
): void {
  const notFound = () => {
    res.writeHead(404, {
      "Content-Type": "application/json",
      "Cache-Control": "no-cache, private",
      ...headers,
    });
    res.end(JSON.stringify(resourceNotFound().status) + "\n");
  };
  const docs = documentsOf(cluster);
  if (path === "/openapi/v2") {
    docs.v2 ??= swaggerDocument(cluster);
    const accept = req.headers.accept ?? "";
    const protobuf = accept.includes(OPENAPI_V2_PROTOBUF) || accept.includes(OPENAPI_V2_PROTOBUF_RETURNED);
    const body = protobuf
      ? (docs.v2Protobuf ??= encodeOpenApiV2(docs.v2))
      : Buffer.from((docs.v2Json ??= JSON.stringify(docs.v2)));
    res.writeHead(200, {
      // kube-openapi answers the `@v1.0` type kubectl asks for with its `.v1.0` spelling (since February 2023,
      // Kubernetes 1.27: kubernetes/kube-openapi ff9a8e8), as the server this one plays (1.28.7) does.
      "Content-Type": protobuf ? OPENAPI_V2_PROTOBUF_RETURNED : "application/json",
      "Cache-Control": "no-cache, private",
      Etag: `"${createHash("sha512").update(body).digest("hex").toUpperCase()}"`,
      Vary: "Accept",
      ...headers,
    });
    res.end(body);
    return;
  }
  if (path === "/openapi/v3") {
    const index: Record<string, { serverRelativeURL: string }> = {};
    for (const [key, hash] of docs.hashes)
      index[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` };
    // kube-apiserver serves the index as text/plain (kubectl's --v=8 log of 09-kubectl-create shows it).
    res.writeHead(200, {
      "Content-Type": "text/plain; charset=utf-8",
      "Cache-Control": "no-cache, private",
      ...headers,
    });
    res.end(JSON.stringify({ paths: index }));
    return;
  }
  const key = path.replace(/^\/openapi\/v3\//, "");
  const text = path.startsWith("/openapi/v3/") ? docs.texts.get(key) : undefined;
  if (text === undefined) return notFound();
  const hash = docs.hashes.get(key)!;
  const requested = firstQueryValue(queryOf(req.url ?? "/"), "hash");
  res.writeHead(200, {
    "Content-Type": "application/json",
    ...(requested === hash
      ? { "Cache-Control": "public, immutable", Etag: `"${hash}"` }
      : { "Cache-Control": "no-cache, private", Etag: `"${hash}"` }),
    Vary: "Accept",
    ...headers,
  });
  res.end(text);
}
