/**
 * A generated corpus of API server responses that exercise every part of kubectl's `-o json|yaml|name` output:
 * strings YAML would misread, indicators, whitespace, multi-line text, escapes and unicode, long text for folding
 * at several depths, numbers of every shape, key order, empty and nested collections, List merging, and the inputs
 * on which `-o yaml` fails. Each scenario is one kubectl command and the raw bodies the stub API server returns.
 */

import { goYamlKeyLess, sortGoYamlKeys } from "../../src/kubectl/go/yaml-emitter.js";
import { readFixture } from "./fixtures.js";

/** A JSON number written exactly as given (so big integers and float spellings reach kubectl unchanged). */
export class Num {
  constructor(readonly text: string) {}
}

type Raw = string | number | boolean | null | Num | Raw[] | { [key: string]: Raw };

/** Serializes a corpus value as raw JSON text, keeping key insertion order and `Num` spellings. */
export function rawJson(value: Raw): string {
  if (value instanceof Num) return value.text;
  if (Array.isArray(value)) return `[${value.map(rawJson).join(",")}]`;
  if (value !== null && typeof value === "object")
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${rawJson(v)}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

export type KubectlOutputFormat = "json" | "yaml" | "name";

export interface Scenario {
  name: string;
  /** `kubectl get` arguments, without `-o`. */
  args: string[];
  /** Paths the stub serves for this scenario, with their raw bodies. */
  bodies: Record<string, string>;
  /** The raw responses of this `get`, in the order kubectl requests and merges them. */
  raws: string[];
  singleObject?: boolean;
  showManagedFields?: boolean;
  outputs: KubectlOutputFormat[];
  /** Only the raw text tells kubewire what kubectl does (a number literal beyond a float64); not parsed values. */
  textOnly?: boolean;
}

const LONG =
  "This value is deliberately longer than eighty characters so that the YAML emitter has to fold it onto further lines, and then some more words follow.";

/** Strings grouped by what they exercise; each group becomes one object's data. */
export const STRING_CATEGORIES: Record<string, string[]> = {
  booleans:
    "y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF yES oN tRUE Off! y_".split(
      " ",
    ),
  nulls: ["null", "Null", "NULL", "~", "", "nULL", "~~", "null "],
  integers: [
    "123",
    "-7",
    "+7",
    "0",
    "00",
    "0755",
    "08",
    "09",
    "0x1F",
    "0X1f",
    "0o17",
    "0O17",
    "0b101",
    "0b-1",
    "0b+1",
    "-0b1",
    "1_000",
    "1__0",
    "_1",
    "1_",
    "+0x",
    "0x",
    "0b",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775809",
    "0x1ffffffffffffffffffff",
    "١٢٣",
  ],
  floats: [
    "1.5",
    "1e3",
    "1E3",
    ".5",
    "-.5",
    "+.5",
    "1.",
    "1.e5",
    "1e999",
    ".5e999",
    "1e-999",
    ".5_5",
    "._5",
    ".5e1_0",
    "6.02e+23",
    "-0.0",
    "1e",
    "1e+",
    ".e5",
    "..5",
    ".",
    "0x1p3",
    "1_000.5",
    "+",
    "-",
  ],
  special: [
    ".inf",
    ".Inf",
    ".INF",
    "-.inf",
    "+.inf",
    "-.Inf",
    ".nan",
    ".NaN",
    ".NAN",
    ".iNf",
    "-.nan",
    "inf",
    "NaN",
  ],
  timestamps: [
    "2024-06-30",
    "2024-6-3",
    "2024-06-30T17:50:00Z",
    "2024-06-30t17:50:00Z",
    "2024-06-30T17:50:00z",
    "2024-06-30 17:50:00",
    "2024-06-30  17:50:00.5",
    "2024-06-30T17:50:00.123456789012Z",
    "2024-06-30T17:50:00,5Z",
    "2024-06-30T17:50:00.Z",
    "2024-06-30T1:2:3+01:00",
    "2024-06-30T17:50:00-0500",
    "2024-02-29",
    "2023-02-29",
    "2024-02-30",
    "2024-13-01",
    "2024-00-10",
    "2024-01-02T24:00:00Z",
    "2024-01-02T10:00:60Z",
    "2024-01-02T10:00:00+24:00",
    "2024-01-02T10:00:00+25:00",
    "2024-01-02T10:00:00+01:61",
    "0000-01-01",
    "20240-01-01",
  ],
  sexagesimal: [
    "12:30:45",
    "190:20:30",
    "1:20",
    "1:60",
    "+1:20",
    "-1:5",
    "1_0:20.5",
    "12:345",
    "1:2:3",
    "1:5_",
    "a:1",
  ],
  indicators: [
    "-",
    "--",
    "- ",
    "-a",
    "- a",
    "?",
    "?a",
    "? a",
    ":",
    ":a",
    ": a",
    "a:",
    "a:b",
    "a: b",
    "#",
    "#a",
    "a#",
    "a#b",
    "a #b",
    ",",
    ",a",
    "a,b",
    "[a]",
    "a[b",
    "{a}",
    "a}",
    "&a",
    "*a",
    "!a",
    "|",
    "| a",
    ">",
    "> a",
    "'a'",
    '"a"',
    "%a",
    "@a",
    "`a",
    "---",
    "...",
    "--- a",
    "---a",
    "...a",
    "... b",
    "<<",
    "=",
    "<",
    "a=b",
    "<b>&amp;</b>",
    'a/b\\c"d',
    "\\",
    "'",
    '"',
    "a'b",
    'a"b',
    "a\\b",
  ],
  whitespace: [" abc", "abc ", " ", "  ", "a  b", "\ta", "a\t", "a\tb", " \t", "a \t b"],
  multiline: [
    "line1\nline2\n",
    "line1\nline2",
    "line1\n\n",
    "line1\n\n\n",
    "\n",
    "\n\n",
    "a\n",
    "  indented\nline2",
    "\nleading break",
    "trailing space \nline2",
    "a\n b",
    "a \n b",
    "a\r\nb",
    "a\rb",
    "tab\there\nnewline",
    "a\n\n\nb\n\n",
    " \n",
    "\n ",
    "x\n\u2028y",
    "first line of a literal block that is itself considerably longer than the eighty character best width\nsecond\n",
  ],
  escapes: [
    "nul\u0000",
    "bell\u0007",
    "bs\b",
    "ff\f",
    "vt\u000b",
    "esc\u001b",
    "cr\r",
    "tab\t",
    "\u0001\u0002\u001f",
    "mixed \u0007 and text that is long enough to need folding when it is written in double quotes at all",
  ],
  unicode: [
    "ü café 日本",
    "😀",
    "a😀b",
    "\u00a0",
    "x\u00a0y",
    "\ufeff",
    "\ufeffbom first, then  words",
    "bom\ufeffmiddle",
    "\u2028",
    "a\u2028b\u2029c",
    "é",
    "e\u0301",
    "שלום",
    "\u200b",
    "\ue000",
    "\ufffd",
    "\ufffc",
    "\ud800 lone",
    "\udfff",
    "𝄞 music",
    "\u0085 nel first",
    "x\u0085y",
    "x \u0085 y",
    "x\u0085\u0085y",
    "x\u0085",
    "x\u0085 \u0085y",
    "x\u0085\u0085\u0085y",
  ],
  folding: [
    LONG,
    LONG.replace(/ /g, "  "),
    ` ${LONG}`,
    `${LONG} `,
    `😀 ${LONG}`,
    `true ${LONG}`,
    "x".repeat(150),
    `${"w".repeat(79)} ${"v".repeat(10)} ${"u".repeat(10)}`,
    `${"w".repeat(78)} ${"v".repeat(10)}`,
    `${"w".repeat(80)} v`,
    `${"a ".repeat(60)}end`,
    `${"a".repeat(70)}  ${"b".repeat(20)} c`,
    `'quoted' ${LONG} 'more'`,
    `${"word ".repeat(30).trim()}\n${LONG}\n`,
    `\ufeff${LONG}`,
  ],
};

/** Mapping keys in go-yaml v2's natural order, and keys that must be quoted or written as complex keys. */
const KEYS: string[] = [
  "item10",
  "item9",
  "Zeta",
  "alpha",
  "a_b",
  "a-b",
  "a~",
  "ab",
  "a.b",
  "a/b",
  "1",
  "10",
  "2",
  "",
  "key with space",
  "true",
  "é",
  "z",
  "_x",
  "-x",
  "B",
  "b",
  "001",
  "01",
  "a01",
  "a1",
  "a1b2",
  "x9y",
  "x10y",
  "y",
  "n",
  "yes",
  "null",
  "~",
  "123",
  "1.5",
  "2024-01-01",
  "a: b",
  "- a",
  "#c",
  " lead",
  "trail ",
  "x".repeat(128),
  "x".repeat(129),
  "é".repeat(64),
  "é".repeat(65),
  "a\nb",
  "a\n",
  "a\u2028b",
  "x\ty",
  "😀",
  "\ufeffbom",
  "ü",
  "Ä",
  "日本",
];

function keyed(values: Raw[], prefix = "k"): Record<string, Raw> {
  return Object.fromEntries(values.map((v, i) => [`${prefix}${String(i).padStart(3, "0")}`, v]));
}

/**
 * go-yaml v2 compares keys with a relation that is not transitive for some sets; kubectl then orders them
 * differently from run to run. The corpus keeps to sets that the relation orders totally: sorted by it, every
 * earlier key is less than every later one.
 */
export function totallyOrdered(keys: string[]): boolean {
  const sorted = sortGoYamlKeys([...keys]);
  for (let i = 0; i < sorted.length; i++)
    for (let j = i + 1; j < sorted.length; j++) if (!goYamlKeyLess(sorted[i]!, sorted[j]!)) return false;
  return true;
}

const NUMBERS: Record<string, Num> = Object.fromEntries(
  [
    "0",
    "-0",
    "1",
    "-1",
    "1.0",
    "-1.5",
    "0.1",
    "1e21",
    "1e20",
    "1E3",
    "1e+300",
    "12345678901234567890",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "18446744073709551615",
    "18446744073709551616",
    "100000000000000000000000",
    "123456789012345678",
    "1e-7",
    "0.000001",
    "0.0000012345",
    "1234567.5",
    "100000.5",
    "999999.9",
    "1000000.0",
    "0.0001",
    "0.00001",
    "3.141592653589793",
    "-2.5e-3",
    "5e-324",
    "1.7976931348623157e308",
    "-0.0",
    "4.35",
    "2e-5",
    "1.5e6",
    "123456.789e3",
  ].map((n, i) => [`n${String(i).padStart(2, "0")}`, new Num(n)]),
);

function managedFields(time: string): Raw {
  return [
    {
      manager: "kubectl-create",
      operation: "Update",
      apiVersion: "v1",
      time,
      fieldsType: "FieldsV1",
      fieldsV1: { "f:data": { ".": {}, "f:a": {} }, "f:metadata": { "f:labels": { ".": {}, "f:app": {} } } },
    },
  ];
}

function metadata(
  name: string,
  namespace: string | undefined,
  i: number,
  extra: Record<string, Raw> = {},
): Raw {
  const ts = `2024-06-30T17:${String(10 + (i % 50)).padStart(2, "0")}:00Z`;
  return {
    name,
    ...(namespace ? { namespace } : {}),
    uid: `0000000${i % 10}-da39-44ba-991b-7dc4818440cd`,
    resourceVersion: String(11000 + i),
    creationTimestamp: ts,
    labels: { app: "corpus", "example.com/category": name.slice(0, 63) },
    annotations: {
      "example.com/long": LONG,
      "example.com/multi": "a\nb\n",
      // What `kubectl apply` leaves behind: the applied object as JSON text, with a final newline.
      "kubectl.kubernetes.io/last-applied-configuration": `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"annotations":{},"name":"${name}","namespace":"${namespace ?? ""}"},"data":{"key":"value with spaces and: colons"}}\n`,
    },
    managedFields: managedFields(ts),
    ...extra,
  };
}

/** A deterministic PRNG (LCG) for the generated part of the corpus. */
function prng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const ALPHABET = [
  " ",
  " ",
  " ",
  "\n",
  "\t",
  "-",
  ":",
  "#",
  "'",
  '"',
  "\\",
  "?",
  ",",
  "[",
  "]",
  "{",
  "}",
  "&",
  "*",
  "!",
  "|",
  ">",
  "%",
  "@",
  "`",
  ".",
  "0",
  "1",
  "9",
  "e",
  "E",
  "x",
  "b",
  "o",
  "_",
  "+",
  "a",
  "z",
  "T",
  "Z",
  "y",
  "n",
  "~",
  "\u2028",
  "\u2029",
  "é",
  "😀",
  "\u00a0",
  "\ufeff",
  "\r",
  "\u0000",
  "\u001b",
  "\u0085",
  "<",
  "=",
  "/",
];
const WORDS = [
  "true",
  "yes",
  "No",
  "null",
  "~",
  "0x1F",
  "1e3",
  "1_000",
  "0b101",
  "12:30",
  "2024-06-30",
  ".5",
  "---",
];

function randomString(rnd: () => number, allowNel: boolean): string {
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)]!;
  if (rnd() < 0.25) return pick(WORDS) + (rnd() < 0.5 ? "" : pick(ALPHABET));
  const n = Math.floor(rnd() * (rnd() < 0.2 ? 200 : 12));
  let out = "";
  for (let i = 0; i < n; i++)
    out += rnd() < 0.3 ? "word".slice(0, 1 + Math.floor(rnd() * 4)) + " " : pick(ALPHABET);
  return allowNel ? out : out.replace(/\u0085/g, "");
}

