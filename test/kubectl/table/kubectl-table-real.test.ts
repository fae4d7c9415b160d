import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderKubectlTable } from "../../../src/kubectl/index.js";
import type { KubectlTableOptions, KubectlTableSource } from "../../../src/kubectl/index.js";
import { KUBECTL_VERSIONS, readFixture } from "../../helpers/fixtures.js";
import type { TestServer } from "../../helpers/servers.js";
import { kubectlWorkspace, runKubectl, startTableStub, STUB_RESOURCES } from "../../helpers/table-stub.js";
import { kubectlTestsRun, runPool } from "../../helpers/kubectl-binary.js";
import type { KubectlRun, StubAnswer, StubRequest } from "../../helpers/table-stub.js";

/*
 * Generated server Tables fed to the real kubectl binaries through a stub API server; kubewire must print what
 * each version prints, byte for byte (stdout and stderr).
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const START = Date.now();
/** Every whole second (as a clock in ms) from the start to the end of a kubectl run, both included. */
const secondsOf = (run: { startedAt: number; endedAt: number }): number[] => {
  const seconds: number[] = [];
  for (let s = Math.floor(run.startedAt / SECOND); s <= Math.floor(run.endedAt / SECOND); s++)
    seconds.push(s * SECOND);
  return seconds;
};
/** A creationTimestamp `ms` before the test started (whole seconds, as the API server writes them). */
const ago = (ms: number) =>
  new Date(Math.floor((START - ms) / 1000) * 1000).toISOString().replace(".000Z", "Z");

type Obj = Record<string, unknown>;
const col = (name: string, priority = 0, format = "", type = "string"): Obj => ({
  name,
  type,
  format,
  description: `the ${name} column`,
  priority,
});
const NAME = col("Name", 0, "name");
const meta = (name: string, namespace: string | undefined, labels?: Record<string, string>): Obj => ({
  kind: "PartialObjectMetadata",
  apiVersion: "meta.k8s.io/v1",
  metadata: { name, ...(namespace ? { namespace } : {}), ...(labels ? { labels } : {}) },
});
const row = (cells: unknown[], object?: Obj): Obj => (object ? { cells, object } : { cells });
const table = (columns: Obj[], rows: Obj[]): string =>
  JSON.stringify({
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: { resourceVersion: "7" },
    columnDefinitions: columns,
    rows,
  });

const LONG = "x".repeat(150) + "-" + "y".repeat(150);

/** The stub's data: [resource, namespace or selector, name?] → answer. */
const ANSWERS = new Map<string, StubAnswer>();
const put = (resource: string, where: string, answer: StubAnswer) =>
  ANSWERS.set(`${resource} ${where}`, answer);

