/**
 * Generated API server responses for differential fuzzing of kubectl's `-o json|yaml|name` views: single objects,
 * lists of built-in and custom kinds (items without kind/apiVersion, as kube-apiserver sends them), v1 `List`s of
 * mixed kinds and several responses merged, written as raw JSON text (duplicate keys, every number spelling, escaped
 * and raw characters) with strings, keys and numbers drawn to stress Go's JSON printer and go-yaml's emitter.
 *
 * Used by test/kubectl/kubectl-view-fuzz.test.ts (a bounded run with a fixed seed) and by
 * bench/experiments/view-fuzz/run.js (long explorations).
 */

import fc from "fast-check";
import { totallyOrdered } from "./kubectl-corpus.js";
import type { KubectlOutputFormat, Scenario } from "./kubectl-corpus.js";
import { runKubectl, startStubPool } from "./kubectl.js";
import {
  KubectlCustomColumnsError,
  parseCustomColumns,
  renderKubectlCustomColumns,
} from "../../src/kubectl/custom-columns.js";
import { KubectlJsonPath, KubectlJsonPathError } from "../../src/kubectl/jsonpath/jsonpath.js";
import { kubectlGetOf, parseResponses } from "../../src/kubectl/view.js";
import type { KubectlRun } from "./kubectl.js";

/** A raw JSON value: how it is written is part of the value (escapes, number spelling, duplicate keys). */
export type FuzzNode =
  | { t: "str"; s: string; escape: number }
  | { t: "num"; text: string }
  | { t: "lit"; text: "true" | "false" | "null" }
  | { t: "arr"; items: FuzzNode[] }
  | { t: "obj"; entries: [string, FuzzNode][] };

const str = (s: string, escape = 0): FuzzNode => ({ t: "str", s, escape });
const obj = (entries: [string, FuzzNode][]): FuzzNode => ({ t: "obj", entries });

/**
 * A JSON string literal. `escape` picks how: 0 as JSON.stringify writes it (lone surrogates as \u escapes), 1 every
 * non-ASCII and control character as \u escapes (surrogate pairs as pairs), 2 a few ASCII characters escaped too
 * (`\/`, `\u0041`), as other encoders do.
 */
export function jsonString(s: string, escape: number): string {
  if (escape === 0) return JSON.stringify(s);
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (c < 0x20 || c >= 0x7f) out += "\\u" + c.toString(16).padStart(4, "0");
    else if (escape === 2 && ch === "/") out += "\\/";
    else if (escape === 2 && /[a-zA-Z]/.test(ch) && i % 3 === 0) out += "\\u00" + c.toString(16);
    else out += ch;
  }
  return out + '"';
}

/** The raw text of a node; `pretty` writes it indented as kube-apiserver does for curl (`?pretty`). */
export function fuzzJson(node: FuzzNode, pretty = false, indent = ""): string {
  const inner = indent + "  ";
  const nl = pretty ? "\n" + inner : "";
  const end = pretty ? "\n" + indent : "";
  switch (node.t) {
    case "str":
      return jsonString(node.s, node.escape);
    case "num":
    case "lit":
      return node.text;
    case "arr":
      if (node.items.length === 0) return "[]";
      return `[${nl}${node.items.map((v) => fuzzJson(v, pretty, inner)).join("," + nl)}${end}]`;
    case "obj":
      if (node.entries.length === 0) return "{}";
      return `{${nl}${node.entries
        .map(([k, v]) => `${JSON.stringify(k)}:${pretty ? " " : ""}${fuzzJson(v, pretty, inner)}`)
        .join("," + nl)}${end}}`;
  }
}

// ---- strings ----