function randomValue(rnd: () => number, depth: number): Raw {
  const r = rnd();
  if (depth > 3 || r < 0.6) return randomString(rnd, true);
  if (r < 0.7) return Array.from({ length: Math.floor(rnd() * 3) }, () => randomValue(rnd, depth + 1));
  if (r < 0.75)
    return [new Num("1"), new Num("1.5"), new Num("1e21"), new Num("1e-7"), true, null][
      Math.floor(rnd() * 6)
    ]!;
  return randomMap(rnd, depth + 1, 4);
}

function randomMap(rnd: () => number, depth: number, size: number): Record<string, Raw> {
  const o: Record<string, Raw> = {};
  for (let i = 0; i < Math.floor(rnd() * size) + 1; i++) {
    const key = randomString(rnd, false);
    if (key in o || !totallyOrdered([...Object.keys(o), key])) continue;
    o[key] = randomValue(rnd, depth);
  }
  return o;
}

const CM = (name: string, data: Record<string, Raw>, i: number, ns = "corpus"): Record<string, Raw> => ({
  metadata: metadata(name, ns, i),
  data,
});

const POST = (name: string, spec: Raw, i: number, ns = "corpus"): Record<string, Raw> => ({
  apiVersion: "blog.example.com/v1",
  kind: "Post",
  metadata: metadata(name, ns, i, { generation: new Num("1") }),
  spec,
});

