import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parseDocument } from "yaml";
import { readSimpleYaml } from "../../../src/client/config/simple-yaml.js";

const KUBECTL_WRITTEN = readFileSync(
  new URL("../../../fixtures/kubeconfig/kubectl-written.yaml", import.meta.url),
  "utf8",
);

/** What parse-kubeconfig.ts would take from the yaml package, or undefined where the package reports an error. */
function byYamlPackage(text: string): { value: unknown; source: unknown } | undefined {
  const doc = parseDocument(text, { version: "1.1" });
  if (doc.errors.length > 0) return undefined;
  return { value: doc.toJS(), source: parseDocument(text, { schema: "failsafe" }).toJS() };
}

/** The reader either declines or gives exactly what the package gives; never a value where the package fails. */
function expectSameAsYamlPackage(text: string): boolean {
  const simple = readSimpleYaml(text);
  if (simple === undefined) return false;
  const expected = byYamlPackage(text);
  expect(expected, `the yaml package refuses what the reader accepted:\n${text}`).toBeDefined();
  expect(simple.value).toStrictEqual(expected!.value);
  expect(simple.source).toStrictEqual(expected!.source);
  return true;
}

describe("readSimpleYaml", () => {
  test("reads a kubeconfig written by kubectl 1.33 (certificates, exec, auth-provider, quoted numbers)", () => {
    expect(expectSameAsYamlPackage(KUBECTL_WRITTEN)).toBe(true);
  });

  test.each([
    [
      "flow collections (the benchmark's kubeconfig)",
      'clusters: [{name: bench, cluster: {server: "http://127.0.0.1:1234"}}]\nusers: [{name: bench, user: {}}]\n',
    ],
    ["indented sequences and compact mappings", "a:\n  - x\n  -   k: v\n      j: w\n  - 'y''z'\n"],
    ["escapes", 'a: "\\u00e9\\x41\\n\\t\\"\\\\\\/"\n'],
    ["comments", "# head\na: b # tail\nc: # empty\n  # inside\nd: e#f\n"],
    ["YAML 1.1 booleans and nulls", "a: yes\nb: Off\nc: ~\nd:\ne: y\nf: NULL\n"],
    ["URLs", "server: https://[::1]:6443/a?b=c,d\nproxy-url: socks5://h:1080\n"],
    ["args that look like flags", "args:\n- --region\n- -v\n- a=b\n"],
  ])("reads %s", (_name, text) => {
    expect(expectSameAsYamlPackage(text)).toBe(true);
  });

  test.each([
    ["an anchor and an alias", "a: &x b\nc: *x\n"],
    ["a merge key", "a: {b: c}\n<<: {d: e}\n"],
    ["a tag", "a: !!str 1\n"],
    ["a block scalar", "a: |\n  b\n"],
    ["a multi-line plain scalar", "a: b\n  c\n"],
    ["a multi-line quoted scalar", 'a: "b\n  c"\n'],
    ["numbers", "a: 1\n"],
    ["an octal-looking string", "namespace: 0755\n"],
    ["a timestamp", "a: 2024-01-01\n"],
    ["a duplicate key", "a: b\na: c\n"],
    ["a tab", "a:\tb\n"],
    ["a carriage return", "a: b\r\n"],
    ["non-ASCII text", "a: \u00e9\n"],
    ["a document marker", "---\na: b\n"],
    ["a __proto__ key", "__proto__: {a: b}\n"],
    ["a boolean key", "on: b\n"],
    ["a root sequence", "- a\n"],
    ["a bad indentation", "a:\n    b: c\n  d: e\n"],
    ["a second value on the line", "a: b: c\n"],
    ["an unclosed flow mapping", "a: {b: c\n"],
    ["a trailing comma", "a: [b,]\n"],
    ["an unknown escape", 'a: "\\q"\n'],
    ["an empty document", "# nothing\n"],
  ])("declines %s", (_name, text) => {
    expect(readSimpleYaml(text)).toBeUndefined();
  });

  // Kubeconfig-shaped documents in the styles kubectl, cloud CLIs and people write, with scalars chosen to hit
  // YAML's corners (indicators, comment markers, 1.1 booleans, number-like text, quotes and escapes).
  const word = fc.constantFrom(
    "v1",
    "Config",
    "kind-dev",
    "https://127.0.0.1:6443",
    "https://[::1]:6443",
    "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==",
    "--region",
    "-",
    "yes",
    "No",
    "on",
    "y",
    "null",
    "~",
    "0755",
    "1234",
    "1e3",
    "e5",
    ".",
    ".inf",
    "2024-01-01",
    "12:30",
    "a b",
    "a #b",
    "a#b",
    "a: b",
    "a:b",
    "&a",
    "*a",
    "!a",
    "|",
    ">",
    "%a",
    "@a",
    "`a",
    "[a]",
    "{a}",
    "a,b",
    "a]",
    "'a'",
    '"a"',
    "it's",
    "back\\slash",
    "",
    " lead",
    "trail ",
    "__proto__",
    "<<",
    "?a",
    ":a",
  );
  const safeWord = fc.constantFrom(
    "v1",
    "kind-dev",
    "https://127.0.0.1:6443",
    "LS0tLS1CRUdJTg==",
    "--region",
    "dev",
  );
  const text = fc.oneof(
    { arbitrary: safeWord, weight: 12 },
    { arbitrary: word, weight: 2 },
    {
      arbitrary: fc.string({ unit: fc.constantFrom("a", "-", ":", " ", "#", "'", '"', "\\", "{", ",", "1") }),
      weight: 1,
    },
  );
  const keyText = fc.oneof(
    {
      arbitrary: fc.constantFrom(
        "name",
        "cluster",
        "server",
        "client-key-data",
        "as-user-extra",
        "apiVersion",
        "a.io/x",
      ),
      weight: 10,
    },
    { arbitrary: text, weight: 1 },
  );

  type Tree = string | null | { map: [string, Tree][] } | { seq: Tree[] };
  const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
    tree: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      text,
      fc.constant(null),
      fc.record({ map: fc.array(fc.tuple(keyText, tie("tree")), { maxLength: 4 }) }),
      fc.record({ seq: fc.array(tie("tree"), { maxLength: 4 }) }),
    ),
  }));
  const style = fc.record({
    quote: fc.constantFrom("plain", "single", "double", "double-escaped"),
    indentless: fc.boolean(),
    indent: fc.constantFrom(2, 4),
    flow: fc.boolean(),
    comment: fc.boolean(),
  });
  type Style = { quote: string; indentless: boolean; indent: number; flow: boolean; comment: boolean };

  function scalar(s: string, st: Style, pick: number): string {
    const quote = pick % 3 === 0 ? st.quote : "plain";
    if (quote === "single") return `'${s.replaceAll("'", "''")}'`;
    if (quote === "double") return JSON.stringify(s);
    if (quote === "double-escaped")
      return `"${[...s].map((c) => (/[a-z]/.test(c) ? `\\x${c.charCodeAt(0).toString(16)}` : c === '"' || c === "\\" ? `\\${c}` : c)).join("")}"`;
    return s;
  }
  function flow(t: Tree, st: Style, n: { i: number }): string {
    if (t === null) return "~";
    if (typeof t === "string") return scalar(t, st, n.i++);
    if ("map" in t)
      return `{${t.map.map(([k, v]) => `${scalar(k, st, n.i++)}: ${flow(v, st, n)}`).join(", ")}}`;
    return `[${t.seq.map((v) => flow(v, st, n)).join(", ")}]`;
  }
  function block(t: Tree, st: Style, indent: number, n: { i: number }): string[] {
    const pad = " ".repeat(indent);
    if (t === null || typeof t === "string" || (st.flow && n.i++ % 4 === 0))
      return [`${pad}${flow(t, st, n)}`];
    const comment = st.comment && n.i++ % 5 === 0 ? " # note" : "";
    if ("map" in t) {
      if (t.map.length === 0) return [`${pad}{}`];
      return t.map.flatMap(([k, v]) => {
        const key = `${pad}${scalar(k, st, n.i++)}:`;
        if (v === null || typeof v === "string") return [`${key} ${flow(v, st, n)}${comment}`];
        const seqHere = "seq" in v && st.indentless;
        const inner = block(v, st, seqHere ? indent : indent + st.indent, n);
        return inner.length === 1 && /^ *[{[~]/.test(inner[0]!)
          ? [`${key} ${inner[0]!.trim()}`]
          : [`${key}${comment}`, ...inner];
      });
    }
    if (t.seq.length === 0) return [`${pad}[]`];
    return t.seq.flatMap((v) => {
      const inner = block(v, st, indent + st.indent, n);
      // `- key: value`: the first line of the item beside the dash.
      return [`${pad}-${" ".repeat(st.indent - 1)}${inner[0]!.trimStart()}`, ...inner.slice(1)];
    });
  }

  test("gives what the yaml package gives, or declines (generated kubeconfig-shaped documents)", () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(keyText, tree), { minLength: 1, maxLength: 5 }), style, (entries, st) => {
        // i: 1, so that the document itself is never written as one flow mapping (which the reader declines).
        const text = `${block({ map: entries }, st, 0, { i: 1 }).join("\n")}\n`;
        if (expectSameAsYamlPackage(text)) accepted++;
      }),
      { numRuns: 1500 },
    );
    // The reader must read a good share of them, or the comparison above proves little.
    expect(accepted).toBeGreaterThan(300);
  });

  test("never accepts what the yaml package refuses, nor reads it differently (mutated kubeconfigs)", () => {
    let accepted = 0;
    const lines = KUBECTL_WRITTEN.split("\n");
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.nat({ max: lines.length - 1 }),
            fc.nat({ max: 120 }),
            fc.constantFrom(
              "",
              " ",
              "  ",
              "-",
              "- ",
              ":",
              ": ",
              "#",
              " #",
              "'",
              '"',
              "{",
              "}",
              "[",
              "]",
              ",",
              "\\",
              "&",
              "*",
              "!",
              "|",
              "0",
              "y",
            ),
            fc.nat({ max: 3 }),
          ),
          { minLength: 1, maxLength: 3 },
        ),
        (edits) => {
          const copy = [...lines];
          for (const [line, at, insert, remove] of edits) {
            const l = copy[line]!;
            const i = Math.min(at, l.length);
            copy[line] = l.slice(0, i) + insert + l.slice(i + remove);
          }
          if (expectSameAsYamlPackage(copy.join("\n"))) accepted++;
        },
      ),
      { numRuns: 1500 },
    );
    expect(accepted).toBeGreaterThan(150);
  });
});
