import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { ExchangesSplitter, WHOLE_TEXT_NEEDED } from "../../../src/record/cassette/read-cassette-document.js";
import { parseCassette } from "../../../src/record/cassette/cassette.js";
import { loadCassette } from "../../../src/index.js";

/** The splitter's answer for `text` fed in pieces of the given sizes, through one buffer it may not keep. */
function split(text: string, sizes: readonly number[], stale: number | Buffer = 0x7b): unknown {
  const bytes = Buffer.from(text, "utf8");
  const piece = Buffer.alloc(Math.max(1, ...sizes));
  const splitter = new ExchangesSplitter();
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const n = Math.min(sizes[k % sizes.length]!, bytes.length - at);
    bytes.copy(piece, 0, at, at + n);
    at += n;
    if (!splitter.push(piece, n)) return WHOLE_TEXT_NEEDED;
    piece.fill(stale); // what the next read would leave: nothing kept may point into it
  }
  return splitter.end();
}

/** The same value, the same key order (`__proto__` as an own key included), the same -0. */
function same(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b) && JSON.stringify(a) === JSON.stringify(b);
}

const value = fc.jsonValue({ maxDepth: 3, stringUnit: "binary" });
const key = fc.oneof(
  fc.constantFrom(
    '"version"',
    '"recordedAt"',
    '"server"',
    '"exchanges"',
    '"__proto__"',
    '"exchang\\u0065s"',
    '"ex\\"changes"',
    '"exchanges "',
  ),
  fc.string({ unit: "binary", maxLength: 6 }).map((k) => JSON.stringify(k)),
);
const space = fc.constantFrom("", " ", "\n  ", "\t", "\r\n", "  \n    ");
/** An object nested in an exchange that has its own `exchanges` key, as a document's might. */
const nested = fc
  .tuple(value, fc.array(value, { maxLength: 3 }))
  .map(([v, list]) => ({ seq: 1, exchanges: list, inner: { exchanges: v }, text: '"exchanges": [' }));
const entryValue = fc.oneof(value, fc.array(fc.oneof(value, nested), { maxLength: 5 }), nested);
const indent = fc.constantFrom(0, 1, 2, "\t");

/** A document's text: an object of these entries, spaced and indented as asked. */
const exchangesEntry = fc.tuple(
  fc.constant('"exchanges"'),
  fc.array(fc.oneof(value, nested), { maxLength: 5 }),
  space,
  space,
);
const documentText = fc
  .tuple(
    fc.array(fc.tuple(key, entryValue, space, space), { maxLength: 6 }),
    fc.option(fc.tuple(fc.nat(), exchangesEntry), { freq: 3 }),
    indent,
    space,
  )
  .map(([others, main, ind, ws]) => {
    const entries = [...others];
    if (main) entries.splice(main[0] % (entries.length + 1), 0, main[1]);
    const body = entries
      .map(([k, v, a, b]) => `${a}${k}${b}:${a}${JSON.stringify(v, null, ind)}${b}`)
      .join(`${ws},`);
    return `${ws}{${body}${ws}}${ws}`;
  });

/** Some texts broken on purpose: cut, a character added or removed, a BOM in front. */
const mutated = fc.oneof(
  { weight: 3, arbitrary: documentText },
  fc.tuple(documentText, fc.nat()).map(([t, n]) => t.slice(0, n % (t.length + 1))),
  fc
    .tuple(documentText, fc.nat(), fc.constantFrom("{", "}", "[", "]", ",", ":", '"', "\\", " ", "x", "é"))
    .map(([t, n, c]) => {
      const at = n % (t.length + 1);
      return t.slice(0, at) + c + t.slice(at);
    }),
  fc.tuple(documentText, fc.nat()).map(([t, n]) => {
    const at = n % Math.max(1, t.length);
    return t.slice(0, at) + t.slice(at + 1);
  }),
  documentText.map((t) => `\uFEFF${t}`),
);
const sizes = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 4 });

