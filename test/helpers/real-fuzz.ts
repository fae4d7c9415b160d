/**
 * Differential fuzzing of `kubectl get` on REAL objects: objects a kube-apiserver 1.28.7 sent (Pods, Deployments,
 * ConfigMaps, Secrets, a custom resource, FlowSchemas; loaded by the caller from the recordings) and a few written in
 * the shape that server gives them (Service, Node, Event, CustomResourceDefinition), each mutated at a random place
 * with odd data (multi-line and YAML-special strings, long strings, unicode, big integers, integral floats, empty maps
 * and lists, null), then printed with `-o json|yaml|name|wide|custom-columns|jsonpath|go-template`.
 *
 * Used by bench/experiments/real-fuzz/run.js only (explorations, never the suite).
 */

import fc from "fast-check";
import { DISCOVERY, resource, resourceList } from "./kubectl.js";
import type { TableScenario } from "./table-fuzz.js";
import { BUILTIN_PRINTERS } from "../../src/testing/fake-api-server/printers.js";

/** A number written as this text (`1.0`, `1E+2`, `18446744073709551616`): JSON.stringify would rewrite it. */
export class RawNumber {
  constructor(readonly text: string) {}
}

type Json = null | boolean | number | string | RawNumber | Json[] | { [k: string]: Json };

const isMap = (v: Json | undefined): v is { [k: string]: Json } =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof RawNumber);

/** The JSON text of a value, compact as kube-apiserver writes it for kubectl. */
export function jsonText(v: Json): string {
  if (v instanceof RawNumber) return v.text;
  if (Array.isArray(v)) return `[${v.map(jsonText).join(",")}]`;
  if (isMap(v))
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${jsonText(x)}`)
      .join(",")}}`;
  return JSON.stringify(v);
}

export interface RealKind {
  resource: string;
  kind: string;
  group: string;
  version: string;
  namespaced: boolean;
}

const apiVersionOf = (k: RealKind) => (k.group ? `${k.group}/${k.version}` : k.version);

export const REAL_KINDS: RealKind[] = [
  { resource: "pods", kind: "Pod", group: "", version: "v1", namespaced: true },
  { resource: "configmaps", kind: "ConfigMap", group: "", version: "v1", namespaced: true },
  { resource: "secrets", kind: "Secret", group: "", version: "v1", namespaced: true },
  { resource: "services", kind: "Service", group: "", version: "v1", namespaced: true },
  { resource: "events", kind: "Event", group: "", version: "v1", namespaced: true },
  { resource: "nodes", kind: "Node", group: "", version: "v1", namespaced: false },
  { resource: "deployments", kind: "Deployment", group: "apps", version: "v1", namespaced: true },
  { resource: "widgets", kind: "Widget", group: "example.com", version: "v1", namespaced: true },
  {
    resource: "customresourcedefinitions",
    kind: "CustomResourceDefinition",
    group: "apiextensions.k8s.io",
    version: "v1",
    namespaced: false,
  },
  {
    resource: "flowschemas",
    kind: "FlowSchema",
    group: "flowcontrol.apiserver.k8s.io",
    version: "v1beta2",
    namespaced: false,
  },
];

/** The stub's discovery with the kinds above (legacy discovery, as kube-apiserver 1.28 serves it). */
export const REAL_DISCOVERY: Record<string, string> = (() => {
  const groups = [...new Set(REAL_KINDS.filter((k) => k.group).map((k) => `${k.group}/${k.version}`))];
  const out: Record<string, string> = { ...DISCOVERY };
  const gv = (g: string) => ({ groupVersion: g, version: g.split("/")[1]! });
  out["/apis"] = JSON.stringify({
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: [...groups, "blog.example.com/v1"].map((g) => ({
      name: g.split("/")[0],
      versions: [gv(g)],
      preferredVersion: gv(g),
    })),
  });
  for (const g of ["", ...groups]) {
    const kinds = REAL_KINDS.filter((k) => (k.group ? `${k.group}/${k.version}` : "") === g);
    const own = kinds.map((k) => resource(k.resource, k.kind, k.namespaced));
    if (g === "") own.push(resource("namespaces", "Namespace", false));
    out[g === "" ? "/api/v1" : `/apis/${g}`] = resourceList(g || "v1", own);
  }
  return out;
})();

