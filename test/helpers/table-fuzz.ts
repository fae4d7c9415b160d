/**
 * Generated server-side Tables (and the lists and objects kubectl prints itself when the server sends no Table) for
 * differential fuzzing of kubectl's default `get` output: column types and formats, priority columns, cells of every
 * JSON kind and spelling (nulls, missing and extra cells, floats, big integers, -0, nested values, strings with
 * tabs, line breaks, escapes, wide and combining characters), row objects with namespaces, labels and creation
 * times in several spellings, several types in one `get`, names, -A, and the printing flags (`-o wide`,
 * `--no-headers`, `--show-kind`, `--show-labels`, `-L`, `--sort-by`).
 *
 * Used by test/kubectl/kubectl-table-fuzz.test.ts (a bounded run with a fixed seed) and by
 * bench/experiments/table-fuzz/run.js (long explorations). Both sides read the same stub API server: the real
 * kubectl and `kubewire get` (in-process), compared on stdout, stderr and exit code.
 */

import fc from "fast-check";
import { main } from "../../src/cli/main.js";
import { captureIO } from "./cli.js";
import { runKubectl, startStubPool } from "./kubectl.js";
import type { KubectlRun, StubApiServer } from "./kubectl.js";

// ---- cells: raw JSON text, so that number spellings and escapes reach both sides as written ----

const STRINGS = [
  "",
  "<none>",
  "plain",
  "two words",
  "tab\there",
  "line1\nline2",
  "cr\rhere",
  "ff\fhere",
  "vt\vhere",
  "\x1b[1mbold\x1b[0m",
  "trailing ",
  " leading",
  "日本語テキスト",
  "🚀 rocket",
  "e\u0301\u0301",
  "ｗｉｄｅ",
  "a\u200bb",
  "\u0000nul",
  "ß",
  "Ω≈ç",
  "\ud800 lone",
  "x".repeat(70),
  "10",
  "9",
  "a10",
  "a9",
  "1Gi",
  "900Mi",
  "2026-01-01T00:00:00Z",
  "true",
];
const NUMBERS = [
  "0",
  "-0",
  "-0.0",
  "0.0",
  "1",
  "-5",
  "1.5",
  "1.0",
  "1e21",
  "1E+2",
  "1e-7",
  "0.000001",
  "123456789.125",
  "9007199254740993",
  "12345678901234567890",
  "-9223372036854775808",
  "9223372036854775807",
  "9223372036854775808",
  "3.0e0",
  "100000000000000000000000",
];
const NESTED = ['{"b":1,"a":"x","n":null}', "[]", "{}", '[1,"a",null,[true]]', '{"n":{"m":[2.5]}}'];

const jsonString = (s: string) => JSON.stringify(s);

const stringCell = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...STRINGS).map(jsonString) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 8 }).map(jsonString) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 8 }).map(jsonString) },
);
const numberCell = fc.constantFrom(...NUMBERS);
const anyCell = fc.oneof(
  { weight: 4, arbitrary: stringCell },
  { weight: 3, arbitrary: numberCell },
  { weight: 1, arbitrary: fc.constantFrom("true", "false") },
  { weight: 1, arbitrary: fc.constant("null") },
  { weight: 1, arbitrary: fc.constantFrom(...NESTED) },
);

/** A cell for a column of this type: mostly of the type, sometimes anything (servers are not always right). */
function cellFor(type: string): fc.Arbitrary<string> {
  const typed =
    type === "integer" || type === "number"
      ? numberCell
      : type === "boolean"
        ? fc.constantFrom("true", "false")
        : stringCell;
  return fc.oneof({ weight: 3, arbitrary: typed }, { weight: 1, arbitrary: anyCell });
}

// ---- columns ----

const COLUMN_NAMES = [
  "Name",
  "Ready",
  "Status",
  "Age",
  "Data",
  "Straße",
  "名前",
  "ǅ x",
  "two words",
  "",
  "a-very-long-column-name-indeed",
  "ip",
  "Restarts",
];

export interface ColumnSpec {
  name: string;
  type: string;
  format: string;
  priority: number;
}

