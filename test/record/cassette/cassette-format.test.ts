import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CassetteFormatError, loadCassette } from "../../../src/index.js";
import { bodyFromBytes, bodyText, parseCassette, serializeCassette } from "../../../src/record/index.js";
import {
  cassetteChunks,
  cassettePieceInSteps,
  cassetteText,
  serializeCassetteExchange,
} from "../../../src/record/cassette/cassette.js";
import { runSteps } from "../../../src/internal/pretty-json-in-steps.js";
import type { Cassette } from "../../../src/index.js";
import { readFixture } from "../../helpers/fixtures.js";
import { realapiCassette } from "../../helpers/realapi-session.js";

const tmp = mkdtempSync(join(tmpdir(), "kubewire-format-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const minimal = (): Cassette => ({
  version: 1,
  recordedAt: "2026-11-25T19:24:41.785149Z",
  exchanges: [
    {
      seq: 0,
      startedAt: "2026-11-25T19:24:41.785149Z",
      durationMs: 4,
      request: { method: "GET", url: "https://h/version", headers: {} },
      response: { status: 200, statusText: "OK", headers: {}, body: { kind: "json", bytes: 3, value: {} } },
    },
  ],
});

describe("cassette format v1", () => {
  it("serialises with a fixed key order and exact bodies: parsed JSON, raw text only where re-serialising differs", () => {
    const text = serializeCassette(realapiCassette());
    const doc = JSON.parse(text) as Cassette;
    expect(Object.keys(doc)).toEqual(["version", "recordedAt", "server", "exchanges"]);
    const e = doc.exchanges[0]!;
    expect(Object.keys(e)).toEqual(["seq", "startedAt", "durationMs", "totalMs", "request", "response"]);
    expect(Object.keys(e.response!)).toEqual(["status", "statusText", "headers", "body"]);
    // The real server pretty-printed for curl: kept as raw. The kubectl-UA answer is compact: no raw needed.
    const pretty = doc.exchanges.find((x) => x.request.url.endsWith("/version"))!.response!.body!;
    expect(pretty.kind === "json" && Object.keys(pretty)).toEqual(["kind", "bytes", "raw", "value"]);
    const compact = doc.exchanges.find((x) => x.request.headers.Accept === "application/json")!.response!
      .body!;
    expect(compact.kind === "json" && compact.raw).toBe(undefined);
    // Loading gives back the bytes the server sent, for every body but the redacted one (the Secret list).
    const loaded = parseCassette(text);
    expect(loaded.exchanges.filter((x) => x.redacted).map((x) => new URL(x.request.url).pathname)).toEqual([
      "/api/v1/namespaces/list-resources-ns/secrets",
    ]);
    loaded.exchanges.forEach((x, i) => {
      if (!x.redacted)
        expect(bodyText(x.response!.body!)).toBe(bodyText(realapiCassette().exchanges[i]!.response!.body!));
    });
    expect(serializeCassette(loaded)).toBe(text);
  });

  it("is the 2-space JSON of its own content when made of exchanges serialised one by one (the proxy's way)", () => {
    const full = realapiCassette();
    const cases: Cassette[] = [
      full,
      { ...full, exchanges: full.exchanges.slice(0, 1) },
      { ...full, exchanges: [] },
      { version: 1, recordedAt: full.recordedAt, exchanges: full.exchanges.slice(1, 3) },
    ];
    for (const cassette of cases) {
      const text = serializeCassette(cassette);
      expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2) + "\n");
      const pieces = cassette.exchanges.map(serializeCassetteExchange);
      expect(cassetteText(cassette, pieces).join("")).toBe(text);
      expect(parseCassette(text).exchanges).toHaveLength(cassette.exchanges.length);
    }
  });

  it("writes a large list's body (serialised in slices) as it writes any other", () => {
    const list = {
      kind: "ConfigMapList",
      apiVersion: "v1",
      metadata: { resourceVersion: "7" },
      items: Array.from({ length: 4000 }, (_, i) => ({
        metadata: { name: `c-${i}`, labels: { n: String(i) } },
        data: { text: `${"x".repeat(200)}\n"${i}"` },
      })),
    };
    const bytes = Buffer.from(JSON.stringify(list) + "\n");
    expect(bytes.length).toBeGreaterThan(1024 * 1024);
    const cassette = minimal();
    cassette.exchanges[0]!.response!.body = bodyFromBytes(bytes, "application/json")!;
    const text = serializeCassette(cassette);
    expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2) + "\n");
    const body = parseCassette(text).exchanges[0]!.response!.body!;
    expect(body.kind === "json" && body.value).toEqual(list);
    expect(bodyText(body)).toBe(bytes.toString());
    // Compact as it came (a byte-order mark or not), the body is written from its bytes, indented on the way out:
    // the same text as from its value, and no text of its size is made before the file is written.
    const plain = JSON.parse(JSON.stringify(cassette)) as Cassette;
    expect(text).toBe(serializeCassette(plain));
    for (const captured of [bytes, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes])]) {
      cassette.exchanges[0]!.response!.body = bodyFromBytes(captured, "application/json")!;
      const piece = runSteps(cassettePieceInSteps(cassette.exchanges[0]!));
      expect(piece.map((p) => typeof p)).toEqual(["string", "object", "string"]);
      expect(piece.filter((p) => typeof p === "string").join("").length).toBeLessThan(1000);
      // Each chunk is copied before the next is asked for: the body's come through one reused buffer.
      const chunks: Buffer[] = [];
      for (const chunk of cassetteChunks(cassette, [piece])) chunks.push(Buffer.from(chunk));
      expect(Buffer.concat(chunks).toString()).toBe(
        serializeCassette(JSON.parse(JSON.stringify(cassette)) as Cassette),
      );
    }
    // Indented text (or any not as JSON.stringify writes it) is written from its value, with its `raw`.
    cassette.exchanges[0]!.response!.body = bodyFromBytes(Buffer.from(JSON.stringify(list, null, 1) + "\n"))!;
    expect(runSteps(cassettePieceInSteps(cassette.exchanges[0]!))).toHaveLength(1);
  });

  it("keeps digits JSON.parse would lose, and non-JSON bodies as text or base64", () => {
    const big = '{"kind":"ConfigMap","metadata":{"generation":9007199254740993}}\n';
    const body = bodyFromBytes(Buffer.from(big), "application/json")!;
    const cassette = minimal();
    cassette.exchanges[0]!.response!.body = body;
    const reloaded = parseCassette(serializeCassette(cassette));
    expect(bodyText(reloaded.exchanges[0]!.response!.body!)).toBe(big);
    expect(bodyFromBytes(Buffer.from("ok"), "text/plain")).toEqual({ kind: "text", text: "ok", bytes: 2 });
    expect(
      bodyFromBytes(Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x01]), "application/vnd.kubernetes.protobuf")?.kind,
    ).toBe("binary");
  });

  const problems: [string, (doc: Record<string, unknown>) => void, string][] = [
    ["a later format", (d) => (d.version = 2), "version: must be 1 (found 2)"],
    ["no exchanges", (d) => delete d.exchanges, "exchanges: must be an array"],
    [
      "a relative URL",
      (d) => (ex(d).request.url = "/version"),
      "exchanges[0].request.url: must be an absolute http(s) URL",
    ],
    [
      "a bad status",
      (d) => (ex(d).response.status = 42),
      "exchanges[0].response.status: must be an HTTP status code",
    ],
    [
      "an unknown body kind",
      (d) => (ex(d).response.body.kind = "xml"),
      "exchanges[0].response.body.kind: must be one of json, text, binary, stream",
    ],
    [
      "a header that is a number",
      (d) => (ex(d).request.headers = { "Content-Length": 3 }),
      "exchanges[0].request.headers.Content-Length: must be a string or an array of strings",
    ],
    [
      "a repeated seq",
      (d) => (d.exchanges as unknown[]).push(ex(d)),
      "exchanges[1].seq: repeats exchanges[0].seq (0)",
    ],
    [
      "raw that disagrees with an edited value",
      (d) => Object.assign(ex(d).response.body, { raw: '{"a":1}\n', value: { a: 2 } }),
      "exchanges[0].response.body.raw: does not hold the same JSON as `value` (after editing `value`, delete `raw`)",
    ],
    [
      "a stream chunk without time",
      (d) => (ex(d).response.body = { kind: "stream", bytes: 1, chunks: [{ text: "x" }] }),
      "exchanges[0].response.body.chunks[0]: must be { atMs: number, text: string }",
    ],
  ];
  type Loose = {
    request: Record<string, unknown>;
    response: Record<string, unknown> & { body: Record<string, unknown> };
  };
  const ex = (d: Record<string, unknown>) => (d.exchanges as Loose[])[0]!;

  for (const [what, mutate, message] of problems) {
    it(`refuses ${what}, naming the file, the place and the problem`, async () => {
      const doc = JSON.parse(JSON.stringify(minimal())) as Record<string, unknown>;
      mutate(doc);
      const file = join(tmp, "broken.cassette.json");
      writeFileSync(file, JSON.stringify(doc, null, 2));
      const error = await loadCassette(file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CassetteFormatError);
      expect((error as Error).message).toBe(`${file}: ${message}`);
      expect((error as CassetteFormatError).code).toBe("KUBEWIRE_CASSETTE_FORMAT");
    });
  }

  it("a file that is not JSON: where it breaks", async () => {
    const file = join(tmp, "truncated.cassette.json");
    writeFileSync(file, '{\n  "version": 1,\n  "exchanges": [\n    {,\n');
    await expect(loadCassette(file)).rejects.toThrow(
      new RegExp(`^${file}: \\(document\\): not JSON at line 4, column 6: `),
    );
  });

  it("the demo cassette (imported from a kubectl log, Go-cased headers) loads", () => {
    const demo = parseCassette(readFixture("demo/configmaps-by-label.cassette.json"));
    expect(demo.exchanges[0]!.response!.headers["Content-Type"]).toBe("application/json");
  });
});
