import { parseGoFloat, parseGoInt, parseGoUint } from "./strconv.js";
import { daysIn, getnum, isDigit } from "./time-parse.js";

/**
 * go-yaml v2's `resolve()` (resolve.go) for an untagged plain scalar: the tag a YAML reader gives the text. The
 * emitter quotes every string whose plain form would resolve to something other than a string, so this decides
 * between `value: 123` and `value: "123"`.
 */

/** Tags a plain scalar can resolve to. */
export const GO_YAML_TAGS = ["str", "bool", "null", "int", "float", "timestamp"] as const;
export type GoYamlTag = (typeof GO_YAML_TAGS)[number];

export interface GoYamlResolveOptions {
  /**
   * The Go release (minor version) the binary was built with; it changes what `time.Parse` accepts. Go 1.23
   * started rejecting zone offsets past +24:60, so "2024-01-02T10:00:00+25:00" is a timestamp (quoted) for kubectl
   * 1.27–1.29 (Go 1.22) and a plain string for 1.30+ (Go 1.23, 1.24). Default 24.
   */
  goRelease?: number;
}

const MAP: Record<string, GoYamlTag> = {};
for (const [tag, words] of [
  ["bool", "y Y yes Yes YES true True TRUE on On ON n N no No NO false False FALSE off Off OFF"],
  ["null", "~ null Null NULL"],
  ["float", ".nan .NaN .NAN .inf .Inf .INF +.inf +.Inf +.INF -.inf -.Inf -.INF"],
] as const) {
  for (const w of words.split(" ")) MAP[w] = tag;
}
MAP[""] = "null";

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** The first-byte hint table of resolve.go: which strings are worth a closer look. */
function hintOf(s: string): string {
  const c = s[0];
  if (c === "+" || c === "-") return "S";
  if (c !== undefined && c >= "0" && c <= "9") return "D";
  if (c !== undefined && "yYnNtTfFoO~".includes(c)) return "M";
  if (c === ".") return ".";
  return "";
}

/** The tag go-yaml v2 resolves an untagged plain scalar `s` to. */
export function resolveGoYaml(s: string, options: GoYamlResolveOptions = {}): GoYamlTag {
  // Only strings whose first byte is in the hint table are looked up at all: "<<" (the merge key) stays a string.
  const hint = s === "" ? "N" : hintOf(s);
  if (hint === "") return "str";
  const mapped = MAP[s];
  if (mapped !== undefined) return mapped;
  if (hint === ".") return parseGoFloat(s).ok ? "float" : "str";
  if (hint !== "D" && hint !== "S") return "str"; // "M": only the words in the map
  if (isGoYamlTimestamp(s, options)) return "timestamp";
  const plain = s.replace(/_/g, "");
  if (parseGoInt(plain).ok) return "int";
  const uint = parseGoUint(plain);
  if (uint.ok) return "int";
  if (YAML_STYLE_FLOAT.test(plain) && parseGoFloat(plain).ok) return "float";
  if (plain.startsWith("0b")) {
    if (parseGoInt(plain.slice(2), 2).ok || parseGoUint(plain.slice(2), 2).ok) return "int";
  } else if (plain.startsWith("-0b")) {
    if (parseGoInt("-" + plain.slice(3), 2).ok) return "int";
  }
  // Newer goyaml.v2 forks (sigs.k8s.io/yaml after v1.4.0) also resolve out-of-range prefixed integers such as
  // "0x" + 17 hex digits as big integers; the yaml.v2 of kubectl 1.27–1.33 leaves them strings (checked).
  return "str";
}

/** encode.go `isBase60Float`: YAML 1.1 sexagesimal numbers, quoted on output for older readers' sake. */
export function isBase60Float(s: string): boolean {
  const c = s[0];
  if (c === undefined || !(c === "+" || c === "-" || (c >= "0" && c <= "9")) || !s.includes(":"))
    return false;
  return BASE60_FLOAT.test(s);
}

/** Whether go-yaml v2's encoder must quote a string that would otherwise be written plain (encode.go `stringv`). */
export function needsGoYamlQuotes(s: string, options: GoYamlResolveOptions = {}): boolean {
  return resolveGoYaml(s, options) !== "str" || isBase60Float(s);
}

// ---- Timestamps: resolve.go parseTimestamp, which tries Go's time.Parse with four layouts. ----

type Layout = "T" | "t" | " " | "date";

/** time.Parse with "2006-1-2T15:4:5.999999999Z07:00" (T or t), "2006-1-2 15:4:5.999999999" or "2006-1-2". */
function parsesAs(s: string, layout: Layout, goRelease: number): boolean {
  const year = Number(s.slice(0, 4));
  let v = s.slice(4);
  if (v[0] !== "-") return false;
  let n = getnum(v.slice(1), false);
  if (!n) return false;
  const month = n[0];
  if (month <= 0 || month > 12) return false;
  v = n[1];
  if (v[0] !== "-") return false;
  n = getnum(v.slice(1), false);
  if (!n) return false;
  const day = n[0];
  v = n[1];
  if (layout !== "date") {
    if (layout === " ") {
      // time's skip() treats a run of spaces in the layout as matching a run of one or more spaces.
      if (v[0] !== " ") return false;
      v = v.replace(/^ +/, "");
    } else {
      if (v[0] !== layout) return false;
      v = v.slice(1);
    }
    for (const [i, max] of [
      [0, 24],
      [1, 60],
      [2, 60],
    ] as const) {
      if (i > 0) {
        if (v[0] !== ":") return false;
        v = v.slice(1);
      }
      n = getnum(v, false);
      if (!n || n[0] >= max) return false;
      v = n[1];
    }
    // An optional fraction: "." or "," then any number of digits.
    if (v.length >= 2 && (v[0] === "." || v[0] === ",") && isDigit(v, 1))
      v = v.slice(1).replace(/^[0-9]+/, "");
    if (layout !== " ") {
      if (v[0] === "Z") v = v.slice(1);
      else {
        if (v.length < 6 || v[3] !== ":") return false;
        const hr = getnum(v.slice(1, 3), true);
        const mm = getnum(v.slice(4, 6), true);
        if (!hr || !mm) return false;
        if (goRelease >= 23 && (hr[0] > 24 || mm[0] > 60)) return false;
        if (v[0] !== "+" && v[0] !== "-") return false;
        v = v.slice(6);
      }
    }
  }
  if (v !== "") return false;
  return day >= 1 && day <= daysIn(month, year);
}

/** resolve.go `parseTimestamp`: strings that go-yaml v2 reads as a timestamp when unquoted. */
export function isGoYamlTimestamp(s: string, options: GoYamlResolveOptions = {}): boolean {
  if (!/^[0-9]{4}-/.test(s)) return false;
  const goRelease = options.goRelease ?? 24;
  return (["T", "t", " ", "date"] as const).some((layout) => parsesAs(s, layout, goRelease));
}