const column: fc.Arbitrary<ColumnSpec> = fc.record({
  name: fc.constantFrom(...COLUMN_NAMES),
  type: fc.constantFrom("string", "string", "integer", "number", "boolean", "date", "", "weird"),
  format: fc.constantFrom("", "", "", "date", "weird", "name"),
  priority: fc.constantFrom(0, 0, 0, 1, 1, 2),
});

// ---- row objects ----

const NAMESPACES = ["ns-a", "ns-b", "a-longer-namespace", "", "日本"];
const LABEL_KEYS = ["app", "tier", "example.com/team", "constructor", "__proto__", "toString", "ü"];
const LABEL_VALUES = ["blog", "web", "", "x\ty", "line\nbreak", "日本", "v1.2", "a,b=c"];

export interface ObjectSpec {
  name: string;
  namespace: string;
  /** Label key/value pairs; a `number` value is written as a JSON number (no label map for kubectl then). */
  labels: [string, string | number][] | undefined;
  /** How creationTimestamp is written (index into the spellings), or -1 for none. */
  created: number;
  /** An age in ms (relative to the run's clock) from the ages that print the same for a whole minute. */
  age: number;
  /** `.spec.n`, a sort key: a raw JSON value or undefined. */
  sortValue: string | undefined;
  /** Rows of a Table: whether the object says its kind and apiVersion (kubectl cannot decode it otherwise). */
  typed: boolean;
}

/**
 * Ages whose HumanDuration stays the same for at least a minute either side (the run's clock is read when each
 * side runs, seconds apart): `10m`, `3h30m`, `5d3h`, `45d`, `2y148d`, `9y`, and one in the future (`<invalid>`).
 */
const AGES = [
  (10 * 60 + 30) * 1000,
  (3 * 3600 + 30 * 60 + 30) * 1000,
  (5 * 24 + 3.5) * 3600 * 1000,
  45.5 * 24 * 3600 * 1000,
  (730 + 148.5) * 24 * 3600 * 1000,
  9.5 * 365 * 24 * 3600 * 1000,
  -3600 * 1000,
];

/** How many spellings of creationTimestamp TIME_SPELLINGS below holds. */
const TIME_SPELLING_COUNT = 20;

const SORT_VALUES = [
  '"a10"',
  '"a9"',
  '"b"',
  '"1Gi"',
  '"900Mi"',
  "3",
  "10",
  "-1",
  "2.5",
  '""',
  "null",
  "true",
  "{}",
];

