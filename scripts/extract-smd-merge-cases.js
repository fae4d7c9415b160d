#!/usr/bin/env node
// Extracts the table tests of structured-merge-diff's merge package (merge/*_test.go at v4.2.3, the version
// kube-apiserver 1.28 uses) into fixtures/apply/structured-merge-diff-cases.json, so the apply engine is checked
// against the same cases as the Go implementation: each case's schema (SMD YAML), operations (apply, force apply,
// update, with the conflicts an apply must report), and the object and managers expected at the end. Cases using
// what the engine does not model (unions, extract-apply, version converters other than "same schema") are left out.
//   node scripts/extract-smd-merge-cases.js /path/to/structured-merge-diff
import { readdirSync, readFileSync, writeFileSync } from "node:fs";

const smd = process.argv[2];
if (!smd) throw new Error("usage: extract-smd-merge-cases.js <structured-merge-diff checkout at v4.2.3>");
const out = new URL("../fixtures/apply/structured-merge-diff-cases.json", import.meta.url);

// --- a tokenizer and parser for the Go composite literals the tests are written in ---
function tokenize(src) {
  const tokens = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) i++;
    else if (src.startsWith("//", i)) i = src.indexOf("\n", i) < 0 ? src.length : src.indexOf("\n", i);
    else if (c === "`") {
      const j = src.indexOf("`", i + 1);
      tokens.push({ t: "str", v: src.slice(i + 1, j) });
      i = j + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (src[j] !== '"') j += src[j] === "\\" ? 2 : 1;
      tokens.push({ t: "str", v: JSON.parse(src.slice(i, j + 1)) });
      i = j + 1;
    } else if (/[0-9]/.test(c) || (c === "-" && /[0-9]/.test(src[i + 1]))) {
      const m = /^-?[0-9][0-9.eE+-]*/.exec(src.slice(i));
      tokens.push({ t: "num", v: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z_0-9.]*/.exec(src.slice(i));
      tokens.push({ t: "id", v: m[0] });
      i += m[0].length;
    } else {
      tokens.push({ t: "p", v: c });
      i++;
    }
  }
  return tokens;
}

function parser(tokens) {
  let p = 0;
  const peek = (k = 0) => tokens[p + k];
  const expect = (v) => {
    if (peek()?.v !== v) throw new Error(`expected ${v} at ${p}, got ${JSON.stringify(peek())}`);
    p++;
  };
  function typeName() {
    let name = "";
    while (peek().v === "[" || peek().v === "]" || peek().v === "*" || peek().t === "id") {
      name += peek().v;
      p++;
      if (peek().v === "{" || peek().v === "(") break;
    }
    return name;
  }
  function value() {
    const tok = peek();
    if (tok.t === "str" || tok.t === "num") {
      p++;
      return tok.v;
    }
    if (tok.v === "&") {
      p++;
      return value();
    }
    if (tok.v === "{") return { type: "", ...composite() };
    const name = typeName();
    if (name === "true" || name === "false") return name === "true";
    if (name === "nil") return null;
    if (peek()?.v === "(") {
      p++;
      const args = [];
      while (peek().v !== ")") {
        args.push(value());
        if (peek().v === ",") p++;
      }
      expect(")");
      return { call: name, args };
    }
    if (peek()?.v === "{") return { type: name, ...composite() };
    return { ident: name };
  }
  function composite() {
    expect("{");
    const fields = {};
    const items = [];
    while (peek().v !== "}") {
      const v = value();
      if (peek().v === ":") {
        p++;
        fields[typeof v === "string" ? v : v.ident] = value();
        items.push([v, fields[typeof v === "string" ? v : v.ident]]);
      } else items.push([undefined, v]);
      if (peek().v === ",") p++;
    }
    expect("}");
    return { fields, items };
  }
  return { value, at: () => p, set: (q) => (p = q) };
}

// --- Go values to JSON ---
function fixTabs(s) {
  let lines = s.split("\n");
  if (lines[0] === "" && lines.length > 1) lines = lines.slice(1);
  const prefix = /^\t*/.exec(lines[0])[0];
  return lines
    .map((l, i) => (i === lines.length - 1 && l.trim() === "" ? "" : l.slice(prefix.length)))
    .join("\n");
}

function goValue(v) {
  if (v && v.call === "value.NewValueInterface") return goValue(v.args[0]);
  if (v && v.type) throw new Error(`unsupported value ${JSON.stringify(v).slice(0, 100)}`);
  return v;
}

function pathElements(args) {
  return args.map((a) => {
    if (typeof a === "string") return { field: a };
    if (typeof a === "number") return { index: a };
    if (a.call === "_KBF") {
      const key = [];
      for (let i = 0; i < a.args.length; i += 2) key.push({ name: a.args[i], value: goValue(a.args[i + 1]) });
      return { key };
    }
    if (a.call === "_V") return { value: goValue(a.args[0]) };
    throw new Error(`unsupported path element ${JSON.stringify(a)}`);
  });
}