put("configmaps", "ns:basic", {
  table: table(
    [NAME, col("Data"), col("Age")],
    [
      row(["hello-world", 2, "2y148d"], meta("hello-world", "basic", { app: "blog", tier: "web" })),
      row(["a", 10, "5m"], meta("a", "basic")),
      row(
        ["a-much-longer-name-here", 0, "<invalid>"],
        meta("a-much-longer-name-here", "basic", { "example.com/team": "core", app: "x" }),
      ),
    ],
  ),
});
put("pods", "ns:wide", {
  table: table(
    [
      NAME,
      col("Ready"),
      col("Status"),
      col("Restarts"),
      col("Age"),
      col("IP", 1),
      col("Node", 1),
      col("Nominated Node", 1),
      col("Readiness Gates", 1),
    ],
    [
      row(
        ["web-0", "1/1", "Running", "0", "3d", "10.0.0.12", "node-a", "<none>", ""],
        meta("web-0", "wide", { app: "web" }),
      ),
      row(
        ["batch-job-xyz", "0/1", "Pending", "2 (5m ago)", "12m", "<none>", "<none>", "<none>", null],
        meta("batch-job-xyz", "wide"),
      ),
    ],
  ),
});
put("configmaps", "ns:unicode", {
  table: table(
    [NAME, col("Straße"), col("ready ǅ"), col("Emoji")],
    [
      row(["héllo", "日本語テキスト", "🚀 rocket", "e\u0301"], meta("héllo", "unicode")),
      row(["x", "ü", "😀😀", "\ud800 lone"], meta("x", "unicode")),
      row(["名前", "ß", "Ω", "a"], meta("名前", "unicode")),
    ],
  ),
});
put("configmaps", "ns:long", {
  table: table(
    [NAME, col("Text"), col("More"), col("Last")],
    [
      row(["long", LONG, "line1\nline2", ""], meta("long", "long")),
      row(["breaks", "cr\rhere", "ff\fhere", null], meta("breaks", "long")),
      row(["escapes", "\x1b[1mbold\x1b[0m", "tab\there", "vt\vhere"], meta("escapes", "long")),
    ],
  ),
});
// Numbers written as the server writes them, with integers beyond 2^53 that JavaScript cannot hold.
put("configmaps", "ns:types", {
  table: table([NAME, col("Int", 0, "", "integer"), col("Float", 0, "", "number"), col("Other")], []).replace(
    '"rows":[]',
    `"rows":[${[
      `["ints",1234567,0,true]`,
      `["neg",-5,1.5,false]`,
      `["big",9007199254740993,1e+21,null]`,
      `["huge",12345678901234567890,1e-7,{"b":1,"a":"x","n":null}]`,
      `["min",-9223372036854775808,0.0001,["x",2,[3]]]`,
      `["frac",42,123456.7,1234567.5]`,
    ]
      .map((cells, i) => `{"cells":${cells},"object":${JSON.stringify(meta(`t${i}`, "types"))}}`)
      .join(",")}]`,
  ),
});
put("configmaps", "ns:empty", { table: table([NAME, col("Data"), col("Age")], []) });
put("configmaps", "sel:case=allns", {
  table: table(
    [NAME, col("Data"), col("Age")],
    [
      row(["one", 1, "1d"], meta("one", "a", { app: "one", tier: "db" })),
      row(["two", 22, "2d"], meta("two", "a-longer-namespace")),
      row(["orphan", 3, "3d"]),
    ],
  ),
});
const cmMulti = table([NAME, col("Data"), col("Age")], [row(["cm-one", 1, "4h"], meta("cm-one", "multi"))]);
put("configmaps", "ns:multi", { table: cmMulti });
put("secrets", "ns:multi", {
  table: table(
    [NAME, col("Type"), col("Data"), col("Age")],
    [row(["a-secret-with-a-long-name", "Opaque", 2, "9d"], meta("a-secret-with-a-long-name", "multi"))],
  ),
});
put("widgets", "ns:multi", {
  table: table([NAME, col("Color"), col("Age")], [row(["w", "blue", "1h"], meta("w", "multi"))]),
});
put("secrets", "ns:multi2", { table: table([NAME, col("Type"), col("Data"), col("Age")], []) });
put("configmaps", "ns:multi2", { table: cmMulti });
put("widgets", "ns:multi2", {
  table: table([NAME, col("Color"), col("Age")], [row(["w2", "red", "2h"], meta("w2", "multi2"))]),
});
/** Ages across HumanDuration's buckets, down to the second: kubectl computes them when it runs. */
const FALLBACK_AGES = [
  90 * SECOND,
  5 * MINUTE + 7 * SECOND,
  3 * HOUR + 30 * MINUTE + 30 * SECOND,
  5 * DAY + 3 * HOUR,
  45 * DAY,
  1200 * DAY,
];
const fallbackList = (namespace: string | undefined) =>
  JSON.stringify({
    kind: "ConfigMapList",
    apiVersion: "v1",
    metadata: { resourceVersion: "9" },
    items: [
      ...FALLBACK_AGES.map((age, i) => ({
        metadata: {
          name: i === 1 ? "a-longer-name" : `cm-${i}`,
          namespace: namespace ?? `ns-${i % 2}`,
          creationTimestamp: ago(age),
          ...(i === 0 ? { labels: { app: "old" } } : {}),
        },
      })),
      { metadata: { name: "no-timestamp", namespace: namespace ?? "ns-one" } },
    ],
  });