export interface RealSeed {
  kind: string;
  object: Json;
}

const T = "2026-11-25T19:23:23Z";
const managed = (fields: Json): Json => [
  {
    manager: "kubectl-create",
    operation: "Update",
    apiVersion: "v1",
    time: T,
    fieldsType: "FieldsV1",
    fieldsV1: fields,
  },
];
const metaOf = (name: string, ns: string | undefined, extra: Record<string, Json> = {}): Json => ({
  name,
  ...(ns === undefined ? {} : { namespace: ns }),
  uid: "6a0e3f5c-1f2b-4c1e-9d7a-3b0c2a1d9e8f",
  resourceVersion: "312",
  creationTimestamp: T,
  ...extra,
});

/** Objects of the kinds the recordings lack, as kube-apiserver 1.28.7 returns them (defaults filled in). */
export const WRITTEN_SEEDS: RealSeed[] = [
  {
    kind: "Service",
    object: {
      kind: "Service",
      apiVersion: "v1",
      metadata: metaOf("blog-svc", "list-resources-ns", {
        labels: { app: "blog" },
        managedFields: managed({
          "f:spec": { "f:ports": { ".": {}, 'k:{"port":80,"protocol":"TCP"}': {} } },
        }),
      }),
      spec: {
        ports: [{ name: "http", protocol: "TCP", port: 80, targetPort: 8080 }],
        selector: { app: "blog" },
        clusterIP: "10.0.0.42",
        clusterIPs: ["10.0.0.42"],
        type: "ClusterIP",
        sessionAffinity: "None",
        ipFamilies: ["IPv4"],
        ipFamilyPolicy: "SingleStack",
        internalTrafficPolicy: "Cluster",
      },
      status: { loadBalancer: {} },
    },
  },
  {
    kind: "Node",
    object: {
      kind: "Node",
      apiVersion: "v1",
      metadata: metaOf("node-1", undefined, {
        labels: {
          "kubernetes.io/hostname": "node-1",
          "kubernetes.io/os": "linux",
          "node-role.kubernetes.io/control-plane": "",
        },
        annotations: { "node.alpha.kubernetes.io/ttl": "0" },
      }),
      spec: { podCIDR: "10.244.0.0/24", podCIDRs: ["10.244.0.0/24"] },
      status: {
        capacity: { cpu: "2", memory: "4025880Ki", pods: "110", "ephemeral-storage": "61202244Ki" },
        allocatable: { cpu: "2", memory: "3923480Ki", pods: "110" },
        conditions: [
          {
            type: "Ready",
            status: "True",
            lastHeartbeatTime: T,
            lastTransitionTime: T,
            reason: "KubeletReady",
            message: "kubelet is posting ready status",
          },
        ],
        addresses: [
          { type: "InternalIP", address: "172.18.0.2" },
          { type: "Hostname", address: "node-1" },
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          machineID: "0e1b6e0f4d2a4b3c",
          kernelVersion: "6.1.0-18-amd64",
          osImage: "Debian GNU/Linux 12 (bookworm)",
          containerRuntimeVersion: "containerd://1.7.13",
          kubeletVersion: "v1.28.7",
          kubeProxyVersion: "v1.28.7",
          operatingSystem: "linux",
          architecture: "amd64",
        },
        images: [{ names: ["registry.k8s.io/pause:3.9"], sizeBytes: 321520 }],
      },
    },
  },
  {
    kind: "Event",
    object: {
      kind: "Event",
      apiVersion: "v1",
      metadata: metaOf("blog-pod.17b3f5e0c1d2a3b4", "list-resources-ns"),
      involvedObject: {
        kind: "Pod",
        namespace: "list-resources-ns",
        name: "blog-pod",
        uid: "d480eec4-7908-468f-96ff-b956a375cfea",
        apiVersion: "v1",
        resourceVersion: "227",
      },
      reason: "FailedScheduling",
      message: "0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }.",
      source: { component: "default-scheduler" },
      firstTimestamp: T,
      lastTimestamp: T,
      count: 3,
      type: "Warning",
      eventTime: null,
      reportingComponent: "",
      reportingInstance: "",
    },
  },
  {
    kind: "CustomResourceDefinition",
    object: {
      kind: "CustomResourceDefinition",
      apiVersion: "apiextensions.k8s.io/v1",
      metadata: metaOf("widgets.example.com", undefined, { generation: 1 }),
      spec: {
        group: "example.com",
        names: { plural: "widgets", singular: "widget", kind: "Widget", listKind: "WidgetList" },
        scope: "Namespaced",
        versions: [
          {
            name: "v1",
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: "object",
                properties: {
                  spec: {
                    type: "object",
                    properties: { color: { type: "string" }, size: { type: "integer" } },
                  },
                },
              },
            },
            additionalPrinterColumns: [
              { name: "Color", type: "string", jsonPath: ".spec.color" },
              { name: "Size", type: "integer", jsonPath: ".spec.size" },
              { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" },
            ],
          },
        ],
        conversion: { strategy: "None" },
      },
      status: {
        conditions: [
          {
            type: "NamesAccepted",
            status: "True",
            lastTransitionTime: T,
            reason: "NoConflicts",
            message: "no conflicts found",
          },
          {
            type: "Established",
            status: "True",
            lastTransitionTime: T,
            reason: "InitialNamesAccepted",
            message: "the initial names have been accepted",
          },
        ],
        acceptedNames: { plural: "widgets", singular: "widget", kind: "Widget", listKind: "WidgetList" },
        storedVersions: ["v1"],
      },
    },
  },
];