const objectSpec: fc.Arbitrary<ObjectSpec> = fc.record({
  name: fc.constantFrom("alpha", "beta", "a10", "a9", "名前", "x", "a-much-longer-name-here"),
  namespace: fc.constantFrom(...NAMESPACES),
  labels: fc.option(
    fc.array(
      fc.tuple(
        fc.constantFrom(...LABEL_KEYS),
        fc.oneof(
          { weight: 9, arbitrary: fc.constantFrom(...LABEL_VALUES) },
          { weight: 1, arbitrary: fc.constant(7) },
        ),
      ),
      { maxLength: 3 },
    ),
    { freq: 3, nil: undefined },
  ),
  created: fc.integer({ min: -1, max: TIME_SPELLING_COUNT - 1 }),
  age: fc.constantFrom(...AGES),
  sortValue: fc.option(fc.constantFrom(...SORT_VALUES), { freq: 4, nil: undefined }),
  typed: fc.oneof({ weight: 15, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
});

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

/** The ways creationTimestamp is written: RFC 3339 (Z, offsets, fractions) and what Go's time.Parse refuses. */
const TIME_SPELLINGS: ((ms: number) => string | number)[] = [
  (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z"),
  (ms) => new Date(ms).toISOString(),
  (ms) => {
    const d = new Date(ms + 2 * 3600 * 1000);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(
      d.getUTCMinutes(),
    )}:${pad(d.getUTCSeconds())}+02:00`;
  },
  (ms) => new Date(ms).toISOString().replace("T", "t"),
  (ms) => new Date(ms).toISOString().replace("Z", "z"),
  (ms) => new Date(ms).toISOString().slice(0, 10),
  (ms) => new Date(ms).toISOString().replace("T", " "),
  (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", ",5Z"),
  (ms) => new Date(ms).toUTCString(),
  () => "0001-01-01T00:00:00Z",
  () => "",
  () => "null",
  (ms) => Math.floor(ms / 1000),
  (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "+25:00"),
  (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", ""),
  () => "1500-06-01T00:00:00Z",
  (ms) =>
    new Date(Math.floor(ms / 1000) * 1000)
      .toISOString()
      .replace(/T0?(\d)/, "T$1")
      .replace(".000Z", "Z"),
  (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "-24:00"),
  (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "+99:60"),
  (ms) => new Date(ms).toISOString().replace(/\.(\d+)Z/, ".$1123456789Z"),
];

function objectJson(o: ObjectSpec, now: number, kind: string, apiVersion: string, withKind: boolean): string {
  const meta: string[] = [`"name":${jsonString(o.name)}`];
  if (o.namespace !== "") meta.push(`"namespace":${jsonString(o.namespace)}`);
  if (o.labels !== undefined)
    meta.push(
      `"labels":{${o.labels.map(([k, v]) => `${jsonString(k)}:${typeof v === "number" ? v : jsonString(v)}`).join(",")}}`,
    );
  if (o.created >= 0) {
    const t = TIME_SPELLINGS[o.created]!(now - o.age);
    meta.push(`"creationTimestamp":${typeof t === "number" ? t : jsonString(t)}`);
  }
  const head = withKind ? `"kind":${jsonString(kind)},"apiVersion":${jsonString(apiVersion)},` : "";
  const spec = o.sortValue !== undefined ? `,"spec":{"n":${o.sortValue}}` : "";
  return `{${head}"metadata":{${meta.join(",")}}${spec}}`;
}

// ---- tables ----

export interface RowSpec {
  /** Raw JSON cells; their count may differ from the columns'. */
  cells: string[];
  /** `cells` absent from the row (only when true). */
  noCells: boolean;
  object: ObjectSpec | undefined;
}

export interface TableSpec {
  columns: ColumnSpec[];
  rows: RowSpec[];
  /** The server ignored `as=Table` and sent a list (or the object) instead. */
  asList: boolean;
  /** Table apiVersion v1beta1 instead of v1. */
  v1beta1: boolean;
  /** One of MALFORMED (a Table kubectl may fail to decode into a metav1.Table), or -1. */
  malformed: number;
}

/** Edits of a Table's text that give fields the wrong JSON type or range. */
const MALFORMED: [RegExp, string][] = [
  [/"priority":(\d+)/, '"priority":1.5'],
  [/"priority":(\d+)/, '"priority":"1"'],
  [/"priority":(\d+)/, '"priority":2147483648'],
  [/"priority":(\d+)/, '"priority":-0.0'],
  [/"name":"[^"]*","type"/, '"name":5,"type"'],
  [/"description":"d"/, '"description":null'],
  [/"columnDefinitions":\[/, '"columnDefinitions":null,"x":['],
  [/"rows":\[/, '"rows":null,"x":['],
  [/"cells":\[/, '"cells":"x","x":['],
  [/"cells":\[/, '"cells":null,"x":['],
  [/"object":\{/, '"object":"str","x":{'],
  [/"object":\{/, '"object":[],"x":{'],
  [/"kind":"PartialObjectMetadata"/, '"kind":5'],
  [/"apiVersion":"meta.k8s.io\/v1",/, ""],
  [/"metadata":\{"resourceVersion":"7"\}/, '"metadata":{"resourceVersion":7}'],
];

const row = (columns: ColumnSpec[]): fc.Arbitrary<RowSpec> =>
  fc.record({
    cells: fc.oneof(
      { weight: 8, arbitrary: fc.tuple(...columns.map((c) => cellFor(c.type))) },
      { weight: 1, arbitrary: fc.array(anyCell, { maxLength: columns.length + 2 }) },
    ),
    noCells: fc.oneof(
      { weight: 30, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant(true) },
    ),
    object: fc.option(objectSpec, { freq: 8, nil: undefined }),
  });

const tableSpec: fc.Arbitrary<TableSpec> = fc.array(column, { minLength: 1, maxLength: 5 }).chain((columns) =>
  fc.record({
    columns: fc.constant(columns),
    rows: fc.array(row(columns), { maxLength: 5 }),
    asList: fc.oneof(
      { weight: 5, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant(true) },
    ),
    v1beta1: fc.oneof(
      { weight: 9, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant(true) },
    ),
    malformed: fc.oneof(
      { weight: 12, arbitrary: fc.constant(-1) },
      { weight: 1, arbitrary: fc.nat(MALFORMED.length - 1) },
    ),
  }),
);

const nameColumn: fc.Arbitrary<ColumnSpec> = fc.constant({
  name: "Name",
  type: "string",
  format: "name",
  priority: 0,
});
/** A table whose first column is usually a proper Name column. */
const servedTable: fc.Arbitrary<TableSpec> = fc
  .tuple(tableSpec, fc.boolean(), nameColumn)
  .map(([t, named, name]) =>
    named
      ? {
          ...t,
          columns: [name, ...t.columns],
          rows: t.rows.map((r) => ({ ...r, cells: ['"' + (r.object?.name ?? "n") + '"', ...r.cells] })),
        }
      : t,
  );

// ---- commands ----

/** What `kubectl get` is asked: the resource types, names, scope and printing flags. */
export interface TableFuzzSpec {
  shape: "list" | "allns" | "cluster" | "types" | "names" | "one";
  /** Types for `types` (one per table, in order). */
  types: number[];
  tables: TableSpec[];
  wide: boolean;
  noHeaders: boolean;
  showKind: boolean;
  showLabels: boolean;
  labelColumns: string[];
  sortBy: string | undefined;
}

interface Kind {
  resource: string;
  kind: string;
  group: string;
  apiVersion: string;
  namespaced: boolean;
}

/** The stub's types (test/helpers/kubectl.ts DISCOVERY). */
const KINDS: Kind[] = [
  { resource: "configmaps", kind: "ConfigMap", group: "", apiVersion: "v1", namespaced: true },
  { resource: "secrets", kind: "Secret", group: "", apiVersion: "v1", namespaced: true },
  {
    resource: "widgets",
    kind: "Widget",
    group: "example.com",
    apiVersion: "example.com/v1",
    namespaced: true,
  },
  {
    resource: "posts",
    kind: "Post",
    group: "blog.example.com",
    apiVersion: "blog.example.com/v1",
    namespaced: true,
  },
];
const NAMESPACES_KIND: Kind = {
  resource: "namespaces",
  kind: "Namespace",
  group: "",
  apiVersion: "v1",
  namespaced: false,
};

const SORT_FIELDS = [
  ".metadata.name",
  "{.metadata.name}",
  ".metadata.namespace",
  "metadata.labels.app",
  ".spec.n",
  "{.spec.n}",
  ".metadata.creationTimestamp",
  ".nothing",
  "{.a",
  ".metadata.labels",
];

export function tableFuzzSpec(): fc.Arbitrary<TableFuzzSpec> {
  return fc.record({
    shape: fc.constantFrom("list", "list", "list", "allns", "cluster", "types", "types", "names", "one"),
    types: fc.array(fc.nat(KINDS.length - 1), { minLength: 2, maxLength: 3 }),
    tables: fc.array(servedTable, { minLength: 3, maxLength: 3 }),
    wide: fc.boolean(),
    noHeaders: fc.oneof(
      { weight: 3, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant(true) },
    ),
    showKind: fc.oneof(
      { weight: 3, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant(true) },
    ),
    showLabels: fc.oneof(
      { weight: 3, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant(true) },
    ),
    labelColumns: fc.oneof(
      { weight: 3, arbitrary: fc.constant<string[]>([]) },
      { weight: 1, arbitrary: fc.subarray(LABEL_KEYS, { minLength: 1, maxLength: 3 }) },
    ),
    sortBy: fc.option(fc.constantFrom(...SORT_FIELDS), { freq: 4, nil: undefined }),
  });
}

/** One generated `kubectl get`: its arguments and the bodies the stub serves by path. */
export interface TableScenario {
  name: string;
  args: string[];
  bodies: Record<string, string>;
}

function tableJson(t: TableSpec, now: number, kind: Kind, rowsWithKind = true): string {
  const cols = t.columns
    .map(
      (c) =>
        `{"name":${jsonString(c.name)},"type":${jsonString(c.type)},"format":${jsonString(c.format)},"description":"d","priority":${c.priority}}`,
    )
    .join(",");
  const rows = t.rows
    .map((r) => {
      const parts: string[] = [];
      if (!r.noCells) parts.push(`"cells":[${r.cells.join(",")}]`);
      if (r.object)
        parts.push(
          `"object":${objectJson(r.object, now, "PartialObjectMetadata", "meta.k8s.io/v1", rowsWithKind && r.object.typed)}`,
        );
      return `{${parts.join(",")}}`;
    })
    .join(",");
  const text = `{"kind":"Table","apiVersion":"meta.k8s.io/${t.v1beta1 ? "v1beta1" : "v1"}","metadata":{"resourceVersion":"7"},"columnDefinitions":[${cols}],"rows":[${rows}]}`;
  if (t.malformed < 0) return text;
  const [pattern, replacement] = MALFORMED[t.malformed]!;
  return text.replace(pattern, replacement);
}

/**
 * A list as a server that ignored `as=Table` sends it. In a namespace (`ns`) its items are in that namespace or in
 * none: kubectl refuses an item of another namespace (a server never sends one), which kubewire does not model.
 */
function listJson(t: TableSpec, now: number, kind: Kind, ns: string | undefined): string {
  const items = t.rows
    .map((r, i) => {
      const o = r.object ?? { ...EMPTY_OBJECT, name: `item-${i}` };
      const inNs = ns === undefined || o.namespace === "" ? o : { ...o, namespace: ns };
      return objectJson(inNs, now, kind.kind, kind.apiVersion, false);
    })
    .join(",");
  return `{"kind":"${kind.kind}List","apiVersion":${jsonString(kind.apiVersion)},"metadata":{"resourceVersion":"9"},"items":[${items}]}`;
}

const EMPTY_OBJECT: ObjectSpec = {
  name: "",
  namespace: "",
  labels: undefined,
  created: -1,
  age: 0,
  sortValue: undefined,
  typed: true,
};

const pathOf = (k: Kind, ns: string | undefined, name?: string): string =>
  `${k.group ? `/apis/${k.apiVersion}` : "/api/v1"}${k.namespaced && ns !== undefined ? `/namespaces/${ns}` : ""}/${k.resource}${
    name === undefined ? "" : `/${name}`
  }`;

/** The scenario of spec number `index`, its creation times relative to `now` (ms). */
export function tableScenario(spec: TableFuzzSpec, index: number, now: number): TableScenario {
  const ns = `tf-${index}`;
  const flags: string[] = [];
  if (spec.wide) flags.push("-o", "wide");
  if (spec.noHeaders) flags.push("--no-headers");
  if (spec.showKind) flags.push("--show-kind");
  if (spec.showLabels) flags.push("--show-labels");
  if (spec.labelColumns.length > 0) flags.push("-L", spec.labelColumns.join(","));
  if (spec.sortBy !== undefined) flags.push(`--sort-by=${spec.sortBy}`);
  // Sorting a Table's rows reads each row's object: kubectl asks for them (includeObject=Object) and panics on a
  // row without one, which is not worth imitating.
  const sorted = (t: TableSpec): TableSpec =>
    spec.sortBy === undefined
      ? t
      : {
          ...t,
          rows: t.rows.map((r) => ({
            ...r,
            object: { ...EMPTY_OBJECT, name: "o", typed: true, ...r.object },
          })),
        };
  const body = (t: TableSpec, k: Kind, where: string | undefined = ns) =>
    t.asList ? listJson(sorted(t), now, k, where) : tableJson(sorted(t), now, k);
  const t0 = spec.tables[0]!;
  const k0 = KINDS[spec.types[0]!]!;
  const name = `table fuzz ${index} (${spec.shape})`;
  switch (spec.shape) {
    case "list":
      return {
        name,
        args: ["get", k0.resource, "-n", ns, ...flags],
        bodies: { [pathOf(k0, ns)]: body(t0, k0) },
      };
    case "allns":
      return {
        name,
        args: ["get", k0.resource, "-A", ...flags],
        bodies: { [pathOf(k0, undefined)]: body(t0, k0, undefined) },
      };
    case "cluster":
      return {
        name,
        args: ["get", "namespaces", ...flags],
        bodies: { [pathOf(NAMESPACES_KIND, undefined)]: body(t0, NAMESPACES_KIND, undefined) },
      };
    case "types": {
      const kinds = spec.types.map((i) => KINDS[i]!).filter((k, i, all) => all.indexOf(k) === i);
      const bodies: Record<string, string> = {};
      kinds.forEach((k, i) => (bodies[pathOf(k, ns)] = body(spec.tables[i]!, k)));
      return { name, args: ["get", kinds.map((k) => k.resource).join(","), "-n", ns, ...flags], bodies };
    }
    case "names":
    case "one": {
      // One request per name: each answer a Table of that object's row (or the object itself).
      const count = spec.shape === "one" ? 1 : 3;
      const names: string[] = [];
      const bodies: Record<string, string> = {};
      for (let i = 0; i < count; i++) {
        const t = sorted(spec.tables[i]!);
        const n = `obj-${i}`;
        names.push(n);
        const one: TableSpec = { ...t, rows: t.rows.slice(0, 1) };
        bodies[pathOf(k0, ns, n)] = t.asList
          ? objectJson(
              { ...EMPTY_OBJECT, name: n, ...t.rows[0]?.object, namespace: ns },
              now,
              k0.kind,
              k0.apiVersion,
              true,
            )
          : tableJson(one, now, k0);
      }
      return { name, args: ["get", k0.resource, ...names, "-n", ns, ...flags], bodies };
    }
  }
}

// ---- running both sides ----

/** kubectl names itself in a few messages; kubewire names itself. */
export const asKubewire = (text: string, version: string): string =>
  text.replaceAll(`kubectl.${version}`, "kubewire").replaceAll("'kubectl ", "'kubewire ");

/** klog's header holds the time and the process id, which are each process's own. */
export const klogTimeless = (text: string): string =>
  text.replace(/^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, "$1mmdd hh:mm:ss.uuuuuu pid ");

/** `kubewire get` in-process against the stub, as the kubectl of `version` (`--kubectl-version`). */
export async function runKubewire(stub: StubApiServer, version: string, args: string[]): Promise<KubectlRun> {
  const { io, out } = captureIO({ env: { HOME: stub.dir } });
  const code = await main(
    [
      ...args,
      "--kubeconfig",
      stub.kubeconfig,
      "--cache-dir",
      `${stub.dir}/kubewire-cache`,
      `--kubectl-version=${version}`,
    ],
    io,
  );
  return { code, ...out };
}

export interface TableFuzzStubs {
  /**
   * Serves the scenario's bodies on a free stub, then runs kubectl of each version and `kubewire get` as that
   * version; returns both sides' runs per version.
   */
  run(
    s: TableScenario,
    versions: readonly string[],
  ): Promise<{ kubectl: KubectlRun; kubewire: KubectlRun }[]>;
  close(): Promise<void>;
}

/** One stub API server per worker, its bodies swapped before each scenario. */
export async function startTableFuzzStubs(
  workers: number,
  discovery?: Record<string, string>,
): Promise<TableFuzzStubs> {
  const pool = await startStubPool(workers, discovery);
  return {
    run: (s, versions) =>
      pool.use(s.bodies, async (stub) => {
        // The releases' kubectl processes at once (each mostly waits on its own start-up), then kubewire as each.
        const kubectls = await Promise.all(versions.map((v) => runKubectl(stub, v, s.args)));
        const out: { kubectl: KubectlRun; kubewire: KubectlRun }[] = [];
        for (const [j, v] of versions.entries()) {
          const kubectl = kubectls[j]!;
          const kubewire = await runKubewire(stub, v, s.args);
          out.push({
            kubectl: { ...kubectl, stderr: klogTimeless(asKubewire(kubectl.stderr, v)) },
            kubewire: { ...kubewire, stderr: klogTimeless(kubewire.stderr) },
          });
        }
        return out;
      }),
    close: () => pool.close(),
  };
}