const CHARS = [
  "a",
  "b",
  "z",
  "A",
  "Z",
  "x",
  "e",
  "E",
  "y",
  "n",
  "0",
  "1",
  "7",
  "9",
  "_",
  "+",
  "-",
  ".",
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
  "<",
  "%",
  "@",
  "`",
  "=",
  "/",
  "~",
  "^",
  "$",
  ";",
  " ",
  " ",
  " ",
  "\t",
  "\n",
  "\n",
  "\r",
  "\u000b",
  "\f",
  "\b",
  "\u0000",
  "\u0007",
  "\u001b",
  "\u001f",
  "\u0085",
  "\u00a0",
  "\u00ad",
  "é",
  "ß",
  "ü",
  "Ä",
  "İ",
  "ı",
  "ǅ",
  "Σ",
  "ς",
  "\u0301",
  "\u0308",
  "\u200b",
  "\u200d",
  "\u200e",
  "\u200f",
  "\u202e",
  "\u2028",
  "\u2029",
  "\u2060",
  "\u3000",
  "\ufeff",
  "\ufffd",
  "\ue000",
  "\ud800",
  "\udc00",
  "😀",
  "𝄞",
  "🇺🇸",
  "\u{10ffff}",
  "\u{1f3fb}",
  "日",
  "本",
  "ש",
  "ل",
  "ا",
  "١",
  "٣",
  "\u{1d7d8}",
  "Ⅻ",
  "½",
  "²",
  "ﬁ",
  "K",
];

/** Strings that go-yaml reads as something else, or that sit at the edge of a rule. */
const WORDS = [
  "true",
  "True",
  "TRUE",
  "false",
  "yes",
  "Yes",
  "no",
  "NO",
  "on",
  "Off",
  "y",
  "Y",
  "n",
  "N",
  "null",
  "Null",
  "~",
  "",
  "0",
  "-0",
  "+0",
  "00",
  "0o17",
  "0x1F",
  "0b101",
  "1_000",
  "0755",
  "08",
  "1e3",
  "1E3",
  ".5",
  "-.5",
  "1.",
  "1e",
  ".inf",
  "-.Inf",
  ".NaN",
  "nan",
  "12:30",
  "1:20:30",
  "190:20:30",
  "2024-06-30",
  "2024-06-30T17:50:00Z",
  "2024-06-30 17:50:00",
  "2024-1-2",
  "2024-01-02T10:00:00+25:00",
  "2024-01-02t10:00:00z",
  "---",
  "...",
  "- ",
  "? ",
  ": ",
  "-",
  "?",
  ":",
  "#",
  "a #b",
  "a: b",
  "<<",
  "=",
  "!",
  "&a",
  "*a",
  "|",
  ">",
  "%",
  "@",
  "`",
  "'",
  '"',
  "[]",
  "{}",
  "[a]",
  "{a: b}",
  "9223372036854775807",
  "9223372036854775808",
  "18446744073709551616",
  "-9223372036854775809",
  "1e400",
  "0x",
  "0b",
  "+",
  ".",
  "1_",
  "_1",
  "1__0",
  "0.1",
  "3.0",
  "6.02e+23",
  "0x_1",
  "0b1_0",
  "+.5",
  "+1",
  "1:5_",
  "12:345",
  "-1:5",
];

const char = fc.constantFrom(...CHARS);
const word = fc.constantFrom(...WORDS);
const chunk = fc.oneof(
  { weight: 5, arbitrary: char },
  { weight: 2, arbitrary: word },
  { weight: 2, arbitrary: fc.constantFrom("word ", "ab ", "  ", " - ", ": ", " #", "\n ", " \n", "\r\n") },
);

const shortString = fc.array(chunk, { maxLength: 8 }).map((p) => p.join(""));
const longString = fc
  .tuple(
    fc.array(fc.oneof(fc.constantFrom("w", "wide", "longerword", "x".repeat(40)), char), {
      minLength: 10,
      maxLength: 60,
    }),
    fc.constantFrom(" ", "  ", "", " ", " \n"),
  )
  .map(([parts, sep]) => parts.join(sep));
const multiLine = fc
  .tuple(
    fc.array(fc.oneof(shortString, longString, fc.constant("")), { minLength: 1, maxLength: 5 }),
    fc.constantFrom("", "\n", "\n\n", " ", "\n ", " \n", "\t\n"),
    fc.constantFrom("", " ", "  ", "\t", "\n"),
  )
  .map(([lines, end, start]) => start + lines.join("\n") + end);
