import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bodyFromChunks } from "../../../src/record/exchange/body.js";
import { redactBody } from "../../../src/record/redact/redact.js";
import type { Body } from "../../../src/index.js";
import { hasBinaryControlByte } from "../../../src/record/exchange/body.js";
import { mayHoldSecrets, redactSecretText } from "../../../src/record/redact/redact.js";

/**
 * The test mayHoldSecrets evaluates in parts, as the single regular expression it was, less one thing it learnt
 * since: a secret name whose value is an object (`"serviceAccountToken":{`) holds nothing a rule redacts as a
 * whole.
 */
const MAY_HOLD_SECRETS =
  /\\*"kind\\*"\s*:\s*\\*"(?:Secret|SecretList|TokenRequest|TokenReview|ExecCredential|Config)\\*"|\bkind:\s*["']?(?:Secret|SecretList|TokenRequest|TokenReview|ExecCredential|Config)\b|last-applied-configuration|\\*"(?:token|password|client-key-data)\\*"\s*:(?![ \t]*\{)|\b(?:token|password|client-key-data):(?![ \t]*\{)/;

/**
 * Captured bodies take shortcuts on the hot path: a byte scan that clears most bodies without decoding them, and
 * a redaction from the text alone that spares the JSON.parse of a body found to hold nothing secret. Property:
 * those shortcuts never change the answer. A captured body (any chunking, any content type) is redacted exactly
 * as the same body given as plain data, which takes the general path.
 */

/** The same body as plain data (no captured bytes): what a cassette loaded from a file holds. */
function plain(body: Body): Body {
  return JSON.parse(JSON.stringify(body)) as Body;
}

function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % bytes.length))].filter((p) => p > 0).sort((a, b) => a - b);
  return [0, ...points].map((p, i, all) => bytes.subarray(p, all[i + 1] ?? bytes.length));
}

/** Pieces that sit near the scan's decisions: kind words in and out of a `kind` key, spacing, escapes, bytes. */
const piece = fc.constantFrom(
  '"kind":"Secret"',
  '"kind": "SecretList"',
  '"kind" :\u00a0"Secret"',
  '\\"kind\\":\\"Secret\\"',
  "kind: Secret",
  "kind: 'TokenRequest'",
  '"kind":"TokenReview"',
  '"kind":"ExecCredential"',
  '"kind":"Config"',
  '"kind":"ConfigMap"',
  "kind:\tConfig\n",
  '"kind":"Pod"',
  '"imagePullSecrets":[{"name":"regcred"}]',
  '"serviceAccountToken":{"path":"token"}',
  '"secretName":"tls"',
  "Secret",
  "Config",
  "TokenRe",
  "ExecC",
  '"data":{"password":"aHVudGVyMg=="}',
  '"stringData":{"k":"v"}',
  '"token":"abc.def"',
  "password: hunter2\n",
  '"client-key-data":"LS0t"',
  // Session 13: a value named by its entry's name, in either order, and a flag standing alone as a list item.
  '"name":"DB_PASSWORD","value":"x"',
  '{"value":"x","name":"api-token"}',
  '{"key":"apiKey","value":1}',
  '"name":"my-secret"',
  '"--password","x"',
  "- name: API_TOKEN\n  value: v\n",
  "- --token\n- v\n",
  "?next=%2Fcb%3Faccess_token%3Dv",
  "%26sig%3dv",
  "%3Bpage%3D2",
  '"binaryData":{"f":"cGFzc3dvcmQ9eA=="}',
  '"patchType":"JSONPatch","patch":"W10="',
  // Key words in and out of a key: the pre-scan tells them apart on bytes, spacing and escapes included.
  '"token" :',
  '\\"password\\":',
  '"token\\\\" \t:',
  '"token"\u00a0:',
  '"token"\u2028:',
  "_token:",
  "é-password:",
  '"client-key-data"}',
  '"token',
  "token",
  '"',
  '"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\\"kind\\":\\"Secret\\",\\"data\\":{\\"a\\":\\"b\\"}}"}}',
  "\u2028",
  "中文",
  "\u0001",
  "\ufeff",
  ",",
  "{",
  "}",
  "[",
  "]",
  " ",
  "\n",
  ":",
  '"',
);