put("configmaps", "ns:fallback", { list: fallbackList("fallback"), ignoreTable: true });
put("configmaps", "sel:case=fallback-all", { list: fallbackList(undefined), ignoreTable: true });
put("namespaces", "sel:case=ns-empty", { table: table([NAME, col("Status"), col("Age")], []) });
put("namespaces", "sel:case=ns-rows", {
  table: table(
    [NAME, col("Status"), col("Age")],
    [row(["kube-system", "Active", "10d"], meta("kube-system", undefined))],
  ),
});
put("configmaps", "ns:ragged", {
  table: table(
    [NAME, col("B"), col("C"), col("D")],
    [
      row(["a", "b", "c", "d"], meta("a", "ragged")),
      row(["only-one-cell-in-this-row"], meta("only-one-cell-in-this-row", "ragged")),
      row(["x", "yy"], meta("x", "ragged")),
      row(["p", "q", "r", "s", "extra-cell-beyond-the-columns"], meta("p", "ragged")),
    ],
  ),
});
put("configmaps", "ns:onecol", {
  table: table(
    [NAME],
    [row(["single"], meta("single", "onecol")), row(["column-table"], meta("column-table", "onecol"))],
  ),
});
// `kubectl get cm x1 x2-long y1`: one request (one Table) per name, headers once while the columns stay the same.
put("configmaps", "ns:byname name:x1", {
  table: table([NAME, col("Data"), col("Age")], [row(["x1", 1, "1m"], meta("x1", "byname"))]),
});
put("configmaps", "ns:byname name:x2-long-name", {
  table: table(
    [NAME, col("Data"), col("Age")],
    [row(["x2-long-name", 100, "2m"], meta("x2-long-name", "byname"))],
  ),
});
put("configmaps", "ns:byname name:y1", {
  table: table([NAME, col("Keys"), col("Age")], [row(["y1", "k1,k2", "3m"], meta("y1", "byname"))]),
});

function lookup(r: StubRequest): StubAnswer | undefined {
  const where = r.labelSelector ? `sel:${r.labelSelector}` : `ns:${r.namespace ?? ""}`;
  return ANSWERS.get(`${r.resource} ${where}${r.name ? ` name:${r.name}` : ""}`);
}

interface Case {
  args: string[];
  /** Only these kubectl versions (default: every one). */
  versions?: readonly string[];
  /** The responses kubectl got, in order, as kubewire's input. */
  sources: [resource: string, key: string][];
  options: KubectlTableOptions;
}

const resourceOf = (resource: string) => STUB_RESOURCES.find((r) => r.resource === resource)!;
const source = ([resource, key]: [string, string]): KubectlTableSource => {
  const r = resourceOf(resource);
  const a = ANSWERS.get(`${resource} ${key}`)!;
  return { body: a.ignoreTable ? a.list : a.table, kind: r.kind, group: r.group, namespaced: r.namespaced };
};

const inNs = (ns: string, resource: string, flags: string[], options: KubectlTableOptions = {}): Case => ({
  args: ["get", resource, "-n", ns, ...flags],
  sources: resource.split(",").map((r) => [r, `ns:${ns}`]),
  options: { namespace: ns, ...options },
});
const allNs = (
  resource: string,
  selector: string,
  flags: string[],
  options: KubectlTableOptions = {},
): Case => ({
  args: ["get", resource, "-A", "-l", selector, ...flags],
  sources: [[resource, `sel:${selector}`]],
  options: { allNamespaces: true, ...options },
});