const fullUnicode = fc.string({ unit: "binary", maxLength: 12 });
const grapheme = fc.string({ unit: "grapheme", maxLength: 12 });
/** JSON text, as an annotation holds it (last-applied-configuration). */
const jsonText = fc
  .tuple(fc.dictionary(shortString, shortString, { maxKeys: 3 }), fc.boolean())
  .map(([o, nl]) => JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", data: o }) + (nl ? "\n" : ""));

/** Strings drawn to stress the printers; `controls` false leaves out what makes go-yaml refuse the document. */
export function fuzzString(controls: boolean): fc.Arbitrary<string> {
  const s = fc.oneof(
    { weight: 4, arbitrary: shortString },
    { weight: 2, arbitrary: word },
    { weight: 2, arbitrary: longString },
    { weight: 2, arbitrary: multiLine },
    { weight: 1, arbitrary: jsonText },
    { weight: controls ? 1 : 0, arbitrary: fullUnicode },
    { weight: 1, arbitrary: grapheme },
  );
  return controls ? s : s.map(dropRefused);
}

/** What go-yaml v2's reader refuses (DEL, C1 controls but NEL, U+FFFE/FFFF): one refusal ends kubectl's output. */
export function dropRefused(s: string): string {
  return s.replace(/[\u007f-\u0084\u0086-\u009f\ufffe\uffff]/g, "");
}

// ---- numbers ----

const NUMBERS = [
  "0",
  "-0",
  "1",
  "-1",
  "0.0",
  "-0.0",
  "1.0",
  "1.50",
  "1E5",
  "1e5",
  "1e+5",
  "1E-5",
  "1e05",
  "1e-07",
  "2e-5",
  "1e21",
  "1e20",
  "123456789012345678901234567890",
  "9223372036854775807",
  "9223372036854775808",
  "-9223372036854775808",
  "-9223372036854775809",
  "18446744073709551615",
  "18446744073709551616",
  "0.30000000000000004",
  "0.1",
  "100000000000000000000",
  "1e308",
  "1.7976931348623157e308",
  "5e-324",
  "4.9e-324",
  "2.5e-324",
  "1e-400",
  "-1e-400",
  "1e-320",
  "123456.789e3",
  "0.000001",
  "0.0000001",
  "1e-6",
  "999999999999999999999",
  "1e+21",
  "1E+21",
  "12345678901234567",
  "9007199254740993",
  "-9007199254740993",
  "1.0e0",
  "0e0",
  "-0e-0",
  "0.5",
  "100",
  "1000000",
  "12345678",
  "1.5e300",
  "3.4028234663852886e38",
  "6.02214076e23",
];
const number = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 2, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String) },
  {
    weight: 2,
    arbitrary: fc
      .double({ noNaN: true, noDefaultInfinity: true })
      .chain((d) =>
        fc
          .constantFrom(
            String(d),
            d.toExponential(),
            d.toExponential().replace("e", "E"),
            d.toExponential().replace("e+", "e"),
            d.toPrecision(21),
            Number.isInteger(d) && Math.abs(d) < 1e21 ? d.toFixed(1) : String(d),
          )
          .map((t) => (t === "Infinity" || t === "-Infinity" || t === "NaN" ? "1" : t)),
      ),
  },
  { weight: 1, arbitrary: fc.nat(400).map((n) => "1" + "0".repeat(n)) },
);

// ---- keys and maps ----

const KEYS = [
  "a",
  "b",
  "B",
  "Z",
  "_x",
  "-x",
  "x_y",
  "x-y",
  "x.y",
  "x/y",
  "1",
  "2",
  "10",
  "01",
  "001",
  "item9",
  "item10",
  "a1",
  "a01",
  "a10b",
  "true",
  "yes",
  "null",
  "~",
  "",
  " ",
  " lead",
  "trail ",
  "a: b",
  "#c",
  "- a",
  "é",
  "ü",
  "Ä",
  "日本",
  "😀",
  "\ufeffbom",
  "a\tb",
  "a\nb",
  "a\u2028b",
  "x".repeat(128),
  "x".repeat(129),
  "é".repeat(65),
  "kind",
  "apiVersion",
  "metadata",
  "items",
  "1.5",
  "2024-01-01",
  "k\u0301",
  "K",
  "ß",
  "\u00a0",
];
const key = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...KEYS) },
  { weight: 2, arbitrary: shortString },
);

/** Keys go-yaml orders the same way in every run (kubectl prints the others in a changing order). */
function orderable(entries: [string, FuzzNode][]): [string, FuzzNode][] {
  const keys: string[] = [];
  const out: [string, FuzzNode][] = [];
  for (const [k, v] of entries) {
    if (!keys.includes(k)) {
      if (!totallyOrdered([...keys, k])) continue;
      keys.push(k);
    }
    out.push([k, v]);
  }
  return out;
}

