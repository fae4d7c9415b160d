import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasYamlKeyLine } from "../../../src/record/redact/redact.js";
import { isRedactionMarker } from "../../../src/record/redact/redaction-marker.js";
import {
  decodeEscapedSecretNames,
  isSecretFieldName,
  isSecretQueryParameter,
  plainValueCut,
  redactEncodedQueryParameters,
  redactFreeTextCredentials,
  redactPlainLineValues,
  redactTextRules,
  redactUnclosedSecretValues,
  redactUnusualSeparatorValues,
  SECRET_ARGUMENT,
  SECRET_FLAG,
} from "../../../src/record/redact/secret-policy.js";
import { propertyRuns } from "../../helpers/property-seed.js";

/**
 * The text rules were made linear in session 10 (a run of backslashes, nested sequences, `a:a:a:…` and dotted words
 * were quadratic): the name scanner, the sequence scanner, the escaped-quote closer, the block-sequence lines, URL
 * userinfo anchored at the colon and the escaped slash. They must redact exactly what the expressions before them
 * did. The expressions are kept here, as they were, as the reference; texts are made of what the rules read (names
 * secret and not, quotes escaped up to 8 deep, separators, brackets, markers, sequences, block scalars, every line
 * terminator, query strings, URLs) and compared with a marker that shows the exact value it replaced. The exec
 * plugin argument expressions and the YAML-document check of text bodies, made linear in the same session, are held
 * to theirs the same way.
 */

// ----- The reference: the text rules of main at 0c57719, unchanged. -------------------------------------------

// Deliberately extended (session 11): an OpenPGP armored private key (`PRIVATE KEY BLOCK`) was left in clear.
const PEM_PRIVATE_KEY =
  /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY( BLOCK)?-----[\s\S]*?(?:-----END \1PRIVATE KEY\2-----|$(?![\s\S]))/g;
const AUTH_SCHEME_CREDENTIAL =
  /\b(Bearer|bearer|BEARER|Basic|basic|BASIC)((?:\s|\\[tnr])+)([A-Za-z0-9\-._~+/]+=*)/g;
