import { needsGoYamlQuotes } from "./go-yaml-resolve.js";
import type { GoYamlResolveOptions } from "./go-yaml-resolve.js";

/**
 * go-yaml v2's encoder (encode.go) and emitter (emitterc.go) for the values `yaml.Unmarshal` gives back from JSON:
 * strings, already-formatted plain scalars (numbers, booleans, null), mappings with string keys and sequences.
 * The emitter is ported state for state (indent stack, column, `whitespace`/`indention` flags, scalar analysis,
 * style selection, folding at column 80), because its output depends on all of them.
 */

/** A node of the YAML document: what go-yaml v2 decoded from the JSON, and what its encoder writes back. */
export type GoYamlNode =
  | { kind: "string"; value: string }
  | { kind: "plain"; text: string }
  | { kind: "map"; entries: [string, GoYamlNode][] }
  | { kind: "seq"; items: GoYamlNode[] };

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

type Style = "plain" | "single" | "double" | "literal";

interface Analysis {
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** yamlprivateh.go `is_printable`, by code point. */
function isPrintable(c: number): boolean {
  return (
    c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
  );
}

function isBreak(c: number | undefined): boolean {
  return c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
}

function isBlank(c: number | undefined): boolean {
  return c === 0x20 || c === 0x09;
}

function utf8Length(cps: number[]): number {
  let n = 0;
  for (const c of cps) n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  return n;
}

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    // A lone surrogate is invalid UTF-8 to Go; Go's JSON encoder had already turned it into U+FFFD.
    out.push(c >= 0xd800 && c <= 0xdfff ? 0xfffd : c);
  }
  return out;
}

/** emitterc.go `yaml_emitter_analyze_scalar`. */
function analyzeScalar(v: number[]): Analysis {
  if (v.length === 0) {
    return {
      multiline: false,
      flowPlainAllowed: false,
      blockPlainAllowed: true,
      singleQuotedAllowed: true,
      blockAllowed: false,
    };
  }
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;

  if (
    v.length >= 3 &&
    ((v[0] === 0x2d && v[1] === 0x2d && v[2] === 0x2d) || (v[0] === 0x2e && v[1] === 0x2e && v[2] === 0x2e))
  ) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  const last = v.length - 1;
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    const followedByWhitespace = i === last || isBlank(v[i + 1]);
    const ch = String.fromCodePoint(c);
    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(ch)) {
        flowIndicators = true;
        blockIndicators = true;
      } else if (ch === "?" || ch === ":") {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (ch === "-" && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else if (",?[]{}".includes(ch)) {
      flowIndicators = true;
    } else if (ch === ":") {
      flowIndicators = true;
      if (followedByWhitespace) blockIndicators = true;
    } else if (ch === "#" && precededByWhitespace) {
      flowIndicators = true;
      blockIndicators = true;
    }
    if (!isPrintable(c)) special = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlank(c) || isBreak(c) || c === 0;
  }
  const a: Analysis = {
    multiline: lineBreaks,
    flowPlainAllowed: true,
    blockPlainAllowed: true,
    singleQuotedAllowed: true,
    blockAllowed: true,
  };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || special) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
    a.blockAllowed = false;
  }
  if (lineBreaks) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (flowIndicators) a.flowPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

const IS_LETTER = /\p{L}/u;
const IS_DIGIT = /\p{Nd}/u;

/** Go's `unicode.IsLetter`. */
function isLetter(c: number): boolean {
  if (c < 0x80) return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  return IS_LETTER.test(String.fromCodePoint(c));
}

/** Go's `unicode.IsDigit` (any decimal digit, not only ASCII). */
function isDigit(c: number): boolean {
  if (c < 0x80) return c >= 0x30 && c <= 0x39;
  return IS_DIGIT.test(String.fromCodePoint(c));
}

/** An int64 digit run as sorter.go accumulates it: `n = n*10 + (rune - '0')`, wrapping on overflow. */
function digitRun(r: number[], from: number, seed: bigint): [bigint, number] {
  let n = seed;
  let i = from;
  for (; i < r.length && isDigit(r[i]!); i++) n = BigInt.asIntN(64, n * 10n + BigInt(r[i]! - 0x30));
  return [n, i];
}

/**
 * sorter.go `keyList.Less` for string keys: go-yaml v2's "natural" order. Letters sort after other characters,
 * runs of digits compare by value (`item9` < `item10`), otherwise by code point. Not transitive for some sets
 * (`"08"`, `"12:30"`, `"1e+"`; digit runs that overflow int64): kubectl's order of those varies from run to run.
 */