function paths(set) {
  if (set.call !== "_NS") throw new Error(`unsupported set ${JSON.stringify(set).slice(0, 80)}`);
  return set.args.map((p) => {
    if (p.call !== "_P") throw new Error(`unsupported path ${JSON.stringify(p)}`);
    return pathElements(p.args);
  });
}

const OPS = { Apply: "apply", ForceApply: "forceApply", Update: "update" };

function testCase(name, lit, parserName) {
  const f = lit.fields;
  const ops = [];
  for (const [, op] of f.Ops.items) {
    const kind = OPS[op.type];
    if (!kind) return { skip: `operation ${op.type}` };
    const o = op.fields;
    const entry = { op: kind, manager: o.Manager, apiVersion: o.APIVersion, object: fixTabs(o.Object) };
    if (o.Conflicts) {
      entry.conflicts = o.Conflicts.items.map(([, c]) => ({
        manager: c.fields.Manager,
        path: pathElements(c.fields.Path.args),
      }));
    }
    ops.push(entry);
  }
  if (f.RequiresUnions === true) return { skip: "unions" };
  const managed = {};
  if (f.Managed) {
    for (const [key, vs] of f.Managed.items) {
      if (vs.call !== "fieldpath.NewVersionedSet") return { skip: "managed set" };
      managed[key] = { paths: paths(vs.args[0]), apiVersion: vs.args[1] };
    }
  }
  const ignored = {};
  for (const [version, set] of f.IgnoredFields?.items ?? []) ignored[version] = paths(set);
  return {
    name,
    parser: parserName,
    ...(f.IgnoredFields ? { ignoredFields: ignored } : {}),
    ops,
    ...(f.Object !== undefined ? { object: fixTabs(f.Object) } : {}),
    ...(f.APIVersion !== undefined ? { apiVersion: f.APIVersion } : {}),
    ...(f.Managed ? { managed } : {}),
  };
}

const parsers = { DeducedParser: { deduced: true } };
const cases = [];
const skipped = [];
const dir = `${smd}/merge`;
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith("_test.go"))
  .sort()) {
  const src = readFileSync(`${dir}/${file}`, "utf8");
  // Schemas: `var xParser = func() Parser { parser, err := typed.NewParser(`...`) ... parser.Type("t") }`.
  for (const m of src.matchAll(
    /(\w+Parser) = func\(\) (?:\*typed\.Parser|Parser|fixture\.Parser) \{\s*parser, err := typed\.NewParser\(`([^`]*)`\)[\s\S]*?\n\t?\}\(\)/g,
  )) {
    const typeMatch = /parser\.Type\("([^"]+)"\)/.exec(m[0]);
    parsers[m[1]] = { schema: m[2].replace(/\t/g, "  "), type: typeMatch ? typeMatch[1] : undefined };
  }
  // Test tables: `tests := map[string]TestCase{ ... }` followed by `test.Test(parser)`.
  for (const m of src.matchAll(/(\w+) := map\[string\]TestCase\{/g)) {
    const start = m.index + m[0].length - 1;
    const tokens = tokenize(src.slice(start));
    const ps = parser(tokens);
    const table = ps.value();
    const rest = src.slice(start);
    const used = /\.Test\((\w+)\)|TestWithConverter\((\w+), (\w+)\)/.exec(rest);
    // A table whose runner asserts `test.Test(parser) == nil` is fatal: every case must fail.
    const mustFail = /if test\.Test\(\w+\) == nil \{\s*t\.Fatal\("Should fail"\)/.test(
      rest.slice(0, used ? used.index + 200 : 0),
    );
    const parserName = used?.[1] ?? used?.[2];
    if (!used || used[3]) {
      for (const [n] of table.items) skipped.push(`${file} ${n}: version converter`);
      continue;
    }
    for (const [n, lit] of table.items) {
      const c = testCase(n, lit, parserName);
      if (c.skip) skipped.push(`${file} ${n}: ${c.skip}`);
      else cases.push({ file, ...c, ...(mustFail ? { mustFail: true } : {}) });
    }
  }
}
for (const c of cases)
  if (!parsers[c.parser]) skipped.push(`${c.file} ${c.name}: parser ${c.parser} not found`);
const kept = cases.filter((c) => parsers[c.parser]);
writeFileSync(
  out,
  JSON.stringify(
    {
      source:
        "sigs.k8s.io/structured-merge-diff v4.2.3, merge/*_test.go (extracted by scripts/extract-smd-merge-cases.js)",
      skipped,
      parsers,
      cases: kept,
    },
    null,
    1,
  ) + "\n",
);
console.log(`${kept.length} cases, ${skipped.length} skipped`);