function list(kind: string, apiVersion: string, items: Raw[] | null, rv = "15095"): string {
  return rawJson({ kind, apiVersion, metadata: { resourceVersion: rv }, items });
}

function single(apiVersion: string, kind: string, object: Record<string, Raw>): string {
  return rawJson({ kind, apiVersion, ...object });
}

/** Every scenario of the corpus. */
export function corpusScenarios(): Scenario[] {
  const scenarios: Scenario[] = [];
  const all: KubectlOutputFormat[] = ["json", "yaml", "name"];

  // 1. A built-in list (items without kind/apiVersion): one ConfigMap per string category, plus binaryData.
  const cms: Raw[] = Object.entries(STRING_CATEGORIES).map(([category, strings], i) =>
    CM(category, keyed(strings), i),
  );
  cms.push({
    metadata: metadata("binary", "corpus", 99),
    binaryData: { "blob.bin": "AAECAwQFBgcICQ==", "empty.bin": "" },
    data: keyed(KEYS.map((k) => k)),
    immutable: true,
  });
  const cmList = list("ConfigMapList", "v1", cms);
  const cmPath = "/api/v1/namespaces/corpus/configmaps";
  scenarios.push({
    name: "configmap list",
    args: ["get", "configmaps", "-n", "corpus"],
    bodies: { [cmPath]: cmList },
    raws: [cmList],
    outputs: all,
  });
  scenarios.push({
    name: "configmap list, managed fields shown",
    args: ["get", "configmaps", "-n", "corpus", "--show-managed-fields"],
    bodies: { [cmPath]: cmList },
    raws: [cmList],
    showManagedFields: true,
    outputs: ["json", "yaml"],
  });

  // 2. A custom-resource list: numbers, keys, structures, folding at depth, then generated objects.
  const rnd = prng(20240630);
  const keyMap = Object.fromEntries(KEYS.map((k, i) => [k, new Num(String(i))]));
  if (!totallyOrdered(Object.keys(keyMap))) throw new Error("corpus keys are not totally ordered");
  const nested = (depth: number): Raw =>
    depth === 0
      ? { long: LONG, multi: "one\ntwo\n", single: ` ${LONG}`, emoji: `😀 ${LONG}` }
      : { [`level${depth}`]: nested(depth - 1), seq: [LONG, nested(depth - 1)] };
  const posts: Raw[] = [
    POST("numbers", { ...NUMBERS, list: Object.values(NUMBERS) }, 0),
    POST("keys", { keys: keyMap, nested: { ...keyMap } }, 1),
    POST(
      "structures",
      {
        emptyobj: {},
        emptyarr: [],
        nullv: null,
        t: true,
        f: false,
        nestedLists: [[new Num("1"), new Num("2")], [new Num("3")], [], [[]], [{}]],
        listOfMaps: [{ b: new Num("1"), a: new Num("2") }, { z: { y: [] } }, {}, { m: [{ n: "deep" }] }],
        listOfMultiline: ["a\nb\n", "c\n\n", "d", "  e\nf"],
        mapOfEmpties: { a: {}, b: [], c: "", d: null },
      },
      2,
    ),
    POST("folding", nested(4), 3),
    POST("strings", keyed(Object.values(STRING_CATEGORIES).flat()), 4),
    POST(
      "strings-in-lists",
      { all: Object.values(STRING_CATEGORIES).flat(), nested: [[...STRING_CATEGORIES.multiline!]] },
      5,
    ),
  ];
  for (let i = 0; i < 12; i++) posts.push(POST(`generated-${i}`, randomMap(rnd, 0, 16), 10 + i));
  const postList = list("PostList", "blog.example.com/v1", posts, "17000");
  scenarios.push({
    name: "custom resource list",
    args: ["get", "posts", "-n", "corpus"],
    bodies: { "/apis/blog.example.com/v1/namespaces/corpus/posts": postList },
    raws: [postList],
    outputs: all,
  });

  // 3. Single named objects: printed bare.
  const cmSingle = single(
    "v1",
    "ConfigMap",
    CM("tricky", keyed(Object.values(STRING_CATEGORIES).flat()), 50, "single"),
  );
  const cmSinglePath = "/api/v1/namespaces/single/configmaps/tricky";
  scenarios.push({
    name: "single configmap",
    args: ["get", "configmap", "tricky", "-n", "single"],
    bodies: { [cmSinglePath]: cmSingle },
    raws: [cmSingle],
    singleObject: true,
    outputs: all,
  });
  scenarios.push({
    name: "single configmap, managed fields shown",
    args: ["get", "configmap", "tricky", "-n", "single", "--show-managed-fields"],
    bodies: { [cmSinglePath]: cmSingle },
    raws: [cmSingle],
    singleObject: true,
    showManagedFields: true,
    outputs: ["json", "yaml"],
  });
  // The last scalar of the document is a "|+" block: go-yaml must not end the document with "...".
  const postSingle = rawJson(POST("numbers", { ...NUMBERS, zzz: "x\n\n" }, 51, "single"));
  scenarios.push({
    name: "single custom resource",
    args: ["get", "post", "numbers", "-n", "single"],
    bodies: { "/apis/blog.example.com/v1/namespaces/single/posts/numbers": postSingle },
    raws: [postSingle],
    singleObject: true,
    outputs: all,
  });

  // 4. Empty results: items [] and items null.
  const empty = list("ConfigMapList", "v1", [], "1");
  scenarios.push({
    name: "empty list",
    args: ["get", "configmaps", "-n", "empty"],
    bodies: { "/api/v1/namespaces/empty/configmaps": empty },
    raws: [empty],
    outputs: all,
  });
  const nullItems = list("SecretList", "v1", null, "2");
  scenarios.push({
    name: "list with items null",
    args: ["get", "secrets", "-n", "empty"],
    bodies: { "/api/v1/namespaces/empty/secrets": nullItems },
    raws: [nullItems],
    outputs: all,
  });

  // 5. Several types in one get: the lists are merged into one List, in request order.
  const mergedCms = list("ConfigMapList", "v1", [
    CM("one", { a: "yes" }, 60, "merged"),
    CM("two", { b: "2024-06-30" }, 61, "merged"),
  ]);
  const secrets = list("SecretList", "v1", [
    { metadata: metadata("creds", "merged", 62), type: "Opaque", data: { password: "c2VjcmV0" } },
  ]);
  // The null item is the empty object to Go's decoder, typed from its list. (Cluster-scoped: kubectl fills the
  // request's namespace into namespaced objects without one, which kubewire does not model.)
  const namespaces = list("NamespaceList", "v1", [
    null,
    {
      metadata: metadata("merged", undefined, 63),
      spec: { finalizers: ["kubernetes"] },
      status: { phase: "Active" },
    },
  ]);
  const mergedPosts = list("PostList", "blog.example.com/v1", [
    POST("merged-post", { title: "on" }, 64, "merged"),
  ]);
  scenarios.push({
    name: "several types merged",
    args: ["get", "configmaps,secrets,namespaces,posts", "-n", "merged"],
    bodies: {
      "/api/v1/namespaces/merged/configmaps": mergedCms,
      "/api/v1/namespaces/merged/secrets": secrets,
      "/api/v1/namespaces": namespaces,
      "/apis/blog.example.com/v1/namespaces/merged/posts": mergedPosts,
    },
    raws: [mergedCms, secrets, namespaces, mergedPosts],
    outputs: all,
  });

  // 6. Several names of one type: single GETs merged into a List.
  const a = single("v1", "ConfigMap", CM("a", { k: "no" }, 70, "names"));
  const b = single("v1", "ConfigMap", CM("b", { k: "line\n" }, 71, "names"));
  scenarios.push({
    name: "two names",
    args: ["get", "configmap", "a", "b", "-n", "names"],
    bodies: { "/api/v1/namespaces/names/configmaps/a": a, "/api/v1/namespaces/names/configmaps/b": b },
    raws: [a, b],
    outputs: all,
  });

  // 7. Bodies a real kube-apiserver 1.28.7 sent (fixtures/realapi): a Pod list (pretty-printed, as sent to curl),
  // Secrets and custom objects (compact, as sent to kubectl), and a single custom object.
  const real = {
    "/api/v1/namespaces/list-resources-ns/pods": readFixture("realapi/curl/09-pod-list.body"),
    "/api/v1/namespaces/list-resources-ns/secrets": readFixture("realapi/bodies/secret-list.json"),
    "/apis/example.com/v1/namespaces/list-resources-ns/widgets": readFixture(
      "realapi/bodies/widget-list.json",
    ),
  };
  scenarios.push({
    name: "real kube-apiserver bodies merged",
    args: ["get", "pods,secrets,widgets", "-n", "list-resources-ns"],
    bodies: real,
    raws: Object.values(real),
    outputs: all,
  });
  const widget = readFixture("realapi/curl/x09-widget-get.body");
  scenarios.push({
    name: "real kube-apiserver single custom object",
    args: ["get", "widget", "blue-widget", "-n", "list-resources-ns", "--show-managed-fields"],
    bodies: { "/apis/example.com/v1/namespaces/list-resources-ns/widgets/blue-widget": widget },
    raws: [widget],
    singleObject: true,
    showManagedFields: true,
    outputs: ["json", "yaml"],
  });

  // 8. Inputs on which -o yaml fails (and -o json does not): one scenario each, since the first failure ends it.
  const failures: [string, Raw][] = [
    ["del", { v: "x\u007fy" }],
    ["c1-0080", { v: "\u0080" }],
    ["c1-009f", { v: "a\u009fb" }],
    ["fffe", { v: "\ufffe" }],
    ["ffff", { v: "\uffff" }],
    ["nel-in-key", { before: "a\u0085b\u0085c", nested: { ["k\u0085ey"]: "v" } }],
    ["long-key", { ["k".repeat(1100)]: "v" }],
    ["document-marker", { v: "a\u0085--- b" }],
  ];
  for (const [name, spec] of failures) {
    const body = list("PostList", "blog.example.com/v1", [POST(name, spec, 80, `fail-${name}`)]);
    scenarios.push({
      name: `yaml failure: ${name}`,
      args: ["get", "posts", "-n", `fail-${name}`],
      bodies: { [`/apis/blog.example.com/v1/namespaces/fail-${name}/posts`]: body },
      raws: [body],
      outputs: name === "del" ? ["json", "yaml"] : ["yaml"],
    });
  }

  // 9. What kubectl cannot decode or type (found by differential fuzzing, bench/experiments/view-fuzz): it prints the
  // List without it and reports each, in order; one error is "error: ...", several are one a line.
  const typeless = list("ConfigMapList", "v1", [
    CM("bare", { a: "restored" }, 90, "typeless"),
    { kind: "ConfigMap", ...CM("kind-only", {}, 91, "typeless") },
    { apiVersion: "v1", ...CM("apiversion-only", {}, 92, "typeless") },
    { kind: "ConfigMap", apiVersion: "a/b/c", ...CM("two-slashes", {}, 93, "typeless") },
    { kind: "ConfigMap", apiVersion: "g/", ...CM("no-version", {}, 94, "typeless") },
    { kind: new Num("5"), ...CM("kind-not-a-string", {}, 95, "typeless") },
    { kind: "", apiVersion: "v1", ...CM("empty-kind", {}, 96, "typeless") },
  ]);
  scenarios.push({
    name: "list items kubectl cannot type",
    args: ["get", "configmaps", "-n", "typeless"],
    bodies: { "/api/v1/namespaces/typeless/configmaps": typeless },
    raws: [typeless],
    outputs: all,
  });
  // A v1 List restores no kind: a bare item is refused (one error), the typed one printed.
  const v1List = list("List", "v1", [
    { kind: "Secret", apiVersion: "v1", ...CM("typed", {}, 97, "v1list") },
    CM("untyped", {}, 98, "v1list"),
  ]);
  scenarios.push({
    name: "v1 List with an untyped item",
    args: ["get", "configmaps", "-n", "v1list"],
    bodies: { "/api/v1/namespaces/v1list/configmaps": v1List },
    raws: [v1List],
    outputs: all,
  });
  // Whole responses refused: an item that is no object, an item holding an items array (kubectl flattens it as a
  // list and cannot), a number beyond a float64 anywhere in the body (Go's decoder names the first literal).
  const notAnObject = list("ConfigMapList", "v1", [CM("fine", {}, 100, "refused"), "text"]);
  const nestedItems = list("SecretList", "v1", [
    { metadata: metadata("holds-items", "refused", 101), items: [{ kind: "Secret", apiVersion: "v1" }] },
  ]);
  const tooLarge = list("PostList", "blog.example.com/v1", [
    POST(
      "too-large",
      { small: new Num("1e308"), large: new Num("-1E400"), larger: new Num("1e999") },
      102,
      "refused",
    ),
  ]);
  const goodPosts = list("WidgetList", "example.com/v1", [
    { apiVersion: "example.com/v1", kind: "Widget", metadata: metadata("fine", "refused", 103), spec: {} },
    { apiVersion: "example.com/v1", metadata: metadata("kindless", "refused", 104), spec: {} },
  ]);
  scenarios.push({
    name: "responses kubectl cannot decode, merged",
    args: ["get", "configmaps,secrets,posts,widgets", "-n", "refused"],
    bodies: {
      "/api/v1/namespaces/refused/configmaps": notAnObject,
      "/api/v1/namespaces/refused/secrets": nestedItems,
      "/apis/blog.example.com/v1/namespaces/refused/posts": tooLarge,
      "/apis/example.com/v1/namespaces/refused/widgets": goodPosts,
    },
    raws: [notAnObject, nestedItems, tooLarge, goodPosts],
    outputs: all,
    textOnly: true,
  });
  const singleTooLarge = rawJson(
    POST("single-too-large", { n: new Num("1" + "0".repeat(400)) }, 105, "refused"),
  );
  scenarios.push({
    name: "single object with a number beyond a float64",
    args: ["get", "post", "single-too-large", "-n", "refused"],
    bodies: { "/apis/blog.example.com/v1/namespaces/refused/posts/single-too-large": singleTooLarge },
    raws: [singleTooLarge],
    singleObject: true,
    outputs: all,
    textOnly: true,
  });
  // Lone surrogates (escaped in the JSON text) are U+FFFD to Go, in -o name too.
  const surrogates = list("PostList", "blog.example.com/v1", [
    POST(
      "lone-\udc00-surrogate",
      // Keys too: U+FFFD sorts before U+10FFFF, and keys that both become U+FFFD are one (the later value).
      {
        v: "\ud800",
        keys: { "\udc00": true, "\u{10ffff}": "max", "\ud800": "later", "b\ud800": 1, "b\udfff": 2 },
      },
      106,
      "surrogates",
    ),
  ]);
  scenarios.push({
    name: "lone surrogates in names",
    args: ["get", "posts", "-n", "surrogates"],
    bodies: { "/apis/blog.example.com/v1/namespaces/surrogates/posts": surrogates },
    raws: [surrogates],
    outputs: all,
    // Parsed values keep the lone surrogates, which the JSON and YAML printers sort as they are.
    textOnly: true,
  });
  return scenarios;
}

/** The corpus's own maps must be totally ordered (see {@link totallyOrdered}); returns those that are not. */
export function unorderedKeySets(value: unknown): string[] {
  const out: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") {
      if (!totallyOrdered(Object.keys(v))) out.push(Object.keys(v).join("|"));
      Object.values(v).forEach(visit);
    }
  };
  visit(value);
  return out;
}

/** How many objects and lists the corpus holds (the acceptance bar is 40). */
export function corpusSize(scenarios: Scenario[]): { objects: number; lists: number } {
  let objects = 0;
  let lists = 0;
  for (const s of scenarios)
    for (const raw of s.raws) {
      const parsed = JSON.parse(raw) as { items?: unknown[] | null };
      if ("items" in parsed) {
        lists++;
        objects += parsed.items?.length ?? 0;
      } else objects++;
    }
  return { objects, lists };
}