// ---- odd values ----

const LONG = "x".repeat(90) + " " + "long-word-".repeat(12);
const ODD_STRINGS = [
  "line one\nline two\n",
  "line one\nline two",
  "trailing\n\n",
  "  indented\n  text\n",
  "tab\there",
  "trailing space ",
  " leading space",
  "yes",
  "No",
  "on",
  "OFF",
  "y",
  "true",
  "null",
  "Null",
  "~",
  "0x1F",
  "0o17",
  "017",
  "1e3",
  "1_000",
  "+1",
  "-0",
  "1.0",
  "3.",
  ".5",
  "0b101",
  "1:20",
  "12:30:00",
  "2001-12-14",
  "2001-12-14t21:59:43.10-05:00",
  ".inf",
  "-.Inf",
  ".NaN",
  "- a",
  "-",
  "? x",
  ": y",
  "a: b",
  "a #b",
  "# comment",
  "[a, b]",
  "{a: 1}",
  "*alias",
  "&anchor",
  "!tag",
  "%x",
  "@x",
  "`x",
  "'q'",
  '"dq"',
  "=",
  "<<",
  "|",
  ">",
  "",
  " ",
  "\t",
  LONG,
  "Straße 日本 🚀",
  "e\u0301",
  "a\u2028b",
  "\u00a0nbsp",
  "\u200bzero",
  "ctl\u0007x",
  "del\u007fx",
  "\ufeffbom",
  "key: |\n  block",
  "x\r\ny",
  "\\backslash",
  "<none>",
];

const ODD_NUMBERS = [
  "0",
  "-0",
  "1.0",
  "-1.0",
  "1e3",
  "1E+2",
  "1.5",
  "0.1",
  "1e-7",
  "1e21",
  "100000000000000000000",
  "9007199254740993",
  "9223372036854775807",
  "9223372036854775808",
  "-9223372036854775808",
  "18446744073709551616",
  "123456789012345678901234567890",
  "3.141592653589793238",
  "2.5e-320",
];