export function goYamlKeyLess(a: string, b: string): boolean {
  if (a === b) return false;
  const ar = Array.from(a, (c) => c.codePointAt(0)!);
  const br = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const x = ar[i]!;
    const y = br[i]!;
    if (x === y) continue;
    const al = isLetter(x);
    const bl = isLetter(y);
    if (al && bl) return x < y;
    if (al || bl) return bl;
    let seed = 0n;
    if (x === 0x30 || y === 0x30) {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== 0x30) {
          seed = 1n;
          break;
        }
      }
    }
    const [an, ai] = digitRun(ar, i, seed);
    const [bn, bi] = digitRun(br, i, seed);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return x < y;
  }
  return ar.length < br.length;
}

/** Sorts mapping keys as go-yaml v2's encoder does (`sort.Sort(keyList)`). */
export function sortGoYamlKeys(keys: string[]): string[] {
  return keys.sort((a, b) => (goYamlKeyLess(a, b) ? -1 : goYamlKeyLess(b, a) ? 1 : 0));
}

const HEX = "0123456789ABCDEF";

/** The emitter's state, as in `yaml_emitter_t`. */
class Emitter {
  out = "";
  column = 0;
  indent = -1;
  indents: number[] = [];
  flowLevel = 0;
  whitespace = true;
  indention = true;
  openEnded = false;
  rootContext = false;
  sequenceContext = false;
  mappingContext = false;
  simpleKeyContext = false;

  constructor(readonly options: GoYamlResolveOptions) {}

  put(ch: string): void {
    this.out += ch;
    this.column++;
  }

  putBreak(): void {
    this.out += "\n";
    this.column = 0;
  }

  write(c: number): void {
    this.out += String.fromCodePoint(c);
    this.column++;
  }

