// Go's text/template lexer (src/text/template/parse/lex.go, go1.22 – go1.24), item for item: the parser's error
// messages name items as this lexer cuts them, with the line each started on.

export const enum Item {
  Error,
  Bool,
  Char,
  CharConstant,
  Comment,
  Complex,
  Assign,
  Declare,
  EOF,
  Field,
  Identifier,
  LeftDelim,
  LeftParen,
  Number,
  Pipe,
  RawString,
  RightDelim,
  RightParen,
  Space,
  String,
  Text,
  Variable,
  Keyword, // only delimits the keywords below
  Block,
  Break,
  Continue,
  Dot,
  Define,
  Else,
  End,
  If,
  Nil,
  Range,
  Template,
  With,
}

export interface Token {
  typ: Item;
  /** Byte offset in the template's UTF-8. */
  pos: number;
  val: string;
  line: number;
}

const KEYWORDS: Record<string, Item> = {
  ".": Item.Dot,
  block: Item.Block,
  break: Item.Break,
  continue: Item.Continue,
  define: Item.Define,
  else: Item.Else,
  end: Item.End,
  if: Item.If,
  range: Item.Range,
  nil: Item.Nil,
  template: Item.Template,
  with: Item.With,
};

const LEFT = "{{";
const RIGHT = "}}";
const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\r" || c === "\n";
const LETTER_OR_DIGIT = /^[\p{L}\p{Nd}_]$/u;
const isAlphaNumeric = (c: string | undefined) => c !== undefined && LETTER_OR_DIGIT.test(c);

/** Go's `%#U` of a rune: `U+0041 'A'`, without the character when it is not printable. */
export function goRuneU(cp: number, printable: boolean): string {
  const hex = cp.toString(16).toUpperCase().padStart(4, "0");
  return printable ? `U+${hex} '${String.fromCodePoint(cp)}'` : `U+${hex}`;
}

/** `fmt.Sprintf("%q", s)` of a short ASCII-safe token value is all the lexer's messages need. */
type Quote = (s: string) => string;
type IsPrint = (cp: number) => boolean;

/**
 * Cuts `input` into items as Go's lexer does, up to and including the first error item or EOF. Positions are
 * byte offsets of the UTF-8 text (what Go's error contexts count).
 */