const CASES: Case[] = [
  inNs("basic", "configmaps", []),
  inNs("basic", "configmaps", ["--no-headers"], { noHeaders: true }),
  inNs("basic", "configmaps", ["--show-labels"], { showLabels: true }),
  inNs("basic", "configmaps", ["-L", "app,example.com/team"], { labelColumns: ["app", "example.com/team"] }),
  inNs("basic", "configmaps", ["--show-labels", "-L", "tier"], { showLabels: true, labelColumns: ["tier"] }),
  inNs("basic", "configmaps", ["--show-kind"], { showKind: true }),
  inNs("basic", "configmaps", ["-o", "wide"], { wide: true }),
  inNs("wide", "pods", []),
  inNs("wide", "pods", ["-o", "wide"], { wide: true }),
  inNs("wide", "pods", ["-o", "wide", "--no-headers"], { wide: true, noHeaders: true }),
  inNs("wide", "pods", ["-o", "wide", "--show-labels"], { wide: true, showLabels: true }),
  inNs("unicode", "configmaps", []),
  inNs("unicode", "configmaps", ["--show-kind", "--show-labels"], { showKind: true, showLabels: true }),
  inNs("long", "configmaps", []),
  inNs("types", "configmaps", []),
  inNs("empty", "configmaps", []),
  inNs("empty", "configmaps", ["--no-headers"], { noHeaders: true }),
  allNs("configmaps", "case=allns", []),
  allNs("configmaps", "case=allns", ["--show-labels", "-L", "app,tier"], {
    showLabels: true,
    labelColumns: ["app", "tier"],
  }),
  allNs("configmaps", "case=allns", ["--no-headers", "--show-kind"], { noHeaders: true, showKind: true }),
  inNs("multi", "configmaps,secrets", []),
  inNs("multi", "configmaps,widgets", ["--show-labels"], { showLabels: true }),
  inNs("multi", "secrets,configmaps,widgets", ["--no-headers"], { noHeaders: true }),
  inNs("multi2", "secrets,configmaps", []),
  inNs("multi2", "configmaps,secrets,widgets", []),
  inNs("fallback", "configmaps", []),
  inNs("fallback", "configmaps", ["--show-labels", "-L", "app"], { showLabels: true, labelColumns: ["app"] }),
  inNs("fallback", "configmaps", ["--no-headers", "--show-kind"], { noHeaders: true, showKind: true }),
  allNs("configmaps", "case=fallback-all", []),
  {
    args: ["get", "namespaces", "-l", "case=ns-empty"],
    sources: [["namespaces", "sel:case=ns-empty"]],
    options: {},
  },
  allNs("namespaces", "case=ns-rows", []),
  inNs("ragged", "configmaps", []),
  inNs("onecol", "configmaps", []),
  inNs("onecol", "configmaps,secrets", []),
  {
    args: ["get", "configmaps", "x1", "x2-long-name", "y1", "-n", "byname"],
    sources: [
      ["configmaps", "ns:byname name:x1"],
      ["configmaps", "ns:byname name:x2-long-name"],
      ["configmaps", "ns:byname name:y1"],
    ],
    options: { namespace: "byname" },
  },
];
// Cases whose responses include a missing type (secrets in "onecol") get an empty Table for it.
put("secrets", "ns:onecol", { table: table([NAME, col("Type"), col("Data"), col("Age")], []) });

// Random Tables (fixed seed): any string the server could send (control characters, astral and combining
// characters, lone surrogates), numbers of every magnitude, booleans, nulls, nested values, priority columns.
const cell = fc.oneof(
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.oneof(fc.integer(), fc.string({ maxLength: 3 })), {
    maxKeys: 2,
  }),
);
const RANDOM = fc.sample(
  fc.integer({ min: 1, max: 5 }).chain((n) =>
    fc.record({
      columns: fc.array(
        fc.record({ name: fc.string({ unit: "binary", maxLength: 10 }), priority: fc.constantFrom(0, 0, 1) }),
        { minLength: n, maxLength: n },
      ),
      rows: fc.array(fc.array(cell, { minLength: n, maxLength: n }), { maxLength: 4 }),
      wide: fc.boolean(),
    }),
  ),
  { numRuns: 30, seed: 20261125 },
);
RANDOM.forEach((r, i) => {
  put("configmaps", `ns:rand-${i}`, {
    table: table(
      r.columns.map((c, j) => ({ ...col(c.name, c.priority), format: j === 0 ? "name" : "" })),
      r.rows.map((cells, j) => row(cells, meta(`r${j}`, `rand-${i}`))),
    ),
  });
  // Table printing is the same code in every version (the cases above check all seven): the random corpus
  // runs on the oldest and the newest, to keep the suite fast.
  CASES.push({
    ...inNs(`rand-${i}`, "configmaps", r.wide ? ["-o", "wide"] : [], { wide: r.wide }),
    versions: ["1.27", "1.33"],
  });
});