describe("reading a cassette's document exchange by exchange", () => {
  it("gives JSON.parse's value of the whole text, or asks for the whole text", () => {
    let splitThem = 0; // documents read in pieces that had exchanges to split: the property is not vacuous
    fc.assert(
      fc.property(mutated, sizes, (text, pieces) => {
        let whole: unknown = WHOLE_TEXT_NEEDED;
        try {
          // As a file holds it: a lone surrogate of the generated text is written as U+FFFD.
          whole = JSON.parse(Buffer.from(text, "utf8").toString("utf8"));
        } catch {
          // not JSON: the whole text must be asked for, to word the error as before
        }
        const got = split(text, pieces);
        if (got === WHOLE_TEXT_NEEDED) return true;
        const exchanges = (got as { exchanges?: unknown } | null)?.exchanges;
        if (Array.isArray(exchanges) && exchanges.length > 0) splitThem++;
        return whole !== WHOLE_TEXT_NEEDED && same(got, whole);
      }),
      { numRuns: 3000 },
    );
    expect(splitThem).toBeGreaterThan(300);
  });

  it("reads a cassette's usual documents itself, in pieces of any size", () => {
    const doc = {
      version: 1,
      recordedAt: "2026-12-04T23:00:00.000000Z",
      server: { gitVersion: "v1.33.1" },
      exchanges: [
        { seq: 0, note: 'a "quoted" ] }, text \\ with é and 😀', exchanges: [1, { exchanges: [] }] },
        { seq: 1, list: [[], {}, [{}]], text: '\\\\\\" ,]' },
      ],
    };
    const texts = [
      JSON.stringify(doc, null, 2),
      JSON.stringify(doc),
      JSON.stringify({ ...doc, exchanges: [] }, null, 2),
      `{"exchanges": [ ${JSON.stringify(doc.exchanges[0])} ],"version":1}`,
      '{ "exchanges" : [ ] , "__proto__": {"x": 1}, "version": 1 }',
    ];
    for (const text of texts)
      fc.assert(
        fc.property(sizes, (pieces) => {
          const got = split(text, pieces);
          return got !== WHOLE_TEXT_NEEDED && same(got, JSON.parse(text));
        }),
        { numRuns: 200 },
      );
  });

  it("takes an indented element whole as JSON.parse of the whole text reads it, however the lines are indented", () => {
    // saveCassette's layout: each element from a newline and its indentation with `{` to the same before `}`,
    // which the splitter searches for. Here that mark also comes inside elements (a nested object's end moved
    // out to the element's indentation, an element's end pulled onto its last line), in pieces large enough to
    // hold whole elements, and broken as the other texts are.
    const element = fc.oneof(
      nested,
      fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(value, nested), { maxKeys: 4 }),
      value,
    );
    const layout = fc
      .tuple(
        fc.array(element, { maxLength: 6 }),
        fc.constantFrom(1, 2, 4, "\t"),
        fc.array(fc.tuple(fc.constantFrom("outdent", "pull", "none"), fc.nat()), { maxLength: 3 }),
      )
      .map(([exchanges, ind, edits]) => {
        let text = JSON.stringify({ version: 1, exchanges, server: { v: "x" } }, null, ind);
        const unit = typeof ind === "number" ? " ".repeat(ind) : ind;
        const mark = `\n${unit}${unit}}`;
        for (const [edit, n] of edits) {
          const ends = [...text.matchAll(/\n[ \t]*\}/g)].map((m) => m.index);
          if (ends.length === 0 || edit === "none") continue;
          const at = ends[n % ends.length]!;
          const end = text.indexOf("}", at);
          text =
            edit === "outdent"
              ? text.slice(0, at) + mark + text.slice(end + 1)
              : text.slice(0, at) + text.slice(end);
        }
        return text;
      });
    const broken = fc.oneof(
      { weight: 3, arbitrary: layout.map((text) => ({ text, valid: true })) },
      fc
        .tuple(layout, fc.nat(), fc.constantFrom("{", "}", "]", ",", '"', "\\", "x", "\n  }"))
        .map(([t, n, c]) => {
          const at = n % (t.length + 1);
          return { text: t.slice(0, at) + c + t.slice(at), valid: false };
        }),
      // Something between an element's end and the comma after it.
      fc.tuple(layout, fc.nat(), fc.constantFrom("x", "1", "{}", ",", "]")).map(([t, n, c]) => {
        const ends = [...t.matchAll(/\n[ \t]*\}/g)].map((m) => m.index + m[0].length);
        const at = ends.length ? ends[n % ends.length]! : t.length;
        return { text: t.slice(0, at) + c + t.slice(at), valid: false };
      }),
      fc.tuple(layout, fc.nat()).map(([t, n]) => ({ text: t.slice(0, n % (t.length + 1)), valid: false })),
    );
    const large = fc.oneof(
      fc.constant([1 << 20]),
      fc.array(fc.integer({ min: 30, max: 3000 }), { minLength: 1, maxLength: 3 }),
      sizes,
    );
    let splitThem = 0;
    fc.assert(
      fc.property(broken, large, ({ text, valid }, pieces) => {
        let whole: unknown = WHOLE_TEXT_NEEDED;
        try {
          whole = JSON.parse(Buffer.from(text, "utf8").toString("utf8"));
        } catch {
          // not JSON: the whole text must be asked for
        }
        // What an earlier read leaves past the piece: the text itself, element ends included.
        const got = split(text, pieces, Buffer.from(text.length ? text : " "));
        // A document laid out as JSON.stringify lays it out (its top-level keys plain) is read by the splitter.
        if (got === WHOLE_TEXT_NEEDED) return !valid;
        const exchanges = (got as { exchanges?: unknown } | null)?.exchanges;
        if (Array.isArray(exchanges) && exchanges.length > 1) splitThem++;
        return whole !== WHOLE_TEXT_NEEDED && same(got, whole);
      }),
      { numRuns: 3000 },
    );
    expect(splitThem).toBeGreaterThan(500);
  });

  it("leaves to the whole text what only it can say", () => {
    const doubtful = [
      '{"exchanges": [1], "exchanges": [2]}', // the last wins in JSON.parse
      '{"exchang\\u0065s": [1], "exchanges": [2]}',
      '{"exchanges": [1], "exchanges": {}}',
      '\uFEFF{"exchanges": []}',
      '{"exchanges": [1,]}',
      '{"exchanges": [,1]}',
      '{"exchanges": [1}',
      '{"exchanges": [1]} x',
      '{"exchanges": [1]',
      '[{"exchanges": [1]}]',
    ];
    for (const text of doubtful) expect(split(text, [7]), text).toBe(WHOLE_TEXT_NEEDED);
  });
});

