#!/usr/bin/env node
// Derives fixtures/protobuf/k8s-1.28.7-go-json-fields.json: for every protobuf message of
// fixtures/protobuf/k8s-1.28.7-protobuf-messages.json, what the Go type behind it says about JSON — the json tag
// of each field (name, omitempty, inline), whether the Go field is a pointer, the Go struct's field order, whether
// the struct embeds TypeMeta — and the API group of each package. That is the data the codec needs to turn decoded
// protobuf into the JSON the API server writes; it cannot be read off the .proto files.
//
// Run by hand, with git clones (or bare mirrors) of the Kubernetes staging repositories at hand:
//   node scripts/derive-protobuf-json-fields.js --tag v0.28.7 --git api=/path/to/kubernetes/api/.git \
//     --git apimachinery=... --git apiextensions-apiserver=... --git kube-aggregator=... --git apiserver=... \
//     --git metrics=...
// It reads Go source with `git show <tag>:<path>` and writes data only; no upstream code is copied.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    tag: { type: "string", default: "v0.28.7" },
    git: { type: "string", multiple: true, default: [] },
    out: { type: "string" },
  },
});
const root = new URL("../", import.meta.url);
const messages = JSON.parse(
  readFileSync(new URL("fixtures/protobuf/k8s-1.28.7-protobuf-messages.json", root), "utf8"),
).messages;
const gitDirs = Object.fromEntries(values.git.map((g) => g.split("=")));

/** Proto package → [staging repository, directory]. */
function locate(protoPackage) {
  const rules = [
    [/^k8s\.io\.api\.(.+)$/, "api", (m) => m[1].replaceAll(".", "/")],
    [/^k8s\.io\.apimachinery\.(.+)$/, "apimachinery", (m) => m[1].replaceAll(".", "/")],
    [/^k8s\.io\.apiextensions_apiserver\.(.+)$/, "apiextensions-apiserver", (m) => m[1].replaceAll(".", "/")],
    [/^k8s\.io\.kube_aggregator\.(.+)$/, "kube-aggregator", (m) => m[1].replaceAll(".", "/")],
    [/^k8s\.io\.apiserver\.(.+)$/, "apiserver", (m) => m[1].replaceAll(".", "/")],
    [/^k8s\.io\.metrics\.(.+)$/, "metrics", (m) => m[1].replaceAll(".", "/")],
  ];
  for (const [re, repo, dir] of rules) {
    const m = re.exec(protoPackage);
    if (m) return [repo, dir(m)];
  }
  throw new Error(`no repository for ${protoPackage}`);
}