export function lexTemplate(input: string, quote: Quote, isPrint: IsPrint, commentLines: boolean): Token[] {
  const items: Token[] = [];
  // Work on code points so that next()/backup() step runes; byte offsets are kept beside them.
  const runes = Array.from(input);
  const byteAt: number[] = new Array<number>(runes.length + 1);
  byteAt[0] = 0;
  for (let i = 0; i < runes.length; i++) byteAt[i + 1] = byteAt[i]! + Buffer.byteLength(runes[i]!, "utf8");
  const text = (from: number, to: number) => runes.slice(from, to).join("");
  const hasPrefixAt = (at: number, s: string) => {
    for (let k = 0; k < s.length; k++) if (runes[at + k] !== s[k]) return false;
    return true;
  };
  const indexFrom = (at: number, s: string) => {
    for (let k = at; k + s.length <= runes.length; k++) if (hasPrefixAt(k, s)) return k - at;
    return -1;
  };
  const countNewlines = (from: number, to: number) => {
    let n = 0;
    for (let k = from; k < to; k++) if (runes[k] === "\n") n++;
    return n;
  };
  let pos = 0;
  let start = 0;
  let line = 1;
  let startLine = 1;
  let width = 0;
  let parenDepth = 0;
  let done = false;

  const next = (): string | undefined => {
    if (pos >= runes.length) {
      width = 0;
      return undefined;
    }
    const r = runes[pos]!;
    width = 1;
    pos++;
    if (r === "\n") line++;
    return r;
  };
  const backup = () => {
    if (width > 0) {
      pos--;
      if (runes[pos] === "\n") line--;
    }
  };
  const peek = () => {
    const r = next();
    backup();
    return r;
  };
  const emit = (typ: Item) => {
    items.push({ typ, pos: byteAt[start]!, val: text(start, pos), line: startLine });
    start = pos;
    startLine = line;
  };
  const ignore = () => {
    line += countNewlines(start, pos);
    start = pos;
    startLine = line;
  };
  const errorf = (message: string): null => {
    items.push({ typ: Item.Error, pos: byteAt[start]!, val: message, line: startLine });
    done = true;
    return null;
  };
  const accept = (valid: string) => {
    const r = next();
    if (r !== undefined && valid.includes(r)) return true;
    backup();
    return false;
  };
  const acceptRun = (valid: string) => {
    for (let r = next(); r !== undefined && valid.includes(r); r = next());
    backup();
  };
  const hasLeftTrimMarker = (at: number) => runes[at] === "-" && isSpace(runes[at + 1]);
  const hasRightTrimMarker = (at: number) => isSpace(runes[at]) && runes[at + 1] === "-";
  const atRightDelim = (): [boolean, boolean] => {
    if (hasRightTrimMarker(pos) && hasPrefixAt(pos + 2, RIGHT)) return [true, true];
    if (hasPrefixAt(pos, RIGHT)) return [true, false];
    return [false, false];
  };
  const leftTrimLength = (at: number) => {
    let k = at;
    while (k < runes.length && isSpace(runes[k])) k++;
    return k - at;
  };
  const rightTrimLength = (from: number, to: number) => {
    let k = to;
    while (k > from && isSpace(runes[k - 1])) k--;
    return to - k;
  };
  const atTerminator = () => {
    const r = peek();
    if (r === undefined || isSpace(r)) return true;
    // The whole right delimiter, not its first rune: `{{e}x}}` is a bad character.
    return ".,|:)(".includes(r) || hasPrefixAt(pos, RIGHT);
  };
  const runeU = (r: string | undefined) => {
    const cp = r === undefined ? -1 : r.codePointAt(0)!;
    return cp < 0 ? "U+FFFFFFFFFFFFFFFF" : goRuneU(cp, isPrint(cp));
  };

  type State = (() => State) | null;
  const lexText = (): State => {
    width = 0;
    const x = indexFrom(pos, LEFT);
    if (x >= 0) {
      if (x > 0) {
        pos += x;
        let trim = 0;
        if (hasLeftTrimMarker(pos + LEFT.length)) trim = rightTrimLength(start, pos);
        pos -= trim;
        line += countNewlines(start, pos);
        const item: Token = { typ: Item.Text, pos: byteAt[start]!, val: text(start, pos), line: startLine };
        start = pos;
        startLine = line;
        pos += trim;
        ignore();
        if (item.val.length > 0) items.push(item);
      }
      return lexLeftDelim;
    }
    pos = runes.length;
    if (pos > start) {
      line += countNewlines(start, pos);
      emit(Item.Text);
      return lexText;
    }
    emit(Item.EOF);
    done = true;
    return null;
  };
  const lexLeftDelim = (): State => {
    pos += LEFT.length;
    const trim = hasLeftTrimMarker(pos);
    const after = trim ? 2 : 0;
    if (hasPrefixAt(pos + after, "/*")) {
      pos += after;
      ignore();
      return lexComment;
    }
    emit(Item.LeftDelim);
    pos += after;
    ignore();
    parenDepth = 0;
    return lexInsideAction;
  };
  const lexComment = (): State => {
    pos += 2;
    const x = indexFrom(pos, "*/");
    if (x < 0) return errorf("unclosed comment");
    pos += x + 2;
    const [delim, trim] = atRightDelim();
    if (!delim) return errorf("comment ends before closing delimiter");
    // go1.22 and go1.23's thisItem(itemComment) moves the start past the comment without counting its newlines, so
    // every line after a multi-line comment is numbered that many lines too low; go1.24 counts them.
    if (commentLines) line += countNewlines(start, pos);
    start = pos;
    startLine = line;
    if (trim) pos += 2;
    pos += RIGHT.length;
    if (trim) pos += leftTrimLength(pos);
    ignore();
    return lexText;
  };
  const lexRightDelim = (): State => {
    const [, trim] = atRightDelim();
    if (trim) {
      pos += 2;
      ignore();
    }
    pos += RIGHT.length;
    emit(Item.RightDelim);
    if (trim) {
      pos += leftTrimLength(pos);
      ignore();
    }
    return lexText;
  };
  const lexInsideAction = (): State => {
    const [delim] = atRightDelim();
    if (delim) {
      if (parenDepth === 0) return lexRightDelim;
      return errorf("unclosed left paren");
    }
    const r = next();
    if (r === undefined) return errorf("unclosed action");
    if (isSpace(r)) {
      backup();
      return lexSpace;
    }
    switch (r) {
      case "=":
        emit(Item.Assign);
        return lexInsideAction;
      case ":":
        if (next() !== "=") return errorf("expected :=");
        emit(Item.Declare);
        return lexInsideAction;
      case "|":
        emit(Item.Pipe);
        return lexInsideAction;
      case '"':
        return lexQuote;
      case "`":
        return lexRawQuote;
      case "$":
        return lexVariable;
      case "'":
        return lexChar;
      case "(":
        parenDepth++;
        emit(Item.LeftParen);
        return lexInsideAction;
      case ")":
        parenDepth--;
        if (parenDepth < 0) return errorf("unexpected right paren");
        emit(Item.RightParen);
        return lexInsideAction;
    }
    if (r === ".") {
      const c = runes[pos];
      if (pos < runes.length && !(c! >= "0" && c! <= "9")) return lexField;
    }
    if (r === "." || r === "+" || r === "-" || (r >= "0" && r <= "9")) {
      backup();
      return lexNumber;
    }
    if (isAlphaNumeric(r)) {
      backup();
      return lexIdentifier;
    }
    const cp = r.codePointAt(0)!;
    if (cp <= 0x7f && isPrint(cp)) {
      emit(Item.Char);
      return lexInsideAction;
    }
    return errorf(`unrecognized character in action: ${runeU(r)}`);
  };
  const lexSpace = (): State => {
    let spaces = 0;
    while (isSpace(peek())) {
      next();
      spaces++;
    }
    if (hasRightTrimMarker(pos - 1) && hasPrefixAt(pos + 1, RIGHT)) {
      backup();
      if (spaces === 1) return lexRightDelim;
    }
    emit(Item.Space);
    return lexInsideAction;
  };
  const lexIdentifier = (): State => {
    for (;;) {
      const r = next();
      if (isAlphaNumeric(r)) continue;
      backup();
      const word = text(start, pos);
      if (!atTerminator()) return errorf(`bad character ${runeU(r)}`);
      const key = KEYWORDS[word];
      if (key !== undefined && key > Item.Keyword) emit(key);
      else if (word[0] === ".") emit(Item.Field);
      else if (word === "true" || word === "false") emit(Item.Bool);
      else emit(Item.Identifier);
      return lexInsideAction;
    }
  };
  const lexFieldOrVariable = (typ: Item): State => {
    if (atTerminator()) {
      emit(typ === Item.Variable ? Item.Variable : Item.Dot);
      return lexInsideAction;
    }
    let r: string | undefined;
    for (;;) {
      r = next();
      if (!isAlphaNumeric(r)) {
        backup();
        break;
      }
    }
    if (!atTerminator()) return errorf(`bad character ${runeU(r)}`);
    emit(typ);
    return lexInsideAction;
  };
  const lexField = () => lexFieldOrVariable(Item.Field);
  const lexVariable = (): State => {
    if (atTerminator()) {
      emit(Item.Variable);
      return lexInsideAction;
    }
    return lexFieldOrVariable(Item.Variable);
  };
  const lexChar = (): State => {
    for (;;) {
      let r = next();
      if (r === "\\") {
        r = next();
        if (r !== undefined && r !== "\n") continue;
        return errorf("unterminated character constant");
      }
      if (r === undefined || r === "\n") return errorf("unterminated character constant");
      if (r === "'") {
        emit(Item.CharConstant);
        return lexInsideAction;
      }
    }
  };
  const scanNumber = (): boolean => {
    accept("+-");
    let digits = "0123456789_";
    if (accept("0")) {
      if (accept("xX")) digits = "0123456789abcdefABCDEF_";
      else if (accept("oO")) digits = "01234567_";
      else if (accept("bB")) digits = "01_";
    }
    acceptRun(digits);
    if (accept(".")) acceptRun(digits);
    if (digits.length === 11 && accept("eE")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    if (digits.length === 23 && accept("pP")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    accept("i");
    if (isAlphaNumeric(peek())) {
      next();
      return false;
    }
    return true;
  };
  const lexNumber = (): State => {
    if (!scanNumber()) return errorf(`bad number syntax: ${quote(text(start, pos))}`);
    const sign = peek();
    if (sign === "+" || sign === "-") {
      if (!scanNumber() || runes[pos - 1] !== "i")
        return errorf(`bad number syntax: ${quote(text(start, pos))}`);
      emit(Item.Complex);
    } else emit(Item.Number);
    return lexInsideAction;
  };
  const lexQuote = (): State => {
    for (;;) {
      let r = next();
      if (r === "\\") {
        r = next();
        if (r !== undefined && r !== "\n") continue;
        return errorf("unterminated quoted string");
      }
      if (r === undefined || r === "\n") return errorf("unterminated quoted string");
      if (r === '"') {
        emit(Item.String);
        return lexInsideAction;
      }
    }
  };
  const lexRawQuote = (): State => {
    for (;;) {
      const r = next();
      if (r === undefined) return errorf("unterminated raw quoted string");
      if (r === "`") {
        emit(Item.RawString);
        return lexInsideAction;
      }
    }
  };

  for (let state: State = lexText; state !== null && !done;) state = state();
  return items;
}