describe("loadCassette, read exchange by exchange", () => {
  const dir = mkdtempSync(join(tmpdir(), "kubewire-read-cassette-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const exchange = (seq: number, extra: Record<string, unknown> = {}) => ({
    seq,
    startedAt: "2026-12-04T23:00:00.000000Z",
    durationMs: 3,
    request: {
      method: "GET",
      url: `https://127.0.0.1:6443/api/v1/namespaces/default/configmaps/c${seq}`,
      headers: {},
    },
    response: {
      status: 200,
      statusText: "OK",
      headers: { "Content-Type": "application/json" },
      body: { kind: "json", bytes: 2, value: { note: "é ✓ 😀", ...extra } },
    },
  });

  /** What parseCassette of the whole text answers: the cassette, or the error's message. */
  async function both(text: string): Promise<[unknown, unknown]> {
    const file = join(dir, "c.cassette.json");
    writeFileSync(file, text);
    const outcome = (f: () => unknown) => {
      try {
        return { value: f() };
      } catch (error) {
        return { error: `${(error as Error).name}: ${(error as Error).message}` };
      }
    };
    const expected = outcome(() => parseCassette(readFileSync(file, "utf8"), file));
    const got = await loadCassette(file).then(
      (value) => ({ value }),
      (error: Error) => ({ error: `${error.name}: ${error.message}` }),
    );
    return [got, expected];
  }

  it("gives parseCassette's cassette or error for valid, odd and broken files", async () => {
    const doc = {
      version: 1,
      recordedAt: "2026-12-04T23:00:00.000000Z",
      exchanges: [exchange(0), exchange(1, { exchanges: [1] })],
    };
    const pretty = JSON.stringify(doc, null, 2);
    const cases = [
      pretty,
      JSON.stringify({ exchanges: doc.exchanges, version: 1, recordedAt: doc.recordedAt }),
      `\uFEFF${pretty}`,
      pretty.slice(0, 300),
      pretty.replace('"seq": 1', '"seq": 0'),
      pretty.replace('"version": 1', '"version": 2'),
      pretty.replace(`"exchanges": [`, `"exchanges": [],\n  "exchanges": [`),
      pretty.replace(`"exchanges": [`, `"exchanges": 5,\n  "exchanges": [`),
      pretty.replace(`"exchanges": [`, `"exchang\\u0065s": [`),
      pretty.replace(`"exchanges": [`, `"__proto__": {"exchanges": []},\n  "exchanges": [`),
      `${pretty}\n}`,
      pretty.replace("}\n  ]", "},\n  ]"),
      "",
      "[]",
      "null",
    ];
    for (const text of cases) {
      const [got, expected] = await both(text);
      expect(got, text.slice(0, 80)).toStrictEqual(expected);
    }
  });

  it("names a file it cannot read as before", async () => {
    await expect(loadCassette(join(dir, "absent.json"))).rejects.toThrow(/: cannot read: ENOENT$/);
    await expect(loadCassette(dir)).rejects.toThrow(/: cannot read: EISDIR$/);
  });

  it("reads a file of many pieces (larger than its read buffer) as the whole text parses", async () => {
    const big = "x".repeat(300_000);
    const doc = {
      version: 1,
      recordedAt: "2026-12-04T23:00:00.000000Z",
      exchanges: Array.from({ length: 40 }, (_, i) => exchange(i, { big, i: "é".repeat(i * 1000) })),
    };
    const [got, expected] = await both(JSON.stringify(doc, null, 2));
    expect(got).toStrictEqual(expected);
    expect((got as { value: { exchanges: unknown[] } }).value.exchanges).toHaveLength(40);
  });
});