function git(repo, ...args) {
  const dir = gitDirs[repo];
  if (!dir) throw new Error(`--git ${repo}=<git dir> is required`);
  return execFileSync("git", ["--git-dir", dir, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
}

/** The Go source of a package directory: its hand-written files (not tests, not generated code). */
function goSource(repo, dir) {
  const files = git(repo, "ls-tree", "--name-only", `${values.tag}:${dir}`)
    .split("\n")
    .filter((f) => f.endsWith(".go") && !f.endsWith("_test.go") && !/^(zz_generated|generated\.pb)/.test(f));
  return files.map((f) => git(repo, "show", `${values.tag}:${dir}/${f}`)).join("\n");
}

/** `type X struct {…}` bodies and other `type X <underlying>` declarations of a Go source text. */
function goTypes(source) {
  const text = source.replace(/^\s*\/\*[\s\S]*?\*\//gm, "");
  const types = new Map();
  const decl = /^type\s+(\w+)\s+(.+)$/gm;
  for (let m; (m = decl.exec(text));) {
    const [, name, rest] = m;
    if (/^struct\s*\{\s*\}/.test(rest)) types.set(name, { struct: [] });
    else if (/^struct\s*\{/.test(rest)) {
      const body = [];
      let depth = 1;
      let i = decl.lastIndex;
      const lines = text.slice(i).split("\n");
      for (const line of lines.slice(1)) {
        const code = line.replace(/\/\/.*$/, "").trim();
        if (code === "}" && --depth === 0) break;
        if (code.endsWith("{")) depth++;
        if (code) body.push(code);
      }
      types.set(name, { struct: body });
    } else types.set(name, { underlying: rest.replace(/\/\/.*$/, "").trim() });
  }
  return types;
}

function tagValue(tags, key) {
  const m = new RegExp(`(?:^|\\s)${key}:"([^"]*)"`).exec(tags);
  return m ? m[1] : undefined;
}

/** One Go struct field line: names, type and tags. */
function goField(line) {
  const m = /^(?:(\w+)\s+)?([*\w.[\]]+(?:\[[\w.*]+\][*\w.]+)?)\s*(?:`([^`]*)`)?$/.exec(line);
  if (!m) throw new Error(`cannot read Go field: ${line}`);
  const [, name, type, tags = ""] = m;
  return { name: name ?? type.replace(/^\*/, "").replace(/^\w+\./, ""), embedded: !name, type, tags };
}

const packages = {};
const out = {};
const anomalies = [];
const byPackage = new Map();
for (const full of Object.keys(messages)) {
  const pkg = full.slice(0, full.lastIndexOf("."));
  if (!byPackage.has(pkg)) byPackage.set(pkg, []);
  byPackage.get(pkg).push(full);
}
for (const [pkg, names] of byPackage) {
  const [repo, dir] = locate(pkg);
  const source = goSource(repo, dir);
  const types = goTypes(source);
  const group =
    /\+groupName=([\w.-]+)/.exec(source)?.[1] ?? /GroupName\s*=\s*"([^"]*)"/.exec(source)?.[1] ?? undefined;
  const version = dir.split("/").pop();
  packages[pkg] = { repository: `k8s.io/${repo}`, directory: dir };
  if (group !== undefined && /^v\d/.test(version)) Object.assign(packages[pkg], { group, version });
  for (const full of names) {
    const short = full.slice(pkg.length + 1);
    const proto = messages[full];
    const goType = types.get(short);
    if (!goType) {
      anomalies.push(`${full}: no Go type`);
      continue;
    }
    if (goType.underlying) {
      // `type MatchCondition v1.MatchCondition`: the same JSON as the message of the type it is defined as.
      const named = /^(\w+)\.(\w+)$/.exec(goType.underlying);
      const imported = named && new RegExp(`^\\s*${named[1]}\\s+"(k8s\\.io/[^"]+)"`, "m").exec(source);
      out[full] = imported
        ? { sameAs: `${imported[1].replaceAll("/", ".").replaceAll("-", "_")}.${named[2]}` }
        : { go: goType.underlying };
      continue;
    }
    const fields = [];
    let typeMeta = false;
    for (const line of goType.struct) {
      let f;
      try {
        f = goField(line);
      } catch (e) {
        throw new Error(`${full}: ${e.message}`);
      }
      const protobuf = tagValue(f.tags, "protobuf");
      const json = tagValue(f.tags, "json");
      if (f.embedded && /(^|\.)TypeMeta$/.test(f.type) && !protobuf) {
        typeMeta = true;
        continue;
      }
      if (!protobuf || protobuf === "-") {
        if (json !== "-") anomalies.push(`${full}.${f.name}: no protobuf tag (json ${json ?? "untagged"})`);
        continue;
      }
      const number = Number(protobuf.split(",")[1]);
      const pf = proto.fields.find((x) => x.number === number);
      if (!pf) {
        anomalies.push(`${full}.${f.name}: protobuf field ${number} not in the table`);
        continue;
      }
      const [jsonName = "", ...opts] = (json ?? f.name).split(",");
      const entry = { number, json: jsonName };
      if (opts.includes("omitempty")) entry.omitempty = true;
      if (opts.includes("inline") || (f.embedded && json === undefined)) entry.inline = true;
      if (f.type.startsWith("*")) entry.pointer = true;
      if (f.type.startsWith("[]") && !pf.repeated && pf.type !== "bytes") entry.go = f.type;
      fields.push(entry);
    }
    const missing = proto.fields.filter((pf) => !fields.some((f) => f.number === pf.number));
    for (const pf of missing)
      anomalies.push(`${full}: protobuf field ${pf.number} (${pf.name}) has no Go field`);
    out[full] = typeMeta ? { typeMeta, fields } : { fields };
  }
}

const result = {
  source:
    `Derived from the Go types (json and protobuf struct tags, pointer fields, field order, embedded TypeMeta, ` +
    `GroupName) of k8s.io/{api,apimachinery,apiextensions-apiserver,kube-aggregator,apiserver,metrics} ` +
    `${values.tag} (Apache-2.0) by scripts/derive-protobuf-json-fields.js; data only, no code copied`,
  tag: values.tag,
  packages,
  messages: out,
  anomalies,
};
const target = values.out ?? new URL("fixtures/protobuf/k8s-1.28.7-go-json-fields.json", root).pathname;
// One entry a line: small to store, and a regenerated file diffs line by line.
const lines = (object) =>
  Object.entries(object)
    .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(",\n");
const text =
  `{"source": ${JSON.stringify(result.source)},\n"tag": ${JSON.stringify(result.tag)},\n` +
  `"packages": {\n${lines(packages)}\n},\n"messages": {\n${lines(out)}\n},\n` +
  `"anomalies": ${JSON.stringify(anomalies, null, 1)}}\n`;
writeFileSync(target, text);
process.stderr.write(`${Object.keys(out).length} messages, ${anomalies.length} anomalies\n`);
for (const a of anomalies) process.stderr.write(`  ${a}\n`);
