/**
 * The normalization of fixtures/workflows/workflow.py (`normalize()`, `normalize_body()`), ported rule for rule so
 * that the TypeScript runner compares exactly what the Python runner compares: temp paths, uids, resourceVersions,
 * timestamps, table ages, loopback ports, IPs, node ports, version strings, JWTs, generated name suffixes and the
 * `auth whoami` user are masked; everything else is kept byte for byte. JSON bodies are printed again the way
 * Python's `json.dumps` prints them (its separators, its float repr, keys in the server's order).
 */

export interface NormalizeContext {
  /** The runner's temporary directories. */
  paths?: string[];
  /** The step's own directories. */
  stepPaths?: string[];
  /** `generateName` prefixes of the workflow. */
  generateNames?: string[];
  /** Regular expressions of lines to drop. */
  omit?: string[];
}

const UUID_RE = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;
const RV_RE = /((?:resourceVersion|ResourceVersion)\\?"?:\s*\\?"?)\d+/g;
const RV_TEXT_RE = /(Expected resource version to be \S+, was )\d+/g;
const RFC3339_RE = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g;
const DIFF_TIME_RE = /\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)? [+-]\d{4}/g;
const IPV4_RE = /(?<![\d.])(?!(?:127\.0\.0\.1|0\.0\.0\.0)(?![\d.]))(?:\d{1,3}\.){3}\d{1,3}(?![\d.])/g;
const LOOPBACK_PORT_RE = /\b(127\.0\.0\.1|localhost):\d+/g;
const NODEPORT_KEY_RE = /((?:nodePort|healthCheckNodePort)"?:\s*)\d+/g;
const NODEPORT_COL_RE = /\b(\d+):\d{5}\/(TCP|UDP|SCTP)\b/g;
const VERSION_KEYS_RE =
  /((?:gitVersion|gitCommit|gitTreeState|buildDate|goVersion|compiler|platform)"?:[ \t]*)(?:"[^"\n]*"|'[^'\n]*'|[^\s,]*)/g;
const SERVER_VERSION_RE = /^(Server Version: ).*$/gm;
const JWT_RE = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g;
const WHOAMI_TABLE_RE = /^((?:Username|UID)\s+)\S.*$/gm;
const WHOAMI_JSON_RE = /("userInfo":\s*\{\s*"username":\s*")[^"]*(",\s*"uid":\s*")?[^"]*/g;
const WHOAMI_YAML_RE = /^(\s+(?:username|uid):\s*)\S.*$/gm;
const TMPNAME_RE = /\b(LIVE|MERGED|kubectl-edit)-\d+/g;
const GEN_SUFFIX = "[bcdfghjklmnpqrstvwxz2456789]{5}";
const AGE_COLUMNS = new Set(["AGE", "LAST SCHEDULE", "DURATION", "LAST SEEN"]);
const WORD = "[A-Z][A-Z0-9()/_.-]*(?: [A-Z][A-Z0-9()/_.-]*)*";
const HEADER_RE = new RegExp(`^${WORD}(?:\\s{2,}${WORD})+\\s*$`);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Python's `len` (code points). */
const length = (s: string) => [...s].length;

/** Python's `str.strip()`. */
const strip = (s: string) => s.replace(/^\s+|\s+$/g, "");

function compareRows(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return a.length - b.length;
}

function tables(text: string, subst: (t: string) => string): string {
  const lines = text.split("\n");
  const out: string[] = [];
  const plain: string[] = [];
  const flush = () => {
    if (plain.length > 0) {
      out.push(...subst(plain.join("\n")).split("\n"));
      plain.length = 0;
    }
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!HEADER_RE.test(line)) {
      plain.push(line);
      i++;
      continue;
    }
    flush();
    const names = [...line.matchAll(/\S+(?: \S+)*/g)];
    const cols = names.map((m) => m[0]);
    const starts = names.map((m) => m.index);
    let j = i + 1;
    while (j < lines.length && strip(lines[j]!) !== "" && !HEADER_RE.test(lines[j]!)) j++;
    // Column offsets in code points, as Python slices strings.
    const offsets = starts.map((s) => length(line.slice(0, s)));
    let rows = lines.slice(i, j).map((row) => {
      const chars = [...row];
      return offsets.map((s, k) => strip(chars.slice(s, offsets[k + 1] ?? chars.length).join("")));
    });
    const ageIdx = new Set(cols.flatMap((c, k) => (AGE_COLUMNS.has(c) ? [k] : [])));
    for (const r of rows.slice(1))
      for (let k = 0; k < r.length; k++) r[k] = ageIdx.has(k) && r[k] ? "<age>" : subst(r[k]!);
    if (cols[0] === "NAME" && ["APIVERSION", "NAMESPACED", "KIND"].every((c) => cols.includes(c)))
      rows = [rows[0]!, ...rows.slice(1).sort(compareRows)];
    const widths = cols.map((_, k) => Math.max(10, Math.max(...rows.map((r) => length(r[k]!))) + 3));
    for (const r of rows)
      out.push(
        r
          .map((c, k) => (k + 1 < r.length ? c + " ".repeat(Math.max(0, widths[k]! - length(c))) : c))
          .join("")
          .replace(/\s+$/, ""),
      );
    i = j;
  }
  flush();
  return out.join("\n");
}

function substitute(text: string, ctx: NormalizeContext): string {
  const paths = [...(ctx.paths ?? []), ...(ctx.stepPaths ?? [])].sort((a, b) => b.length - a.length);
  for (const p of paths) if (p) text = text.split(p).join("<tmp>");
  text = text.replace(TMPNAME_RE, "$1-<n>");
  text = text.replace(UUID_RE, "<uid>");
  text = text.replace(RV_RE, "$1<rv>");
  text = text.replace(RV_TEXT_RE, "$1<rv>");
  text = text.replace(RFC3339_RE, "<time>");
  text = text.replace(DIFF_TIME_RE, "<time>");
  text = text.replace(LOOPBACK_PORT_RE, "$1:<port>");
  text = text.replace(IPV4_RE, "<ip>");
  text = text.replace(NODEPORT_KEY_RE, "$1<nodeport>");
  text = text.replace(NODEPORT_COL_RE, "$1:<nodeport>/$2");
  text = text.replace(VERSION_KEYS_RE, "$1<version>");
  text = text.replace(SERVER_VERSION_RE, "$1<server-version>");
  text = text.replace(JWT_RE, "<jwt>");
  for (const prefix of [...(ctx.generateNames ?? [])].sort((a, b) => b.length - a.length))
    text = text.replace(new RegExp(`\\b${escapeRegExp(prefix)}${GEN_SUFFIX}\\b`, "g"), `${prefix}<rand>`);
  return text;
}

/** workflow.py's `normalize()`. */
export function normalizeOutput(text: string, ctx: NormalizeContext = {}): string {
  text = tables(text, (t) => substitute(t, ctx));
  if (text.startsWith("ATTRIBUTE ") || text.includes("SelfSubjectReview")) {
    text = text.replace(WHOAMI_TABLE_RE, "$1<user>");
    text = text.replace(
      WHOAMI_JSON_RE,
      (_m, a: string, b: string | undefined) => `${a}<user>${b ? `${b}<user>` : ""}`,
    );
    if (text.includes("userInfo:")) text = text.replace(WHOAMI_YAML_RE, "$1<user>");
  }
  for (const rx of ctx.omit ?? []) {
    const re = new RegExp(rx);
    text = (text.match(/[^\n]*\n|[^\n]+$/g) ?? []).filter((ln) => !re.test(ln)).join("");
  }
  return text;
}

/** The first `n` lines, trailing newlines dropped (workflow.py's `first_lines`). */
export function firstLines(text: string, n = 3): string {
  return text.split("\n").slice(0, n).join("\n").replace(/\n+$/, "");
}

// ------------------------------------------------------------------------------------------------------------------
// JSON as Python reads and prints it: objects keep their key order (integer-like keys included), numbers their
// Python value (int exact, float repr).

type PyValue = null | boolean | string | PyNumber | PyValue[] | PyObject;
interface PyNumber {
  number: string;
}
interface PyObject {
  entries: [string, PyValue][];
}

class PyJsonReader {
  #i = 0;
  constructor(readonly text: string) {}

  read(): PyValue {
    const v = this.#value();
    this.#ws();
    if (this.#i !== this.text.length) throw new SyntaxError("trailing data");
    return v;
  }

  #ws() {
    while (/\s/.test(this.text[this.#i] ?? "")) this.#i++;
  }

  #value(): PyValue {
    this.#ws();
    const c = this.text[this.#i];
    if (c === "{") {
      this.#i++;
      const map = new Map<string, PyValue>();
      this.#ws();
      if (this.text[this.#i] === "}") {
        this.#i++;
        return { entries: [] };
      }
      for (;;) {
        this.#ws();
        const key = this.#string();
        this.#ws();
        if (this.text[this.#i++] !== ":") throw new SyntaxError("expected :");
        const value = this.#value();
        // Python's dict: a repeated key keeps its first position and takes the last value.
        map.set(key, value);
        this.#ws();
        const sep = this.text[this.#i++];
        if (sep === "}") break;
        if (sep !== ",") throw new SyntaxError("expected , or }");
      }
      return { entries: [...map.entries()] };
    }
    if (c === "[") {
      this.#i++;
      const items: PyValue[] = [];
      this.#ws();
      if (this.text[this.#i] === "]") {
        this.#i++;
        return items;
      }
      for (;;) {
        items.push(this.#value());
        this.#ws();
        const sep = this.text[this.#i++];
        if (sep === "]") break;
        if (sep !== ",") throw new SyntaxError("expected , or ]");
      }
      return items;
    }
    if (c === '"') return this.#string();
    for (const [word, value] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (this.text.startsWith(word, this.#i)) {
        this.#i += word.length;
        return value;
      }
    }
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.#i, this.#i + 400));
    if (!m) throw new SyntaxError("unexpected character");
    this.#i += m[0].length;
    return { number: m[0] };
  }

  #string(): string {
    if (this.text[this.#i] !== '"') throw new SyntaxError("expected a string");
    let end = this.#i + 1;
    while (end < this.text.length && this.text[end] !== '"') end += this.text[end] === "\\" ? 2 : 1;
    const literal = this.text.slice(this.#i, end + 1);
    this.#i = end + 1;
    return JSON.parse(literal) as string;
  }
}

/** Python's `repr(float)`. */
function floatRepr(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "Infinity" : "-Infinity";
  const abs = Math.abs(n);
  if (abs !== 0 && (abs >= 1e16 || abs < 1e-4)) {
    const [mantissa, exp] = n.toExponential().split("e") as [string, string];
    const e = Number(exp);
    return `${mantissa}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  const s = String(n);
  return s.includes(".") || s.includes("e") ? s : `${s}.0`;
}

function numberText(literal: string): string {
  if (/^-?\d+$/.test(literal)) return literal === "-0" ? "0" : String(BigInt(literal));
  return floatRepr(Number(literal));
}

/** Python's `json.dumps(v, indent=indent, ensure_ascii=False)` (`indent` undefined: one line). */
function pyDumps(v: PyValue, indent: number | undefined, level = 0): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "string") return JSON.stringify(v);
  const pad = (l: number) => (indent === undefined ? "" : "\n" + " ".repeat(indent * l));
  const sep = indent === undefined ? ", " : ",";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return `[${pad(level + 1)}${v.map((x) => pyDumps(x, indent, level + 1)).join(sep + pad(level + 1))}${pad(level)}]`;
  }
  if ("number" in v) return numberText(v.number);
  if (v.entries.length === 0) return "{}";
  const items = v.entries.map(([k, x]) => `${JSON.stringify(k)}: ${pyDumps(x, indent, level + 1)}`);
  return `{${pad(level + 1)}${items.join(sep + pad(level + 1))}${pad(level)}}`;
}

function parsePyJson(text: string): PyValue | undefined {
  try {
    return new PyJsonReader(text).read();
  } catch {
    return undefined;
  }
}

/** A JSON value as Python's `json.dumps(value)` writes it (a curl step's body object). */
export function pythonJson(value: unknown): string {
  const parsed = parsePyJson(JSON.stringify(value));
  return parsed === undefined ? JSON.stringify(value) : pyDumps(parsed, undefined);
}

/** workflow.py's `normalize_body()`: a curl step's body. */
export function normalizeBody(
  data: Buffer,
  contentType: string,
  ctx: NormalizeContext,
  stream: boolean,
): string {
  let text = data.toString("utf8");
  if (stream) {
    const lines = text.split("\n").filter((ln) => strip(ln) !== "");
    let events: PyValue[] | undefined = [];
    for (let k = 0; k < lines.length; k++) {
      const ev = parsePyJson(lines[k]!);
      if (ev !== undefined) events.push(ev);
      else if (k + 1 < lines.length) {
        events = undefined;
        break;
      }
    }
    if (events !== undefined)
      return normalizeOutput(events.map((e) => pyDumps(e, undefined)).join("\n"), ctx);
  }
  if (contentType.includes("json") || "{[".includes(text.slice(0, 1) || "x")) {
    const parsed = parsePyJson(text);
    if (parsed !== undefined) text = pyDumps(parsed, 2);
  }
  return normalizeOutput(text, ctx);
}