const ODD_OTHER: Json[] = [
  null,
  true,
  false,
  {},
  [],
  [null],
  [{}],
  { "": "" },
  { a: [1, "b", null, { c: [] }] },
  ["yes", "no", "~", ""],
  [[[]]],
];

const ODD_KEYS = [
  "yes",
  "~",
  "0x1F",
  "1e3",
  "- a",
  "a b",
  "a:b",
  "日本",
  "ü",
  "",
  "key.with.dots",
  "example.com/team",
  "null",
  "true",
  "123",
  LONG,
  "multi\nline",
  "app",
];

/** An odd value by index: strings, then raw numbers, then other values. */
function oddValue(i: number): Json {
  const all = ODD_STRINGS.length + ODD_NUMBERS.length + ODD_OTHER.length;
  const j = i % all;
  if (j < ODD_STRINGS.length) return ODD_STRINGS[j]!;
  if (j < ODD_STRINGS.length + ODD_NUMBERS.length) return new RawNumber(ODD_NUMBERS[j - ODD_STRINGS.length]!);
  return structuredClone(ODD_OTHER[j - ODD_STRINGS.length - ODD_NUMBERS.length]!);
}

// ---- mutations ----

export interface Mutation {
  op: "set" | "add" | "delete" | "data";
  /** Which place (modulo the number of places). */
  at: number;
  value: number;
  key: number;
}

type Place = { parent: Json[] | { [k: string]: Json }; key: string | number };

function places(v: Json, out: Place[] = [], top = true): Place[] {
  if (Array.isArray(v))
    v.forEach((x, i) => {
      out.push({ parent: v, key: i });
      places(x, out, false);
    });
  else if (isMap(v))
    for (const [k, x] of Object.entries(v)) {
      // kind and apiVersion decide the type (decoding, not printing); keep the name a name kubectl can ask for.
      if (!(top && (k === "kind" || k === "apiVersion"))) out.push({ parent: v, key: k });
      places(x, out, false);
    }
  return out;
}

function maps(v: Json, out: { [k: string]: Json }[] = []): { [k: string]: Json }[] {
  if (Array.isArray(v)) v.forEach((x) => maps(x, out));
  else if (isMap(v)) {
    out.push(v);
    Object.values(v).forEach((x) => maps(x, out));
  }
  return out;
}

function mutate(object: Json, m: Mutation): void {
  const value = oddValue(m.value);
  switch (m.op) {
    case "set":
    case "delete": {
      const all = places(object).filter((p) => !(p.key === "name" && isMap(p.parent) && "uid" in p.parent));
      if (all.length === 0) return;
      const p = all[m.at % all.length]!;
      if (m.op === "delete" && !Array.isArray(p.parent)) delete p.parent[p.key as string];
      else if (Array.isArray(p.parent)) p.parent[p.key as number] = value;
      else p.parent[p.key] = value;
      return;
    }
    case "add": {
      const all = maps(object);
      all[m.at % all.length]![ODD_KEYS[m.key % ODD_KEYS.length]!] = value;
      return;
    }
    case "data": {
      // ConfigMap data, labels, annotations: string maps (a server only sends strings there).
      if (!isMap(object)) return;
      const meta = object.metadata;
      const where = m.at % 3;
      let target: { [k: string]: Json } | undefined;
      if (where === 0) {
        if (!isMap(object.data)) object.data = {};
        target = object.data;
      } else if (isMap(meta)) {
        const k = where === 1 ? "labels" : "annotations";
        if (!isMap(meta[k])) meta[k] = {};
        target = meta[k];
      }
      if (target) target[ODD_KEYS[m.key % ODD_KEYS.length]!] = ODD_STRINGS[m.value % ODD_STRINGS.length]!;
      return;
    }
  }
}

// ---- commands ----