const docs = fc.oneof(
  // Arbitrary text built from the pieces: valid JSON, broken JSON, YAML-ish or plain text.
  fc.array(piece, { maxLength: 14 }).map((ps) => ps.join("")),
  // Valid JSON documents whose values and keys are the pieces.
  fc
    .array(
      fc.tuple(piece, fc.oneof(piece, fc.constantFrom("Secret", "TokenReview", "ExecCredential", "Config"))),
      {
        maxLength: 6,
      },
    )
    .chain((entries) =>
      fc.constantFrom(
        JSON.stringify(Object.fromEntries(entries)),
        JSON.stringify({ kind: "PodList", items: entries.map(([k, v]) => ({ [k]: v })) }, null, 2),
        JSON.stringify({ kind: entries[0]?.[1] ?? "Secret", data: Object.fromEntries(entries) }),
      ),
    ),
);

const bytesOf = fc.oneof(
  { weight: 5, arbitrary: docs.map((t) => Buffer.from(t)) },
  // Not UTF-8: a stray continuation byte or a truncated sequence.
  {
    weight: 1,
    arbitrary: fc
      .tuple(docs, docs)
      .map(([a, b]) => Buffer.concat([Buffer.from(a), Buffer.from([0xa0]), Buffer.from(b)])),
  },
  { weight: 1, arbitrary: docs.map((a) => Buffer.concat([Buffer.from(a), Buffer.from([0xe2, 0x80])])) },
);

const contentType = fc.constantFrom(
  "application/json",
  undefined,
  "text/plain",
  "application/yaml",
  "application/vnd.kubernetes.protobuf",
);
const url = fc.constantFrom(
  "https://h/api/v1/namespaces/ns/pods",
  "https://h/api/v1/namespaces/ns/configmaps/x",
  "https://h/api/v1/namespaces/ns/secrets",
  "https://h/apis/authentication.k8s.io/v1/tokenreviews",
);

function expectSameRedaction(bytes: Buffer, cuts: number[], type: string | undefined, at: string): void {
  if (bytes.length === 0) return;
  const captured = bodyFromChunks(split(bytes, cuts), type)!;
  const reference = plain(bodyFromChunks([Buffer.from(bytes)], type)!);
  const a = redactBody(captured, { url: at });
  const b = redactBody(reference, { url: at });
  expect(a.changed).toBe(b.changed);
  expect(plain(a.body)).toEqual(plain(b.body));
}

