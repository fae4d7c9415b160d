// goUnquote as it was before its performance work (commit 0d22e4a): the oracle of
// test/kubectl/go/go-unquote.property.test.ts.

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  v: 0x0b,
  "\\": 0x5c,
  '"': 0x22,
  "'": 0x27,
};

export function referenceGoUnquote(
  text: string,
  start = 0,
): { bytes: Buffer; end: number; closed: boolean } | undefined {
  if (text[start] !== '"') return undefined;
  const parts: number[] = [];
  const pushText = (s: string) => {
    for (const b of Buffer.from(s, "utf8")) parts.push(b);
  };
  let i = start + 1;
  let run = i;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      pushText(text.slice(run, i));
      return { bytes: Buffer.from(parts), end: i + 1, closed: true };
    }
    if (c !== "\\") {
      i++;
      continue;
    }
    pushText(text.slice(run, i));
    const e = text[i + 1];
    if (e === undefined) {
      i = text.length;
      run = i;
      break;
    }
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      parts.push(simple);
      i += 2;
    } else if (e === "x" || e === "u" || e === "U") {
      const n = e === "x" ? 2 : e === "u" ? 4 : 8;
      const hex = text.slice(i + 2, i + 2 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) {
        i = hex.length < n && i + 2 + hex.length >= text.length ? text.length : i + 2;
        run = i;
        continue;
      }
      const value = parseInt(hex, 16);
      if (e === "x") parts.push(value);
      else if (value <= 0x10ffff && (value < 0xd800 || value > 0xdfff)) pushText(String.fromCodePoint(value));
      else pushText("\ufffd");
      i += 2 + n;
    } else if (/[0-7]/.test(e)) {
      const oct = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4))![0];
      parts.push(parseInt(oct, 8) & 0xff);
      i += 1 + oct.length;
    } else {
      pushText(e);
      i += 2;
    }
    run = i;
  }
  pushText(text.slice(run, i));
  return { bytes: Buffer.from(parts), end: text.length, closed: false };
}