export interface FuzzValueOptions {
  /** Strings and keys may hold what go-yaml refuses (DEL, C1 controls, U+FFFE/FFFF, NEL in keys). */
  controls: boolean;
  /** Some keys appear twice in the raw text (the last one counts). */
  duplicates: boolean;
}

function leaf(o: FuzzValueOptions): fc.Arbitrary<FuzzNode> {
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.tuple(fuzzString(o.controls), fc.nat(9)).map(([s, e]) => str(s, e < 7 ? 0 : e - 7)),
    },
    { weight: 3, arbitrary: number.map((text): FuzzNode => ({ t: "num", text })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom("true", "false", "null").map((text): FuzzNode => ({ t: "lit", text })),
    },
  );
}

function mapKey(o: FuzzValueOptions): fc.Arbitrary<string> {
  // A NEL in a key makes go-yaml fail; keys stay free of it and of what the reader refuses unless asked.
  return o.controls ? key : key.map((k) => dropRefused(k).replace(/\u0085/g, ""));
}

/** A JSON value of at most `depth` levels. */
export function fuzzValue(o: FuzzValueOptions, depth: number): fc.Arbitrary<FuzzNode> {
  const { value } = fc.letrec<{ value: FuzzNode; map: FuzzNode; list: FuzzNode }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", maxDepth: depth, withCrossShrink: true },
      { weight: 6, arbitrary: leaf(o) },
      { weight: 2, arbitrary: tie("map") },
      { weight: 1, arbitrary: tie("list") },
    ),
    map: fuzzMap(o, tie("value")),
    list: fc.array(tie("value"), { maxLength: 4 }).map((items): FuzzNode => ({ t: "arr", items })),
  }));
  return value;
}

function fuzzMap(o: FuzzValueOptions, value: fc.Arbitrary<FuzzNode>): fc.Arbitrary<FuzzNode> {
  return fc.tuple(fc.array(fc.tuple(mapKey(o), value), { maxLength: 5 }), fc.nat(4)).map(([entries, dup]) => {
    const out = orderable(entries);
    // A duplicate key: an earlier entry repeated later with another value, or a later one moved first.
    if (o.duplicates && dup === 0 && out.length > 1) out.push([out[0]![0], out[out.length - 1]![1]]);
    return obj(out);
  });
}

// ---- Kubernetes shapes ----

interface Kind {
  kind: string;
  apiVersion: string;
  /** The resource's path segment and discovery name (test/helpers/kubectl.ts's stub knows these). */
  resource: string;
  namespaced: boolean;
  group: string;
}

const CONFIGMAP: Kind = {
  kind: "ConfigMap",
  apiVersion: "v1",
  resource: "configmaps",
  namespaced: true,
  group: "",
};
const SECRET: Kind = { kind: "Secret", apiVersion: "v1", resource: "secrets", namespaced: true, group: "" };
const NAMESPACE: Kind = {
  kind: "Namespace",
  apiVersion: "v1",
  resource: "namespaces",
  namespaced: false,
  group: "",
};
const POST: Kind = {
  kind: "Post",
  apiVersion: "blog.example.com/v1",
  resource: "posts",
  namespaced: true,
  group: "blog.example.com",
};
const WIDGET: Kind = {
  kind: "Widget",
  apiVersion: "example.com/v1",
  resource: "widgets",
  namespaced: true,
  group: "example.com",
};
const KINDS = [CONFIGMAP, SECRET, NAMESPACE, POST, WIDGET];

/** An object's content before it is placed: name, metadata extras and the kind's payload. */
interface ObjectDraft {
  name: string;
  labels: [string, FuzzNode][];
  annotations: [string, FuzzNode][];
  managedFields: boolean;
  payload: [string, FuzzNode][];
  /** For list items: keep kind and apiVersion, drop one of them, or drop both (the API server's way). */
  typeFields: "both" | "kind" | "apiVersion" | "none";
}