describe("redaction of captured bodies", () => {
  it("is the same as the general path, whatever the chunking", () => {
    fc.assert(
      fc.property(bytesOf, fc.array(fc.nat(), { maxLength: 8 }), contentType, url, (bytes, cuts, type, at) =>
        expectSameRedaction(bytes, cuts, type, at),
      ),
      { numRuns: 600 },
    );
  });

  it("is the same when the body comes in chunks of a few bytes (a word may span three of them)", () => {
    fc.assert(
      fc.property(bytesOf, fc.integer({ min: 1, max: 3 }), contentType, url, (bytes, size, type, at) => {
        const cuts = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => i * size);
        expectSameRedaction(bytes, cuts, type, at);
      }),
      { numRuns: 300 },
    );
    const secret = Buffer.from('{"kind":"Secret","metadata":{"name":"s"},"data":{"k":"aHVudGVyMg=="}}');
    const body = bodyFromChunks(split(secret, [10, 11, 12, 13]), "application/json")!; // "S|e|c|r|et"
    expect(redactBody(body, { url: "https://h/api/v1/configmaps" }).changed).toBe(true);
  });

  it("is the same for bodies past the key-word limit (256 KiB), where only kind words are scanned", () => {
    const filler = "x".repeat(300 * 1024);
    // By design the scan of a large body does not look for the key words (token, password, client-key-data) that
    // matter only for kubeconfig-shaped objects without a kind; pieces that hold them are left out here.
    const kindPiece = piece.filter((p) => !/token|password|client-key-data/.test(p));
    fc.assert(
      fc.property(
        fc.array(kindPiece, { maxLength: 10 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        contentType,
        (ps, cuts, type) => {
          const text = `{"kind":"PodList","filler":"${filler}","items":[${ps.map((p) => JSON.stringify(p)).join(",")}],"tail":${JSON.stringify(ps.join(""))}}`;
          expectSameRedaction(Buffer.from(text), cuts, type, "https://h/api/v1/pods");
          // And raw (possibly broken) text after the filler.
          expectSameRedaction(
            Buffer.from(`{"filler":"${filler}",${ps.join("")}`),
            cuts,
            type,
            "https://h/api/v1/pods",
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it("clears a Pod list that names imagePullSecrets and a serviceAccountToken, and catches a Secret after it", () => {
    const pod = {
      metadata: { name: "web" },
      spec: {
        imagePullSecrets: [{ name: "regcred" }],
        volumes: [{ projected: { sources: [{ serviceAccountToken: { path: "token" } }] } }],
      },
    };
    const list = (items: unknown[]) =>
      Buffer.from(JSON.stringify({ kind: "PodList", apiVersion: "v1", items }));
    const pods = bodyFromChunks(split(list([pod, pod]), [40, 41, 90]), "application/json")!;
    expect(redactBody(pods, { url: "https://h/api/v1/pods" })).toEqual({ body: pods, changed: false });
    const secret = { kind: "Secret", apiVersion: "v1", metadata: { name: "s" }, data: { k: "aHVudGVyMg==" } };
    const mixed = bodyFromChunks(split(list([pod, secret]), [7, 100]), "application/json")!;
    const { body, changed } = redactBody(mixed, { url: "https://h/api/v1/things" });
    expect(changed).toBe(true);
    expect(JSON.stringify(body)).not.toContain("aHVudGVyMg==");
  });

  it("clears a secret name whose value is an object, and still finds a scalar or an array under it or beside it", () => {
    for (const text of [
      '{"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}}',
      '{"tokens": ["a", "b"]}',
      "token:\t{path: x}\n",
      '\\"token\\":{\\"a\\":1}',
    ]) {
      expect(mayHoldSecrets(text)).toBe(false);
      expect(redactSecretText(text)).toBe(text);
    }
    for (const text of [
      '{"token":{"token":"abc"}}',
      '{"token":{"a":1},"password":"x"}',
      "token:\n  abc\n",
      '{"token": "{not an object}"}',
      "https://h/?token={abc}",
      '{"token": ["a", "b"]}',
      "token:\n  - a\n",
    ])
      expect(mayHoldSecrets(text)).toBe(true);
  });

  it("redacts a JSON body that starts with a byte order mark (it used to throw on the BOM)", () => {
    const text = "\ufeff" + JSON.stringify({ kind: "Secret", data: { a: "aHVudGVyMg==" } });
    expectSameRedaction(Buffer.from(text), [5], "application/json", "https://h/api/v1/configmaps");
    const { body, changed } = redactBody(bodyFromChunks([Buffer.from(text)], "application/json")!, {
      url: "https://h/api/v1/configmaps",
    });
    expect(changed).toBe(true);
    expect(JSON.stringify(body)).not.toContain("aHVudGVyMg==");
  });

  it("finds at least what the former single regular expression found, and whatever the text rules change", () => {
    const words = fc.constantFrom(
      "token",
      "password",
      "client-key-data",
      "kind",
      "Secret",
      "SecretList",
      "Config",
      "ConfigMap",
      "TokenReview",
      "last-applied-configuration",
      '"',
      "\\",
      ":",
      " ",
      "\u00a0",
      "\n",
      "'",
      "x",
      "_",
      "-",
      "{",
      "[",
      '"v"',
      "\tv",
      "name",
      "value",
      "key",
      ",",
      "DB_PASSWORD",
      "--token",
      "- ",
      "%3F",
      "%26",
      "%3D",
      "code",
    );
    // Near-misses: a key word or `kind` with every kind of quoting, escaping and spacing around it.
    const near = fc
      .tuple(
        fc.constantFrom("", '"', '\\"', "x", " ", "_", "\n"),
        fc.constantFrom("token", "password", "client-key-data", "kind", 'kind":"Secret', "kind: Config"),
        fc.constantFrom("", '"', '\\"', '\\\\"', "s"),
        fc.constantFrom("", " ", "\u00a0", "\n\t", "\u2028"),
        fc.constantFrom(":", "", " :", ': "Secret"', ":\u00a0'ExecCredential'", ':\\"TokenRequest\\"'),
      )
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(fc.array(fc.oneof(words, near), { maxLength: 12 }), (ws) => {
        const text = ws.join("");
        // Everything the former single expression found is still found, and whatever the text rules would change
        // is found: the pre-scan never clears text the redactor would touch.
        if (MAY_HOLD_SECRETS.test(text)) expect(mayHoldSecrets(text)).toBe(true);
        if (redactSecretText(text) !== text) expect(mayHoldSecrets(text)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it("tells control bytes apart four at a time exactly as the character check does", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat({ max: 7 }), (raw, offset) => {
        // Offsets into a larger buffer exercise every alignment of the word loop.
        const backing = new Uint8Array(raw.length + 8);
        backing.set(raw, offset);
        const view = backing.subarray(offset, offset + raw.length);
        const expected = [...view].some((b) => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
        expect(hasBinaryControlByte(view)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});