const CUSTOM_COLUMNS = [
  "NAME:.metadata.name,DATA:.data",
  "N:.metadata.name,LABELS:.metadata.labels,ANN:.metadata.annotations",
  "IMAGES:.spec.containers[*].image,PORTS:.spec.containers[*].ports",
  "SPEC:.spec",
  "KIND:.kind,VERSION:.apiVersion,NS:.metadata.namespace",
  "R:.spec.replicas,STATUS:.status",
  "V:.data.a,W:.data.yes",
  "C:.status.conditions[*].type,S:.status.conditions[0].status",
  "A:.metadata.labels.app,T:.metadata.creationTimestamp,U:.metadata.uid",
  "M:.metadata.managedFields[0].fieldsV1",
  "X:.nothing.here,Y:.spec.template.spec.containers[0].name",
];

// No `..` and no `.*` over a map: client-go walks a map's values in Go's map order, which is random from one run to
// the next (kubewire uses one fixed order), so kubectl does not agree with itself there.
const JSONPATHS = [
  "{.items[*].metadata.name}",
  '{range .items[*]}{.metadata.name}{"\\t"}{.data}{"\\n"}{end}',
  '{range .items[*]}{.metadata.labels}{"|"}{.metadata.annotations}{"\\n"}{end}',
  "{.items[*].spec}",
  "{.items[0]}",
  '{.items[*].status.conditions[?(@.type=="Ready")].status}',
  '{.items[?(@.metadata.name=="blog-pod")].spec.containers[*].image}',
  "{.items[*].spec.containers[?(@.name)].name}",
  "{.items[*].spec.containers[*].ports[*].*}",
  "{.items[?(@.data)].metadata.name}",
  '{range .items[*]}{range .spec.containers[*]}{.name}{"="}{.image}{"\\n"}{end}{end}',
  "{.metadata}",
  "{.kind} {.apiVersion}",
  "{.items[-1:].metadata}",
  "{.items[*].metadata.managedFields[*].fieldsV1}",
  "{.items[*].status}",
  "{$}",
];

const GO_TEMPLATES = [
  '{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}',
  "{{.kind}} {{len .items}}",
  '{{range .items}}{{range $k, $v := .metadata.labels}}{{$k}}={{$v}};{{end}}{{"\\n"}}{{end}}',
  '{{range .items}}{{.data}}{{"\\n"}}{{end}}',
  '{{range .items}}{{.spec}}{{"\\n"}}{{end}}',
];

export type RealOutput = "json" | "yaml" | "name" | "wide" | "custom-columns" | "jsonpath" | "go-template";

export interface RealFuzzSpec {
  seed: number;
  /** Several objects of the seed's kind (a list), or one asked for by name. */
  count: number;
  named: boolean;
  mutations: Mutation[][];
  output: RealOutput;
  template: number;
  sortBy: string | undefined;
  /** For `-o wide`: a Table (as kube-apiserver answers), or the list itself (a server without a printer). */
  asList: boolean;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom<Mutation["op"]>("set", "set", "set", "add", "delete", "data", "data"),
  at: fc.nat(10_000),
  value: fc.nat(10_000),
  key: fc.nat(10_000),
});

export function realFuzzSpec(seeds: number, outputs: readonly RealOutput[]): fc.Arbitrary<RealFuzzSpec> {
  return fc.record({
    seed: fc.nat(seeds - 1),
    count: fc.integer({ min: 1, max: 3 }),
    named: fc.boolean(),
    mutations: fc.array(fc.array(mutation, { minLength: 1, maxLength: 4 }), { minLength: 3, maxLength: 3 }),
    output: fc.constantFrom(...outputs),
    template: fc.nat(1000),
    sortBy: fc.option(
      fc.constantFrom(".metadata.name", ".metadata.creationTimestamp", "{.data.yes}", ".spec.replicas"),
      { freq: 6, nil: undefined },
    ),
    asList: fc.boolean(),
  });
}

const pathOf = (k: RealKind, ns: string | undefined, name?: string): string =>
  `${k.group ? `/apis/${k.group}/${k.version}` : "/api/v1"}${k.namespaced && ns !== undefined ? `/namespaces/${ns}` : ""}/${k.resource}${
    name === undefined ? "" : `/${name}`
  }`;