function draft(o: FuzzValueOptions): fc.Arbitrary<ObjectDraft> {
  const value = fuzzValue(o, 4);
  const stringValue = fc.tuple(fuzzString(o.controls), fc.nat(9)).map(([s, e]) => str(s, e < 8 ? 0 : 1));
  return fc.record({
    name: fc.oneof(
      { weight: 4, arbitrary: fc.stringMatching(/^[a-z0-9]([-a-z0-9.]{0,20}[a-z0-9])?$/) },
      { weight: 1, arbitrary: fuzzString(false).map((s) => s.replace(/[\n\r\u0085\u2028\u2029]/g, "")) },
    ),
    labels: fc.array(fc.tuple(mapKey(o), stringValue), { maxLength: 3 }).map(orderable),
    annotations: fc.array(fc.tuple(mapKey(o), stringValue), { maxLength: 3 }).map(orderable),
    managedFields: fc.boolean(),
    payload: fc.array(fc.tuple(mapKey(o), value), { maxLength: 5 }).map(orderable),
    typeFields: fc.constantFrom("both", "none", "none", "none", "kind", "apiVersion"),
  });
}

const MANAGED_FIELDS: FuzzNode = {
  t: "arr",
  items: [
    obj([
      ["manager", str("kubectl-client-side-apply")],
      ["operation", str("Update")],
      ["apiVersion", str("v1")],
      ["time", str("2024-06-30T17:46:35Z")],
      ["fieldsType", str("FieldsV1")],
      [
        "fieldsV1",
        obj([
          [
            "f:data",
            obj([
              [".", obj([])],
              ["f:a", obj([])],
            ]),
          ],
          ["f:metadata", obj([["f:annotations", obj([[".", obj([])]])]])],
        ]),
      ],
    ]),
  ],
};

function objectNode(d: ObjectDraft, k: Kind, namespace: string, inList: boolean, index: number): FuzzNode {
  const metadata: [string, FuzzNode][] = [["name", str(d.name)]];
  if (k.namespaced) metadata.push(["namespace", str(namespace)]);
  metadata.push(
    ["uid", str(`6d3b3f5c-0000-4000-8000-${String(index).padStart(12, "0")}`)],
    ["resourceVersion", str(String(1000 + index))],
    ["creationTimestamp", str("2024-06-30T17:46:35Z")],
  );
  if (d.labels.length) metadata.push(["labels", obj(d.labels)]);
  if (d.annotations.length) metadata.push(["annotations", obj(d.annotations)]);
  if (d.managedFields) metadata.push(["managedFields", MANAGED_FIELDS]);
  const entries: [string, FuzzNode][] = [];
  const type = inList ? d.typeFields : "both";
  if (type === "both" || type === "kind") entries.push(["kind", str(k.kind)]);
  if (type === "both" || type === "apiVersion") entries.push(["apiVersion", str(k.apiVersion)]);
  entries.push(["metadata", obj(metadata)]);
  const payloadKey = k === CONFIGMAP || k === SECRET ? "data" : "spec";
  const payload = d.payload.filter(([key]) => !["kind", "apiVersion", "metadata"].includes(key));
  entries.push([payloadKey, obj(payload)]);
  return obj(entries);
}

/** One generated `kubectl get`: what it asks for and which objects the server answers with. */
export interface FuzzSpec {
  shape: "single" | "list" | "v1List" | "types" | "names";
  kinds: number[];
  drafts: ObjectDraft[];
  showManagedFields: boolean;
  /** Responses written indented, as `?pretty` answers are. */
  pretty: boolean;
}

/** Generated `kubectl get` commands with the API server's raw answers. */
export function fuzzSpec(o: FuzzValueOptions): fc.Arbitrary<FuzzSpec> {
  return fc.record({
    shape: fc.constantFrom("single", "single", "list", "list", "list", "v1List", "types", "names"),
    kinds: fc.array(fc.nat(KINDS.length - 1), { minLength: 3, maxLength: 3 }),
    drafts: fc.array(draft(o), { minLength: 1, maxLength: 4 }),
    showManagedFields: fc.boolean(),
    pretty: fc.nat(9).map((n) => n === 0),
  });
}

function listNode(kind: string, apiVersion: string, items: FuzzNode[], index: number): FuzzNode {
  return obj([
    ["kind", str(kind)],
    ["apiVersion", str(apiVersion)],
    ["metadata", obj([["resourceVersion", str(String(5000 + index))]])],
    ["items", { t: "arr", items }],
  ]);
}

