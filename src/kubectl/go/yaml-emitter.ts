import { needsGoYamlQuotes } from "./yaml-resolve.js";
import type { GoYamlResolveOptions } from "./yaml-resolve.js";

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

function isBreak(c: number): boolean {
  return c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/**
 * The code point at UTF-16 index `i`. Scalars come from go-yaml's reader, where Go's JSON encoder has already
 * replaced lone surrogates with U+FFFD; do the same here for direct callers.
 */
function cpAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) return c;
  const d = s.charCodeAt(i + 1);
  return c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff ? (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000 : 0xfffd;
}

/** UTF-16 units of a code point. */
function unitsOf(c: number): number {
  return c > 0xffff ? 2 : 1;
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length;) {
    const c = cpAt(s, i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    i += unitsOf(c);
  }
  return n;
}

/** emitterc.go `yaml_emitter_analyze_scalar`. */
function analyzeScalar(v: string): Analysis {
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

  if (v.startsWith("---") || v.startsWith("...")) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  for (let i = 0; i < v.length;) {
    const c = cpAt(v, i);
    const next = i + unitsOf(c);
    const last = next >= v.length;
    const followedByWhitespace = last || isBlank(v.charCodeAt(next));
    if (i === 0) {
      switch (c) {
        case 0x23: // #
        case 0x2c: // ,
        case 0x5b: // [
        case 0x5d: // ]
        case 0x7b: // {
        case 0x7d: // }
        case 0x26: // &
        case 0x2a: // *
        case 0x21: // !
        case 0x7c: // |
        case 0x3e: // >
        case 0x27: // '
        case 0x22: // "
        case 0x25: // %
        case 0x40: // @
        case 0x60: // `
          flowIndicators = true;
          blockIndicators = true;
          break;
        case 0x3f: // ?
        case 0x3a: // :
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case 0x2d: // -
          if (followedByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    } else {
      switch (c) {
        case 0x2c:
        case 0x3f:
        case 0x5b:
        case 0x5d:
        case 0x7b:
        case 0x7d:
          flowIndicators = true;
          break;
        case 0x3a:
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case 0x23:
          if (precededByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    }
    if (!isPrintable(c)) special = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlank(c) || isBreak(c) || c === 0;
    i = next;
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

function lessRunes(ar: number[], br: number[]): boolean {
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

function runes(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length;) {
    const c = cpAt(s, i);
    out.push(c);
    i += unitsOf(c);
  }
  return out;
}

const ASCII_WORD = /^[A-Za-z._/-]*$/;

/** lessRunes, without allocating, for the common keys made of ASCII letters and `._/-` (no digit runs). */
function lessKeys(a: string, b: string): boolean {
  if (!ASCII_WORD.test(a) || !ASCII_WORD.test(b)) return lessRunes(runes(a), runes(b));
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const al = isLetter(x);
    const bl = isLetter(y);
    if (al && bl) return x < y;
    if (al || bl) return bl;
    return x < y; // two non-digit non-letters: equal (empty) digit runs, so by code point
  }
  return a.length < b.length;
}

/**
 * sorter.go `keyList.Less` for string keys: go-yaml v2's "natural" order. Letters sort after other characters,
 * runs of digits compare by value (`item9` < `item10`), otherwise by code point. Not transitive for some sets
 * (`"08"`, `"12:30"`, `"1e+"`; digit runs that overflow int64): kubectl's order of those varies from run to run.
 */
export function goYamlKeyLess(a: string, b: string): boolean {
  return a !== b && lessKeys(a, b);
}

/** Sorts mapping keys as go-yaml v2's encoder does (`sort.Sort(keyList)`); one of kubectl's orders when it has several. */
export function sortGoYamlKeys(keys: string[]): string[] {
  return sortedBy(keys, (k) => k);
}

/** Sorts by key, skipping the work when the input is already in order (Go's JSON key order often is). */
function sortedBy<T>(items: T[], keyOf: (item: T) => string): T[] {
  let inOrder = true;
  for (let i = 1; i < items.length && inOrder; i++)
    inOrder = lessKeys(keyOf(items[i - 1]!), keyOf(items[i]!));
  if (inOrder) return items;
  return items.sort((a, b) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    return lessKeys(ka, kb) ? -1 : lessKeys(kb, ka) ? 1 : 0;
  });
}

const HEX = "0123456789ABCDEF";

/** The emitter's state, as in `yaml_emitter_t`. Raw text is copied in runs; `column` counts code points. */
class Emitter {
  out = "";
  column = 0;
  indent = -1;
  indents: number[] = [];
  /** Always 0: the only flow collections go-yaml v2 writes here are empty ones. Kept for the style rules. */
  readonly flowLevel = 0;
  whitespace = true;
  indention = true;
  openEnded = false;
  rootContext = false;
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

  /** write_break for a break that is not "\n": the character itself, then column 0. */
  writeBreak(v: string, i: number, c: number): void {
    if (c === 0x0a) this.putBreak();
    else {
      this.out += v[i];
      this.column = 0;
    }
  }

  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace))
      this.putBreak();
    if (this.column < indent) {
      this.out += " ".repeat(indent - this.column);
      this.column = indent;
    }
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
    this.out += indicator;
    this.column += indicator.length;
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
    this.emitNode(root, true, false, false);
    // DOCUMENT-END (implicit), then STREAM-END.
    this.writeIndent();
    if (this.openEnded) {
      this.writeIndicator("...", true, false, false);
      this.writeIndent();
    }
    return this.out;
  }

  /** The node contexts of yaml_emitter_emit_node (its sequence context changes nothing written here). */
  setContext(root: boolean, mapping: boolean, simpleKey: boolean): void {
    this.rootContext = root;
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
  }

  emitNode(node: GoYamlNode, root: boolean, mapping: boolean, simpleKey: boolean): void {
    this.setContext(root, mapping, simpleKey);
    switch (node.kind) {
      case "string":
        this.emitScalar(node.value, true);
        return;
      case "plain":
        this.emitScalar(node.text, false);
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
    // Nothing is written inside, so the flow level and indent go up and straight back down.
    this.increaseIndent(true, false);
    this.popIndent();
    this.writeIndicator(close, false, false, false);
  }

  blockSequence(items: GoYamlNode[]): void {
    this.increaseIndent(false, this.mappingContext && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator("-", true, false, true);
      this.emitNode(item, false, false, false);
    }
    this.popIndent();
  }

  blockMapping(entries: [string, GoYamlNode][]): void {
    this.increaseIndent(false, false);
    for (const [key, value] of entries) {
      this.writeIndent();
      const analysis = analyzeScalar(key);
      // yaml_emitter_check_simple_key: one line, at most 128 bytes.
      if (!analysis.multiline && (key.length <= 32 || utf8Length(key) <= 128)) {
        this.setContext(false, true, true);
        this.emitScalar(key, true, analysis);
        this.writeIndicator(":", false, false, false);
      } else {
        this.writeIndicator("?", true, false, true);
        this.setContext(false, true, false);
        this.emitScalar(key, true, analysis);
        this.writeIndent();
        this.writeIndicator(":", true, false, true);
      }
      this.emitNode(value, false, true, false);
    }
    this.popIndent();
  }

  emitScalar(value: string, isString: boolean, analysis = analyzeScalar(value)): void {
    // encode.go stringv: the requested style; the emitter may then overrule it.
    let style: Style = "plain";
    if (isString) {
      if (value.includes("\n")) style = "literal";
      else if (needsGoYamlQuotes(value, this.options)) style = "double";
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

  /** Plain and single-quoted scalars: the same loop, single quotes doubled in the latter. */
  writeFlowText(v: string, allowBreaks: boolean, single: boolean): void {
    let spaces = false;
    let breaks = false;
    let run = 0; // start of the raw text not yet copied to `out`
    for (let i = 0; i < v.length;) {
      const c = cpAt(v, i);
      const next = i + unitsOf(c);
      if (c === 0x20) {
        const fold = single
          ? allowBreaks &&
            !spaces &&
            this.column > BEST_WIDTH &&
            i > 0 &&
            next < v.length &&
            v.charCodeAt(next) !== 0x20
          : allowBreaks && !spaces && this.column > BEST_WIDTH && v.charCodeAt(next) !== 0x20;
        if (fold) {
          this.out += v.slice(run, i);
          this.writeIndent();
          run = next;
        } else this.column++;
        spaces = true;
      } else if (isBreak(c)) {
        this.out += v.slice(run, i);
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(v, i, c);
        run = next;
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) {
          this.out += v.slice(run, i);
          run = i;
          this.writeIndent();
        }
        if (single && c === 0x27) {
          this.out += v.slice(run, i) + "'";
          run = i;
          this.column++;
        }
        this.column++;
        this.indention = false;
        spaces = false;
        breaks = false;
      }
      i = next;
    }
    this.out += v.slice(run);
  }

  writePlain(v: string, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(" ");
    this.writeFlowText(v, allowBreaks, false);
    this.whitespace = false;
    this.indention = false;
    if (this.rootContext) this.openEnded = true;
  }

  writeSingleQuoted(v: string, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    this.writeFlowText(v, allowBreaks, true);
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  writeDoubleQuoted(v: string, allowBreaks: boolean): void {
    let spaces = false;
    // yamlprivateh.go is_bom(value, i) ignores i and looks at the start of the value: a value that starts with a
    // BOM has every character escaped.
    const bom = v.charCodeAt(0) === 0xfeff;
    this.writeIndicator('"', true, false, false);
    let run = 0;
    for (let i = 0; i < v.length;) {
      const c = cpAt(v, i);
      const next = i + unitsOf(c);
      if (bom || !isPrintable(c) || isBreak(c) || c === 0x22 || c === 0x5c) {
        this.out += v.slice(run, i);
        run = next;
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
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && next < v.length) {
          this.out += v.slice(run, i);
          run = next;
          this.writeIndent();
          if (v.charCodeAt(next) === 0x20) this.put("\\");
        } else this.column++;
        spaces = true;
      } else {
        this.column++;
        spaces = false;
      }
      i = next;
    }
    this.out += v.slice(run);
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  writeBlockScalarHints(v: string): void {
    const first = v.charCodeAt(0);
    if (first === 0x20 || isBreak(first)) this.writeIndicator(String(BEST_INDENT), false, false, false);
    this.openEnded = false;
    let chomp = "";
    if (v.length === 0) chomp = "-";
    else {
      const last = v.length - 1;
      if (!isBreak(v.charCodeAt(last))) chomp = "-";
      else if (last === 0) {
        chomp = "+";
        this.openEnded = true;
      } else if (isBreak(v.charCodeAt(last - 1))) {
        chomp = "+";
        this.openEnded = true;
      }
    }
    if (chomp) this.writeIndicator(chomp, false, false, false);
  }

  writeLiteral(v: string): void {
    this.writeIndicator("|", true, false, false);
    this.writeBlockScalarHints(v);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    let run = 0;
    for (let i = 0; i < v.length;) {
      const c = cpAt(v, i);
      const next = i + unitsOf(c);
      if (isBreak(c)) {
        this.out += v.slice(run, i);
        run = next;
        this.writeBreak(v, i, c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) {
          this.out += v.slice(run, i);
          run = i;
          this.writeIndent();
        }
        this.column++;
        this.indention = false;
        breaks = false;
      }
      i = next;
    }
    this.out += v.slice(run);
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
    case "map":
      return {
        kind: "map",
        entries: sortedBy(
          node.entries.map(([k, v]): [string, GoYamlNode] => [k, sortNode(v)]),
          (e) => e[0],
        ),
      };
    case "seq":
      return { kind: "seq", items: node.items.map(sortNode) };
    default:
      return node;
  }
}