// Every version runs when present; in CI a missing one is kept, so that running it fails (kubectl-binary.ts).
const VERSIONS = KUBECTL_VERSIONS.filter((v) => kubectlTestsRun(v));

describe.runIf(VERSIONS.length > 0)("renderKubectlTable against the real kubectl binaries", () => {
  let server: TestServer;
  const results = new Map<string, KubectlRun>();

  beforeAll(async () => {
    server = await startTableStub(lookup);
    const ws = kubectlWorkspace(server.url);
    try {
      // Warm each version's discovery cache once, then run everything concurrently.
      await Promise.all(VERSIONS.map((v) => runKubectl(v, ["get", "configmaps", "-n", "basic"], ws)));
      const tasks = VERSIONS.flatMap((v) =>
        CASES.flatMap((c, i) =>
          c.versions && !c.versions.includes(v)
            ? []
            : [async () => results.set(`${v} ${i}`, await runKubectl(v, c.args, ws))],
        ),
      );
      await runPool(tasks, 6);
    } finally {
      ws.dispose();
    }
  });

  afterAll(async () => {
    await server?.close();
  });

  CASES.forEach((c, i) => {
    it(`kubectl ${c.args.join(" ")}`, () => {
      for (const v of VERSIONS.filter((v) => !c.versions || c.versions.includes(v))) {
        const real = results.get(`${v} ${i}`)!;
        // Ages kubectl computes itself (the fallback) are relative to the instant it read its clock, somewhere in
        // its run, however long a busy machine made that run. Creation times are whole seconds, so an age is a
        // function of the second kubectl read: kubewire renders with each second of the run as its clock, and
        // one of them must be kubectl's.
        const renders = secondsOf(real).map((now) =>
          renderKubectlTable(c.sources.map(source), { ...c.options, now }),
        );
        const ours = renders.find((r) => r.stdout === real.stdout) ?? renders[0]!;
        expect({ version: v, stdout: ours.stdout, stderr: ours.stderr }).toEqual({
          version: v,
          stdout: real.stdout,
          stderr: real.stderr,
        });
        expect(real.code).toBe(0);
      }
    });
  });

  it("also prints the recorded real-apiserver Tables (curl 04, x06, x07, x08) as kubectl does", async () => {
    const recorded: [string, string, string][] = [
      ["configmaps", "04-cm-list-table", "recorded-cm"],
      ["widgets", "x06-widget-list-table", "recorded-widgets"],
      ["pods", "x07-pod-list-table", "recorded-pods"],
      ["secrets", "x08-secret-list-table", "recorded-secrets"],
    ];
    for (const [resource, file, ns] of recorded)
      put(resource, `ns:${ns}`, { table: readFixture(`realapi/curl/${file}.body`) });
    const ws = kubectlWorkspace(server.url);
    try {
      const runs = await runPool(
        VERSIONS.flatMap((v) =>
          recorded.flatMap(([resource, , ns]) =>
            [[], ["-o", "wide", "--show-labels", "--show-kind"]].map((flags) => async () => ({
              v,
              resource,
              ns,
              flags,
              run: await runKubectl(v, ["get", resource, "-n", ns, ...flags], ws),
            })),
          ),
        ),
        6,
      );
      for (const { v, resource, ns, flags, run } of runs) {
        const r = resourceOf(resource);
        const ours = renderKubectlTable(
          { body: ANSWERS.get(`${resource} ns:${ns}`)!.table, kind: r.kind, group: r.group },
          {
            namespace: ns,
            wide: flags.includes("wide"),
            showLabels: flags.includes("--show-labels"),
            showKind: flags.includes("--show-kind"),
          },
        );
        expect({ v, resource, flags, ...ours }).toEqual({
          v,
          resource,
          flags,
          stdout: run.stdout,
          stderr: run.stderr,
        });
      }
    } finally {
      ws.dispose();
    }
  });
});