const pathOf = (k: Kind, ns: string, name?: string): string =>
  `${k.group ? `/apis/${k.apiVersion}` : "/api/v1"}${k.namespaced ? `/namespaces/${ns}` : ""}/${k.resource}${
    name === undefined ? "" : `/${encodeURIComponent(name)}`
  }`;

/**
 * The scenario of spec number `index`: the command, the bodies the stub serves (paths unique to the index), the raw
 * responses in kubectl's order.
 */
export function fuzzScenario(spec: FuzzSpec, index: number, outputs: KubectlOutputFormat[]): Scenario {
  const ns = `fuzz-${index}`;
  const kinds = spec.kinds.map((i) => KINDS[i]!);
  const k0 = kinds[0]!;
  const nsArgs = ["-n", ns];
  const text = (n: FuzzNode): string => fuzzJson(n, spec.pretty);
  const base = {
    name: `fuzz ${index} (${spec.shape})`,
    singleObject: false,
    showManagedFields: spec.showManagedFields,
    outputs,
  };
  const mf = spec.showManagedFields ? ["--show-managed-fields"] : [];
  switch (spec.shape) {
    case "single": {
      const d = spec.drafts[0]!;
      const name = `obj-${index}`;
      const raw = text(objectNode(d, k0, ns, false, index));
      return {
        ...base,
        singleObject: true,
        args: ["get", k0.resource, name, ...nsArgs, ...mf],
        bodies: { [pathOf(k0, ns, name)]: raw },
        raws: [raw],
      };
    }
    case "list":
    case "v1List": {
      const items = spec.drafts.map((d, i) =>
        objectNode(d, spec.shape === "list" ? k0 : kinds[i % kinds.length]!, ns, true, index * 10 + i),
      );
      const raw = text(
        spec.shape === "list"
          ? listNode(`${k0.kind}List`, k0.apiVersion, items, index)
          : listNode("List", "v1", items, index),
      );
      return {
        ...base,
        args: ["get", k0.resource, ...nsArgs, ...mf],
        bodies: { [pathOf(k0, ns)]: raw },
        raws: [raw],
      };
    }
    case "types": {
      // kubectl get a,b: one list per distinct type, in the order named.
      const distinct = kinds.filter((k, i) => kinds.indexOf(k) === i);
      const bodies: Record<string, string> = {};
      const raws: string[] = [];
      distinct.forEach((k, j) => {
        const items = spec.drafts
          .filter((_d, i) => i % distinct.length === j)
          .map((d, i) => objectNode(d, k, ns, true, index * 10 + j * 4 + i));
        const raw = text(listNode(`${k.kind}List`, k.apiVersion, items, index));
        bodies[pathOf(k, ns)] = raw;
        raws.push(raw);
      });
      return {
        ...base,
        args: ["get", distinct.map((k) => k.resource).join(","), ...nsArgs, ...mf],
        bodies,
        raws,
      };
    }
    case "names": {
      const names = spec.drafts.map((_d, i) => `obj-${index}-${i}`);
      const bodies: Record<string, string> = {};
      const raws = spec.drafts.map((d, i) => {
        const raw = text(objectNode(d, k0, ns, false, index * 10 + i));
        bodies[pathOf(k0, ns, names[i])] = raw;
        return raw;
      });
      // One name is a single object, printed bare.
      const singleObject = names.length === 1;
      return { ...base, singleObject, args: ["get", k0.resource, ...names, ...nsArgs, ...mf], bodies, raws };
    }
  }
}

// ---- running generated cases against the real kubectl ----

/** The kubectl releases, and one release of each `-o yaml` behaviour (Go's time.Parse, sigs.k8s.io/yaml's errors). */
const ALL_VERSIONS = ["1.27", "1.28", "1.29", "1.30", "1.31", "1.32", "1.33"] as const;
const YAML_GROUPS = [["1.27", "1.28", "1.29"], ["1.30"], ["1.31", "1.32"], ["1.33"]] as const;

/**
 * The runs of generated case `index`: `-o yaml` on releases of `yamlGroups` of the four YAML behaviours, `-o json`
 * and `-o name` on one release; groups and releases rotate with the index, so that consecutive cases cover all.
 */