// Deliberately extended (session 10): a scheme need not start a word (`_https://user:pw@host` was left in clear).
const URL_USERINFO = /([a-z][a-z0-9+.-]*:(?:\/\/|\\\/\\\/))([^\s/?#@"'<>\\]+)@/gi;
const QUERY_PARAMETER =
  /([?&;]|(?<!\\)\\+u0026)([A-Za-z0-9_.\-%+]+)=((?:[^&#\s"'<>;\\]|\\+(?![\\"nrt]|u00(?:26|3[cCeE])))*)/g;
const ESCAPED_SLASH = /\\+\//g;
// Deliberately extended (session 11): YAML's three line breaks (`\r\n`, `\r`, `\n`) after a block scalar's header
// (which may carry a comment) and before a block sequence, blank lines inside a block scalar, blank and comment
// lines between a sequence's items. `password: |\r\n  x`, `password:\r- x`, `password:\n- a\n\n- x` and
// `password: |\n  a\n\n  x` left `x` in clear.
const KEY_VALUE = new RegExp(
  String.raw`(^|[^A-Za-z0-9_.\-])((?:\\*["'])?)([A-Za-z0-9_.\-]*[A-Za-z0-9])(\2[ \t]*[:=][ \t]*)` +
    String.raw`(?:(\\+")((?:(?!\5)[\s\S])*?)\5|"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)'` +
    String.raw`|([|>][-+0-9]*[ \t]*(?:#[^\r\n]*)?(?:\r\n?|\n)(?:(?:[ \t\r]*\n)*[ \t]+[^\n]*(?:\n|$))+)` +
    String.raw`|(?!\[redacted )(\[(?:[^\[\]{}]|\[[^\[\]{}]*\])*\])` +
    String.raw`|((?:\r\n?|\n)(?:(?:[ \t\r]*(?:#[^\n]*)?\n)*[ \t]*-[ \t]+[^\n]*(?:\n|$))+)` +
    String.raw`|(?!\[redacted )([^\s,;&"'<>{}\[\]\\]+))`,
  "g",
);
const OLD_SECRET_ARGUMENT = /^(--?[\w-]*(?:token|secret|password|key)[\w-]*=)([\s\S]*)$/i;
const OLD_SECRET_FLAG = /^--?[\w-]*(?:token|secret|password|key)[\w-]*$/i;
const OLD_YAML_KEY_LINE = /^\s*(?:---\s*\n)?(?:[\w.-]+|"[^"]*"):(?:\s|$)/m;
const SEQUENCE_SCALAR =
  /(\\+")((?:(?!\1)[\s\S])*?)\1|"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)'|(\[redacted [^\]\n]*\])|([^\s,[\]"'\\]+)/g;

type Marker = (value: string) => string;

const SCHEME_PROSE_WORDS = new Set([
  "token",
  "tokens",
  "auth",
  "authentication",
  "authorization",
  "credential",
  "credentials",
  "scheme",
  "header",
]);

function isSchemeProse(credential: string): boolean {
  return credential.length <= 16 && SCHEME_PROSE_WORDS.has(credential.replace(/\.+$/, "").toLowerCase());
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}

function oldSequenceText(text: string, marker: Marker): string {
  return text.replace(
    SEQUENCE_SCALAR,
    (
      m,
      escQuote: string | undefined,
      escaped: string | undefined,
      double: string | undefined,
      single: string | undefined,
      kept: string | undefined,
      bare: string | undefined,
    ) => {
      if (kept !== undefined) return m;
      if (escQuote !== undefined)
        return !escaped || isRedactionMarker(escaped) ? m : `${escQuote}${marker(escaped)}${escQuote}`;
      if (double !== undefined) return double === "" || isRedactionMarker(double) ? m : `"${marker(double)}"`;
      if (single !== undefined) return single === "" || isRedactionMarker(single) ? m : `'${marker(single)}'`;
      if (bare === undefined || bare === "true" || bare === "false" || bare === "null" || bare === "~")
        return m;
      return marker(bare);
    },
  );
}

// Deliberately extended (session 11): a line of the sequence that is no item, no comment and no lone dash continues
// the item before it (`password:\n- a\rsecret` left `secret` in clear: a lone carriage return ends a line).
function oldBlockSequence(lines: string, marker: Marker): string {
  return lines.replace(
    /^(?:([ \t]*-[ \t]+)|(?![ \t]*(?:-(?:[ \t]|$)|#))([ \t]*))([^\n]*?)([ \t\r]*)$/gm,
    (_line, dash: string | undefined, indent: string | undefined, item: string, end: string) =>
      `${dash ?? indent ?? ""}${oldSequenceText(item, marker)}${end}`,
  );
}

function oldValueReplacement(match: RegExpExecArray, head: string, marker: Marker): string {
  const [m, , , , , escQuote, escaped, double, single, block, flow, sequence, bare] = match;
  if (escQuote !== undefined) {
    const value = escaped ?? "";
    return value === "" || isRedactionMarker(value) ? m : `${head}${escQuote}${marker(value)}${escQuote}`;
  }
  if (double !== undefined)
    return double === "" || isRedactionMarker(double) ? m : `${head}"${marker(double)}"`;
  if (single !== undefined)
    return single === "" || isRedactionMarker(single) ? m : `${head}'${marker(single)}'`;
  if (block !== undefined) {
    const bodyStart = /^[^\r\n]*(?:\r\n?|\n)/.exec(block)![0].length;
    if (isRedactionMarker(block.slice(bodyStart).trim())) return m;
    return `${head}${block.slice(0, bodyStart)}  ${marker(block.slice(bodyStart))}\n`;
  }
  if (flow !== undefined) return `${head}${oldSequenceText(flow, marker)}`;
  if (sequence !== undefined) return `${head}${oldBlockSequence(sequence, marker)}`;
  if (bare === undefined || bare === "true" || bare === "false" || bare === "null") return m;
  // Deliberately extended (session 13): the query rule's percent-encoded marker is kept, not marked again.
  if (bare.startsWith("%5Bredacted%20") && isRedactionMarker(percentDecoded(bare))) return m;
  return `${head}${marker(bare)}`;
}

function percentDecoded(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}

function oldKeyValues(text: string, marker: Marker): string {
  let out = "";
  let copied = 0;
  KEY_VALUE.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = KEY_VALUE.exec(text)) !== null) {
    const [m, lead = "", quote = "", name = "", sep = ""] = match;
    if (!isSecretFieldName(name)) {
      KEY_VALUE.lastIndex = match.index + lead.length + quote.length + name.length + sep.length - 1;
      continue;
    }
    out +=
      text.slice(copied, match.index) + oldValueReplacement(match, `${lead}${quote}${name}${sep}`, marker);
    copied = match.index + m.length;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function oldTextRules(text: string, marker: Marker): string {
  // Added before the expressions (session 12), to both sides: key names spelled with JSON escapes are read decoded.
  let out = decodeEscapedSecretNames(text);
  if (out.includes("PRIVATE KEY")) out = out.replace(PEM_PRIVATE_KEY, (m) => marker(m));
  out = out.replace(AUTH_SCHEME_CREDENTIAL, (m, scheme: string, space: string, credential: string) =>
    isSchemeProse(credential) ? m : `${scheme}${space}${marker(credential)}`,
  );
  out = out.replace(URL_USERINFO, (m, scheme: string, userinfo: string) =>
    isRedactionMarker(safeDecode(userinfo)) ? m : `${scheme}${encodeURIComponent(marker(userinfo))}@`,
  );
  if (out.includes("="))
    out = out.replace(QUERY_PARAMETER, (m, sep: string, name: string, value: string) => {
      if (!isSecretQueryParameter(safeDecode(name))) return m;
      const decoded = safeDecode(value.replace(ESCAPED_SLASH, "/"));
      if (decoded === "" || isRedactionMarker(decoded)) return m;
      return `${sep}${name}=${encodeURIComponent(marker(decoded))}`;
    });
  // Added after the expressions (session 10), to both sides: a secret name's quote that does not close; and before
  // them (session 11), to both sides: a plain value of more than one word on a line that a secret name starts.
  // Added between them (session 12), to both sides: credential header lines, command-line flags, several-word values
  // in flow mappings; and after the plain line rule, separators the expressions did not read (Unicode spaces and
  // colons, `=>`, `:=`).
  // Added after them (session 13), to both sides: credential parameters percent-encoded in another's value.
  out = redactEncodedQueryParameters(out, marker);
  out = redactFreeTextCredentials(out, marker);
  return redactUnclosedSecretValues(
    oldKeyValues(redactUnusualSeparatorValues(redactPlainLineValues(out, marker), marker), marker),
    marker,
  );
}

// ----- Generated texts. ---------------------------------------------------------------------------------------

/** The exact value in the output, so that a value cut anywhere else shows. */
const showing: Marker = (value) => `<${JSON.stringify(value)}>`;
/** Real markers, so that the rules' "a marker stays" paths are taken too. */
const keyless: Marker = (value) => `[redacted len=${value.length}]`;

const backslashes = fc.integer({ min: 1, max: 8 }).map((n) => "\\".repeat(n));
const escapedQuote = fc
  .tuple(fc.integer({ min: 0, max: 8 }), fc.constantFrom('"', "'"))
  .map(([n, q]) => "\\".repeat(n) + q);

const name = fc.constantFrom(
  "token",
  "password",
  "apiKey",
  "auth",
  "client-key-data",
  "secretAccessKey",
  "Token",
  "PASSWORD",
  "tokens",
  "a",
  "msg",
  "name",
  "kind",
  "data",
  "x.y",
  "ab_",
  "a-token",
  "Secret",
  "sig",
  "code",
);

const piece = fc.oneof(
  { weight: 6, arbitrary: name },
  { weight: 3, arbitrary: backslashes },
  { weight: 3, arbitrary: escapedQuote },
  {
    weight: 8,
    arbitrary: fc.constantFrom(
      ":",
      "=",
      ": ",
      " = ",
      ":\t",
      ":  ",
      " ",
      "\t",
      "  ",
      ",",
      ";",
      "&",
      "?",
      "#",
      "[",
      "]",
      "{",
      "}",
      "[redacted ",
      "[redacted len=3]",
      "[redacted len=5 hmac:0123abcd]",
      "\n",
      "\r\n",
      "\r",
      "\u2028",
      "\u2029",
      "\n- ",
      "\n  - ",
      "- ",
      "-",
      "|",
      ">",
      "|-\n",
      "|\n  ",
      "|\r\n  ",
      ">-\r",
      "# c",
      " #",
      "\n\n",
      "\n  ",
      "true",
      "null",
      "~",
      "x",
      "value",
      "1",
      ".",
      "_",
      "/",
      "\\/",
      "\\n",
      "\\u0026",
      "\\\\u0026",
      "https://",
      "a.b+c-d:",
      "://",
      ":\\/\\/",
      "user:pw@",
      "@",
      "%41",
      "<",
      "Bearer ",
      "basic\t",
      "\u00a0",
      "é",
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "token: [",
      "password:\n- ",
      "password:\r- ",
      "token:\n- a\n\n- ",
      "token:\n- a\n# c\n- ",
      "apiKey: |\n  ",
      "apiKey: |\r\n  ",
      "apiKey: | # c\n  a\n\n  ",
      '\\"token\\":\\"',
      '\\\\\\"password\\\\\\": \\\\\\"',
      "?sig=",
      "&code=",
      "https://u:p@h",
      "a.a.a.a",
    ),
  },
);

const text = fc.oneof(
  { weight: 4, arbitrary: fc.array(piece, { maxLength: 24 }).map((p) => p.join("")) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: fc.constantFrom(..."\\\"' :=-\n\r[]ab1.|>", "token", "\u2028") }),
  },
  { weight: 1, arbitrary: fc.string() },
);

describe("the linear text rules", () => {
  it("cut a plain value where `/[ \t]+#|[ \t]+$/` did (session 12: it was quadratic in a run of spaces)", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(" ", "\t", "#", "a", ":", "\r") }), (line) => {
        const old = /[ \t]+#|[ \t]+$/.exec(line);
        const cut = plainValueCut(line);
        expect(cut === null ? null : [cut.index, cut.comment]).toEqual(
          old === null ? null : [old.index, old[0].endsWith("#")],
        );
      }),
      propertyRuns(5000, 1212),
    );
  });

  it("redact exactly what the expressions before them redacted", () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(redactTextRules(t, showing)).toBe(oldTextRules(t, showing));
        expect(redactTextRules(t, keyless)).toBe(oldTextRules(t, keyless));
      }),
      propertyRuns(30000, 1010),
    );
  });

  it("redact exactly what they did in a value under a secret name, a flow array and a block sequence", () => {
    const value = fc.array(piece, { maxLength: 16 }).map((p) => p.join(""));
    const framed = fc
      .tuple(
        fc.constantFrom(
          "token: ",
          "token: [",
          "password:\n- ",
          "apiKey:\n  - a\n  - ",
          '\\"token\\":',
          "auth=",
        ),
        value,
        fc.constantFrom("", "]", "\n", "\n- x\n", '\\"', '\\\\\\"'),
      )
      .map(([a, b, c]) => a + b + c);
    fc.assert(
      fc.property(framed, (t) => {
        expect(redactTextRules(t, showing)).toBe(oldTextRules(t, showing));
      }),
      propertyRuns(30000, 1011),
    );
  });

  it("are held to cases found while writing them", () => {
    for (const t of [
      '"token": "x"',
      '\\"token\\":\\"x\\"',
      '\\\\"token\\\\":\\\\"x\\\\" \\"token\\": \\"y\\"',
      '\\\\\\"x\\"token\\": \\"v\\"',
      'a"token":1',
      "token:\n- a \r b\n- c\r\r\n- d\u2028- e",
      'token: [\\\\\\"a\\"b\\\\\\"]',
      'token: [\\\\\\\\"a\\\\"b\\"]',
      "1.https://user:pw@host",
      "_https://user:pw@host",
      "x.y-z+https://user:pw@host a:\\/\\/u@h",
      "?sig=\\\\\\x/y\\/z",
      "token:\n- [redacted [redacted x] y\n",
      "msg: password: x",
      "a:b:token:c",
      "token: |x",
      "token: [redacted len=3]",
    ])
      expect(redactTextRules(t, showing)).toBe(oldTextRules(t, showing));
  });

  it("read an exec plugin's arguments as the expressions before them did", () => {
    const argument = fc
      .array(
        fc.constantFrom(
          "-",
          "--",
          "token",
          "TOKEN",
          "Key",
          "ke",
          "y",
          "secret",
          "password",
          "=",
          "x",
          "_",
          "é",
          "\n",
          " ",
        ),
        { maxLength: 8 },
      )
      .map((p) => p.join(""));
    fc.assert(
      fc.property(argument, (a) => {
        expect(SECRET_ARGUMENT.exec(a)?.slice()).toEqual(OLD_SECRET_ARGUMENT.exec(a)?.slice());
        expect(SECRET_FLAG.test(a)).toBe(OLD_SECRET_FLAG.test(a));
      }),
      propertyRuns(30000, 1012),
    );
  });

  it("tell a text body that reads as a YAML document as the expression before them did", () => {
    const body = fc
      .array(
        fc.constantFrom(
          "\n",
          "\r",
          "\r\n",
          "\u2028",
          "\u2029",
          " ",
          "\t",
          "\u00a0",
          "\ufeff",
          "---",
          "--",
          "-",
          "a",
          "a.b",
          "x y",
          ":",
          '"',
          "!",
          "#",
        ),
        { maxLength: 20 },
      )
      .map((p) => p.join(""));
    fc.assert(
      fc.property(body, (t) => {
        expect(hasYamlKeyLine(t)).toBe(OLD_YAML_KEY_LINE.test(t));
      }),
      propertyRuns(30000, 1013),
    );
  });
});