  writeBreak(c: number): void {
    if (c === 0x0a) this.putBreak();
    else {
      this.write(c);
      this.column = 0;
    }
  }

  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace))
      this.putBreak();
    while (this.column < indent) this.put(" ");
    this.whitespace = true;
    this.indention = true;
  }

  writeIndicator(
    indicator: string,
    needWhitespace: boolean,
    isWhitespace: boolean,
    isIndention: boolean,
  ): void {
    if (needWhitespace && !this.whitespace) this.put(" ");
    for (const ch of indicator) this.put(ch);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
    this.openEnded = false;
  }

  increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  document(root: GoYamlNode): string {
    this.emitNode(root, true, false, false, false);
    // DOCUMENT-END (implicit), then STREAM-END.
    this.writeIndent();
    if (this.openEnded) {
      this.writeIndicator("...", true, false, false);
      this.writeIndent();
    }
    return this.out;
  }

  emitNode(node: GoYamlNode, root: boolean, sequence: boolean, mapping: boolean, simpleKey: boolean): void {
    this.rootContext = root;
    this.sequenceContext = sequence;
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    switch (node.kind) {
      case "string":
      case "plain":
        this.emitScalar(node);
        return;
      case "seq":
        if (this.flowLevel > 0 || node.items.length === 0) this.flowCollection("[", "]");
        else this.blockSequence(node.items);
        return;
      case "map":
        if (this.flowLevel > 0 || node.entries.length === 0) this.flowCollection("{", "}");
        else this.blockMapping(node.entries);
        return;
    }
  }

  /** Only empty collections are written in flow style here (go-yaml v2 never chooses flow otherwise). */
  flowCollection(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    this.flowLevel--;
    this.popIndent();
    this.writeIndicator(close, false, false, false);
  }

  blockSequence(items: GoYamlNode[]): void {
    this.increaseIndent(false, this.mappingContext && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator("-", true, false, true);
      this.emitNode(item, false, true, false, false);
    }
    this.popIndent();
  }

  blockMapping(entries: [string, GoYamlNode][]): void {
    this.increaseIndent(false, false);
    for (const [key, value] of entries) {
      this.writeIndent();
      const keyNode: GoYamlNode = { kind: "string", value: key };
      const cps = codePoints(key);
      const analysis = analyzeScalar(cps);
      if (!analysis.multiline && utf8Length(cps) <= 128) {
        this.emitNode(keyNode, false, false, true, true);
        this.writeIndicator(":", false, false, false);
      } else {
        this.writeIndicator("?", true, false, true);
        this.emitNode(keyNode, false, false, true, false);
        this.writeIndent();
        this.writeIndicator(":", true, false, true);
      }
      this.emitNode(value, false, false, true, false);
    }
    this.popIndent();
  }

  emitScalar(node: { kind: "string"; value: string } | { kind: "plain"; text: string }): void {
    const value = codePoints(node.kind === "string" ? node.value : node.text);
    const analysis = analyzeScalar(value);
    // encode.go stringv: the requested style; the emitter may then overrule it.
    let style: Style = "plain";
    if (node.kind === "string") {
      if (node.value.includes("\n")) style = "literal";
      else if (needsGoYamlQuotes(node.value, this.options)) style = "double";
    }
    // emitterc.go yaml_emitter_select_scalar_style.
    if (this.simpleKeyContext && analysis.multiline) style = "double";
    if (style === "plain") {
      if (
        (this.flowLevel > 0 && !analysis.flowPlainAllowed) ||
        (this.flowLevel === 0 && !analysis.blockPlainAllowed)
      )
        style = "single";
      if (value.length === 0 && (this.flowLevel > 0 || this.simpleKeyContext)) style = "single";
    }
    if (style === "single" && !analysis.singleQuotedAllowed) style = "double";
    if (style === "literal" && (!analysis.blockAllowed || this.flowLevel > 0 || this.simpleKeyContext))
      style = "double";

    this.increaseIndent(true, false);
    const allowBreaks = !this.simpleKeyContext;
    switch (style) {
      case "plain":
        this.writePlain(value, allowBreaks);
        break;
      case "single":
        this.writeSingleQuoted(value, allowBreaks);
        break;
      case "double":
        this.writeDoubleQuoted(value, allowBreaks);
        break;
      case "literal":
        this.writeLiteral(value);
        break;
    }
    this.popIndent();
  }

  writePlain(v: number[], allowBreaks: boolean): void {
    if (!this.whitespace) this.put(" ");
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i]!;
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && v[i + 1] !== 0x20) this.writeIndent();
        else this.write(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
    if (this.rootContext) this.openEnded = true;
  }

  writeSingleQuoted(v: number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i]!;
      if (c === 0x20) {
        if (
          allowBreaks &&
          !spaces &&
          this.column > BEST_WIDTH &&
          i > 0 &&
          i < v.length - 1 &&
          v[i + 1] !== 0x20
        )
          this.writeIndent();
        else this.write(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.write(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  writeDoubleQuoted(v: number[], allowBreaks: boolean): void {
    let spaces = false;
    // yamlprivateh.go is_bom(value, i) ignores i and looks at the start of the value: a value that starts with a
    // BOM has every character escaped.
    const bom = v[0] === 0xfeff;
    this.writeIndicator('"', true, false, false);
    for (let i = 0; i < v.length; i++) {
      const c = v[i]!;
      if (bom || !isPrintable(c) || isBreak(c) || c === 0x22 || c === 0x5c) {
        this.put("\\");
        const simple = ESCAPES.get(c);
        if (simple !== undefined) this.put(simple);
        else {
          const [letter, width] = c <= 0xff ? ["x", 2] : c <= 0xffff ? ["u", 4] : ["U", 8];
          this.put(letter);
          for (let k = (width - 1) * 4; k >= 0; k -= 4) this.put(HEX[(c >> k) & 0x0f]!);
        }
        spaces = false;
      } else if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < v.length - 1) {
          this.writeIndent();
          if (v[i + 1] === 0x20) this.put("\\");
        } else this.write(c);
        spaces = true;
      } else {
        this.write(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  writeBlockScalarHints(v: number[]): void {
    if (v[0] === 0x20 || isBreak(v[0])) this.writeIndicator(String(BEST_INDENT), false, false, false);
    this.openEnded = false;
    let chomp = "";
    if (v.length === 0) chomp = "-";
    else {
      const last = v.length - 1;
      if (!isBreak(v[last])) chomp = "-";
      else if (last === 0) {
        chomp = "+";
        this.openEnded = true;
      } else if (isBreak(v[last - 1])) {
        chomp = "+";
        this.openEnded = true;
      }
    }
    if (chomp) this.writeIndicator(chomp, false, false, false);
  }

  writeLiteral(v: number[]): void {
    this.writeIndicator("|", true, false, false);
    this.writeBlockScalarHints(v);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of v) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

const ESCAPES = new Map<number, string>([
  [0x00, "0"],
  [0x07, "a"],
  [0x08, "b"],
  [0x09, "t"],
  [0x0a, "n"],
  [0x0b, "v"],
  [0x0c, "f"],
  [0x0d, "r"],
  [0x1b, "e"],
  [0x22, '"'],
  [0x5c, "\\"],
  [0x85, "N"],
  [0xa0, "_"],
  [0x2028, "L"],
  [0x2029, "P"],
]);

/** go-yaml v2 `Marshal` of a decoded document: mapping keys in natural order, default settings (indent 2, width 80). */
export function emitGoYaml(root: GoYamlNode, options: GoYamlResolveOptions = {}): string {
  return new Emitter(options).document(sortNode(root));
}

function sortNode(node: GoYamlNode): GoYamlNode {
  switch (node.kind) {
    case "map": {
      const byKey = new Map(node.entries);
      return {
        kind: "map",
        entries: sortGoYamlKeys([...byKey.keys()]).map((k) => [k, sortNode(byKey.get(k)!)]),
      };
    }
    case "seq":
      return { kind: "seq", items: node.items.map(sortNode) };
    default:
      return node;
  }
}