export function fuzzRuns(
  index: number,
  outputs: readonly KubectlOutputFormat[],
  yamlGroups: number = YAML_GROUPS.length,
): [KubectlOutputFormat, string][] {
  const runs: [KubectlOutputFormat, string][] = [];
  for (const output of outputs)
    if (output === "yaml")
      for (let k = 0; k < yamlGroups; k++) {
        const g = YAML_GROUPS[(index + k) % YAML_GROUPS.length]!;
        runs.push([output, g[Math.floor(index / YAML_GROUPS.length) % g.length]!]);
      }
    else runs.push([output, ALL_VERSIONS[(index * 3 + output.length) % ALL_VERSIONS.length]!]);
  return runs;
}

export interface FuzzStubs {
  /** Serves the scenario's bodies on a free stub and runs kubectl there for each `[-o value, version]`. */
  run(s: Scenario, runs: readonly (readonly [string, string])[]): Promise<KubectlRun[]>;
  close(): Promise<void>;
}

/**
 * One stub API server per worker, its bodies swapped before each scenario (cluster-scoped paths such as
 * `/api/v1/namespaces` would collide between scenarios on one server).
 */
export async function startFuzzStubs(workers: number): Promise<FuzzStubs> {
  const pool = await startStubPool(workers);
  return {
    run: (s, runs) =>
      pool.use(s.bodies, async (stub) => {
        const out: KubectlRun[] = [];
        for (const [output, v] of runs) out.push(await runKubectl(stub, v, [...s.args, "-o", output]));
        return out;
      }),
    close: () => pool.close(),
  };
}

// ---- template printers: jsonpath, jsonpath-as-json, custom-columns ----

/** The template printers checked on generated responses, each with its `-o` value for a List and for one object. */
export const FUZZ_TEMPLATES = {
  jsonpath: [
    '{range .items[*]}{.metadata.name}{"|"}{.data}{.spec}{"|"}{.metadata.labels}{.metadata.annotations}{"\\n"}{end}',
    '{.metadata.name}{"|"}{.data}{.spec}{"|"}{.metadata.labels}{.metadata.annotations}{"\\n"}',
  ],
  "jsonpath-as-json": ["{.items[*].spec}{.items[*].data}", "{.spec}{.data}"],
  "custom-columns": [
    "NAME:.metadata.name,DATA:.data,SPEC:.spec,LABELS:.metadata.labels",
    "NAME:.metadata.name,DATA:.data,SPEC:.spec,LABELS:.metadata.labels",
  ],
} as const;
export type FuzzTemplate = keyof typeof FUZZ_TEMPLATES;

/** The `-o` value of a template printer for a scenario. */
export function templateOutput(printer: FuzzTemplate, s: Scenario): string {
  return `${printer}=${FUZZ_TEMPLATES[printer][s.singleObject ? 1 : 0]}`;
}

/**
 * What kubewire prints for `kubectl get … -o <template printer>`: the printer over kubectl's view, then kubectl's
 * errors (what it could not decode or type) and the printer's own, as kubectl reports them.
 */
export function kubewireTemplate(s: Scenario, raws: unknown[], printer: FuzzTemplate): KubectlRun {
  const { view, errors, printsNothing } = kubectlGetOf(parseResponses(raws), {
    singleObject: s.singleObject,
    showManagedFields: s.showManagedFields,
  });
  const stderrOf = (e: string[]): string =>
    e.length === 1 ? `error: ${e[0]}\n` : e.map((x) => `${x}\n`).join("");
  if (printsNothing) return { stdout: "", stderr: stderrOf(errors), code: 1 };
  const template = FUZZ_TEMPLATES[printer][s.singleObject ? 1 : 0];
  let stdout = "";
  try {
    stdout =
      printer === "custom-columns"
        ? renderKubectlCustomColumns(view, parseCustomColumns(template))
        : new KubectlJsonPath(template, { outputJson: printer === "jsonpath-as-json" }).execute(view);
  } catch (error) {
    if (!(error instanceof KubectlJsonPathError || error instanceof KubectlCustomColumnsError)) throw error;
    errors.push(error.message);
  }
  return { stdout, stderr: errors.length > 0 ? stderrOf(errors) : "", code: errors.length > 0 ? 1 : 0 };
}