function tableOf(kind: RealKind, items: Json[], now: number): string | undefined {
  const printer = BUILTIN_PRINTERS.get(`${kind.group}/${kind.kind}`);
  if (!printer) return undefined;
  let rows: Json[];
  try {
    rows = items.map((o) => ({
      cells: printer.cells(o as never, now) as Json[],
      object: {
        kind: "PartialObjectMetadata",
        apiVersion: "meta.k8s.io/v1",
        metadata: isMap(o) ? (o.metadata ?? null) : null,
      },
    }));
  } catch {
    return undefined;
  }
  return jsonText({
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: { resourceVersion: "400" },
    columnDefinitions: printer.columns as unknown as Json,
    rows,
  });
}

/** The scenario of spec number `index`: the mutated objects served, the command run. */
export function realScenario(
  spec: RealFuzzSpec,
  seeds: RealSeed[],
  index: number,
  now: number,
): TableScenario {
  const seed = seeds[spec.seed]!;
  const kind = REAL_KINDS.find((k) => k.kind === seed.kind)!;
  const ns = kind.namespaced ? `rf-${index}` : undefined;
  const count = spec.named ? 1 : spec.count;
  const items: Json[] = [];
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const o = structuredClone(seed.object);
    if (!isMap(o) || !isMap(o.metadata)) throw new Error(`seed ${spec.seed} has no metadata`);
    const name = `${typeof o.metadata.name === "string" ? o.metadata.name : "object"}-${i}`;
    o.metadata.name = name;
    if (ns !== undefined) o.metadata.namespace = ns;
    else delete o.metadata.namespace;
    for (const m of spec.mutations[i]!) mutate(o, m);
    // Keep the identity a real list has: kubectl refuses an item of another namespace, and asks by name.
    if (isMap(o.metadata)) {
      o.metadata.name = name;
      if (ns !== undefined) o.metadata.namespace = ns;
    }
    items.push(o);
    names.push(name);
  }
  const flags: string[] = [];
  switch (spec.output) {
    case "custom-columns":
      flags.push("-o", `custom-columns=${CUSTOM_COLUMNS[spec.template % CUSTOM_COLUMNS.length]!}`);
      break;
    case "jsonpath":
      flags.push("-o", `jsonpath=${JSONPATHS[spec.template % JSONPATHS.length]!}`);
      break;
    case "go-template":
      flags.push("-o", `go-template=${GO_TEMPLATES[spec.template % GO_TEMPLATES.length]!}`);
      break;
    default:
      flags.push("-o", spec.output);
  }
  if (spec.sortBy !== undefined && !spec.named) flags.push(`--sort-by=${spec.sortBy}`);
  const where = ns === undefined ? [] : ["-n", ns];
  const wantTable = spec.output === "wide" && !spec.asList;
  if (spec.named) {
    const body = (wantTable ? tableOf(kind, items, now) : undefined) ?? jsonText(items[0]!);
    return {
      name: `real fuzz ${index}`,
      args: ["get", kind.resource, names[0]!, ...where, ...flags],
      bodies: { [pathOf(kind, ns, names[0])]: body },
    };
  }
  // kube-apiserver leaves kind and apiVersion out of a built-in list's items; a custom resource list keeps them.
  const listItems = kind.group === "example.com" ? items : items.map((o) => (isMap(o) ? stripType(o) : o));
  const list = jsonText({
    kind: `${kind.kind}List`,
    apiVersion: apiVersionOf(kind),
    metadata: { resourceVersion: "400" },
    items: listItems,
  });
  const body = (wantTable ? tableOf(kind, items, now) : undefined) ?? list;
  return {
    name: `real fuzz ${index}`,
    args: ["get", kind.resource, ...where, ...flags],
    bodies: { [pathOf(kind, ns)]: body },
  };
}

function stripType(o: { [k: string]: Json }): Json {
  const { kind: _k, apiVersion: _a, ...rest } = o;
  return rest;
}
