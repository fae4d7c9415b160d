/**
 * OpenAPI v3, as far as kubectl needs it. `kubectl create|apply` (1.27+) fetch `/openapi/v3` and the document of
 * the object's group version to learn whether the server validates fields itself (the PATCH operation of the kind
 * lists a `fieldValidation` parameter); when it does, kubectl sends `fieldValidation=Strict` and skips client-side
 * validation. The documents served here hold exactly that: every resource's paths and operations, tagged with
 * `x-kubernetes-group-version-kind` and their query parameters. They carry no component schemas, so kubectl's
 * `explain` has nothing to show and `apply` computes strategic merge patches from its compiled-in types, as it
 * does when a schema is missing. `/openapi/v2` is not served (404).
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FakeCluster } from "./cluster.js";

import type { ResourceType } from "./resource-types.js";
import { resourceNotFound } from "./status.js";

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

function gvkExtension(t: ResourceType, version: string): Obj {
  return { group: t.group, version, kind: t.kind };
}

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
    "x-kubernetes-group-version-kind": gvkExtension(t, version),
  };
}

function pathsFor(t: ResourceType, version: string): Record<string, Obj> {
  const root = t.group === "" ? `/api/${version}` : `/apis/${t.group}/${version}`;
  const scope = t.namespaced ? `${root}/namespaces/{namespace}/${t.resource}` : `${root}/${t.resource}`;
  const writes = [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION];
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

/** The OpenAPI v3 document of one group version. */
export function groupVersionDocument(types: ResourceType[], group: string, version: string): Obj {
  const paths: Record<string, Obj> = {};
  for (const t of types)
    if (t.group === group && t.versions.includes(version)) Object.assign(paths, pathsFor(t, version));
  return {
    openapi: "3.0.0",
    info: { title: "Kubernetes", version: "v1.28.7" },
    paths,
    components: { schemas: {} },
  };
}

function docKey(group: string, version: string): string {
  return group === "" ? `api/${version}` : `apis/${group}/${version}`;
}

function digest(text: string): string {
  return createHash("sha512").update(text).digest("hex").toUpperCase();
}

export function serveOpenApi(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  cluster: FakeCluster,
  headers: Record<string, string>,
): void {
  const types = cluster.registry.all();
  const documents = new Map<string, string>();
  for (const { group, versions } of [{ group: "", versions: ["v1"] }, ...cluster.groupVersions()])
    for (const v of versions)
      documents.set(docKey(group, v), JSON.stringify(groupVersionDocument(types, group, v)));
  if (path === "/openapi/v3") {
    const index: Record<string, { serverRelativeURL: string }> = {};
    for (const [key, text] of documents)
      index[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${digest(text)}` };
    const body = JSON.stringify({ paths: index });
    // kube-apiserver serves the index as text/plain (kubectl's --v=8 log of 09-kubectl-create shows it).
    res.writeHead(200, {
      "Content-Type": "text/plain; charset=utf-8",
      "Cache-Control": "no-cache, private",
      ...headers,
    });
    res.end(body);
    return;
  }
  const key = path.replace(/^\/openapi\/v3\//, "");
  const text = path.startsWith("/openapi/v3/") ? documents.get(key) : undefined;
  if (text === undefined) {
    const notFound = JSON.stringify(resourceNotFound().status) + "\n";
    res.writeHead(404, {
      "Content-Type": "application/json",
      "Cache-Control": "no-cache, private",
      ...headers,
    });
    res.end(notFound);
    return;
  }
  const hash = digest(text);
  const requested = new URL(req.url ?? "/", "http://x").searchParams.get("hash");
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
