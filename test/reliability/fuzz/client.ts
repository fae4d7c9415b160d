import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createClient, createRecorder, KubewireError } from "../../../src/index.js";
import type { KubeObject, WatchEvent } from "../../../src/index.js";
import { readFixture } from "../../helpers/fixtures.js";
import {
  FUZZ_RUNS,
  HANG_MS,
  jsonMutation,
  mutateJson,
  mutateText,
  runs,
  textMutation,
  typedOrValueAsync,
  withinMs,
} from "../support/fuzz-support.js";
import { ScriptedDispatcher } from "../support/scripted-dispatcher.js";
import type { Answer } from "../support/scripted-dispatcher.js";

/**
 * Fuzzing the client's response decoding, in process (no sockets): any status, Content-Type, Content-Encoding
 * (honest or lying), Retry-After and body, in any chunks, ending cleanly or cut. Every call ends, in a result that is
 * whole or in a KubewireError; a body that was cut never comes back as a success. The recorder (and its
 * redaction) sees every one of these answers too.
 */

const BODIES = [
  "realapi/curl/03b-cm-list-kubectl-ua.body",
  "realapi/curl/05-cm-get.body",
  "realapi/curl/06-cm-get-404.body",
  "realapi/curl/07-secret-list.body",
  "realapi/curl/12a-conflict-create.body",
].map(readFixture);
const PARSED = BODIES.map((b) => JSON.parse(b) as unknown);

const bodyText = fc.oneof(
  fc
    .tuple(fc.nat(BODIES.length - 1), fc.array(textMutation, { maxLength: 4 }))
    .map(([i, m]) => mutateText(BODIES[i]!, m as never)),
  fc
    .tuple(fc.nat(PARSED.length - 1), fc.array(jsonMutation, { maxLength: 4 }))
    .map(([i, m]) => JSON.stringify(mutateJson(PARSED[i], m as never))),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.constantFrom("", "null", "[]", "{}", '{"items":null}', '{"kind":"Status"}', "<html>502</html>"),
);

const ENCODE: Record<string, (b: Buffer) => Buffer> = {
  gzip: gzipSync,
  "x-gzip": gzipSync,
  GZIP: gzipSync,
  deflate: deflateSync,
  br: brotliCompressSync,
  "gzip, gzip": (b) => gzipSync(gzipSync(b)),
};

const answer: fc.Arbitrary<Answer> = fc
  .record({
    status: fc.constantFrom(200, 200, 200, 201, 204, 301, 400, 401, 404, 409, 410, 422, 429, 500, 503, 599),
    contentType: fc.option(
      fc.constantFrom(
        "application/json",
        "application/json;charset=utf-8",
        "text/html",
        "text/plain",
        "application/yaml",
        "application/vnd.kubernetes.protobuf",
        "",
      ),
    ),
    encoding: fc.option(
      fc.constantFrom(
        "gzip",
        "x-gzip",
        "GZIP",
        "deflate",
        "br",
        "gzip, gzip",
        "compress",
        "identity",
        "zstd,,",
      ),
    ),
    honest: fc.boolean(),
    retryAfter: fc.option(fc.constantFrom("0", "1", "-1", "abc", "1.5", "99999999999999999999", "")),
    body: bodyText,
    cuts: fc.array(fc.nat(), { maxLength: 3 }),
    ending: fc.constantFrom<"end" | "error">("end", "end", "end", "error"),
  })
  .map((g) => {
    let bytes: Buffer = Buffer.from(g.body);
    if (g.encoding && g.honest && ENCODE[g.encoding]) bytes = ENCODE[g.encoding]!(bytes);
    const headers: Record<string, string> = {};
    if (g.contentType !== null) headers["content-type"] = g.contentType;
    if (g.encoding !== null) headers["content-encoding"] = g.encoding;
    if (g.retryAfter !== null) headers["retry-after"] = g.retryAfter;
    const points = [...new Set(g.cuts.map((c) => (bytes.length ? c % bytes.length : 0)))].sort(
      (a, b) => a - b,
    );
    const chunks = [0, ...points]
      .map((p, i, all) => bytes.subarray(p, all[i + 1] ?? bytes.length))
      .filter((c) => c.length > 0);
    return { status: g.status, headers, chunks, ending: g.ending };
  });

const dispatcher = new ScriptedDispatcher();
const recorder = createRecorder();
const client = createClient({
  server: "https://fuzz.example:6443",
  dispatcher,
  recorder,
  discovery: false,
  retry: { maxRetries: 2, maxWaitMs: 0 },
  timeoutMs: 2000,
});

const VERBS = ["get", "list", "request", "listPages", "create", "delete"] as const;

async function call(verb: (typeof VERBS)[number]): Promise<unknown> {
  switch (verb) {
    case "get":
      return client.get("v1", "ConfigMap", "x", { namespace: "ns" });
    case "list":
      return client.list("v1", "ConfigMap", { namespace: "ns" });
    case "request":
      return client.request({ method: "GET", path: "/api/v1/namespaces/ns/secrets" });
    case "listPages": {
      const items: KubeObject[] = [];
      // The same answer for every page: a continue token in it would page forever, so stop at 3 pages.
      let pages = 0;
      for await (const page of client.listPages("v1", "ConfigMap", { namespace: "ns", limit: 2 })) {
        items.push(...page.items);
        if (++pages === 3) break;
      }
      return items;
    }
    case "create":
      return client.create({ apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "ns" } });
    case "delete":
      return client.delete("v1", "ConfigMap", "x", { namespace: "ns" });
  }
}

describe("the client's response decoding", () => {
  it("ends every call in a whole result or a KubewireError; a body cut short is never a success", async () => {
    await fc.assert(
      fc.asyncProperty(answer, fc.constantFrom(...VERBS), async (a, verb) => {
        dispatcher.answer = a;
        recorder.exchanges.length = 0;
        const result = await withinMs(
          HANG_MS,
          verb,
          typedOrValueAsync(verb, () => call(verb)),
        );
        if (result === undefined) return;
        expect(a.ending, `${verb} succeeded on a body that was cut`).toBe("end");
        if (verb === "list") {
          const { items } = result as { items: KubeObject[] };
          for (const item of items)
            expect([typeof item.kind, typeof item.apiVersion]).toEqual(["string", "string"]);
        }
        if (verb === "get" || verb === "create" || verb === "delete") {
          const { raw, object } = result as { raw: string; object: unknown };
          expect(JSON.parse(raw)).toEqual(object);
        }
      }),
      runs(FUZZ_RUNS.clientResponses, 201),
    );
  });
});

/** A watch stream: events with resourceVersions (some repeated, some out of order), junk lines, a cut tail. */
const watchStream = fc
  .record({
    lines: fc.array(
      fc.oneof(
        {
          weight: 6,
          arbitrary: fc.tuple(
            fc.constantFrom("ADDED", "MODIFIED", "DELETED", "BOOKMARK"),
            fc.nat(4),
            fc.nat(30),
          ),
        },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            "{",
            "not json",
            '{"type":"ERROR","object":{"code":500}}',
            '{"type":"X"}',
            "{}",
            "[]",
            '{"type":"ADDED"}',
            "",
          ),
        },
      ),
      { maxLength: 14 },
    ),
    cutTail: fc.boolean(),
    ending: fc.constantFrom<"end" | "error">("end", "end", "error"),
    gzip: fc.boolean(),
  })
  .map((g) => {
    const text = g.lines
      .map((l) =>
        typeof l === "string"
          ? l
          : JSON.stringify({
              type: l[0],
              object: {
                kind: "ConfigMap",
                apiVersion: "v1",
                metadata: { name: `o${l[1]}`, uid: `u${l[1]}`, resourceVersion: String(l[2]) },
              },
            }),
      )
      .join("\n");
    const body = Buffer.from(g.cutTail ? text.slice(0, Math.max(0, text.length - 7)) : text + "\n");
    const a: Answer = {
      status: 200,
      headers: { "content-type": "application/json", ...(g.gzip ? { "content-encoding": "gzip" } : {}) },
      chunks: [g.gzip ? gzipSync(body) : body].filter((c) => c.length > 0),
      ending: g.ending,
    };
    return a;
  });

describe("the client's watch decoding", () => {
  it("yields whole events, each object's versions once and in order, then ends or fails with a KubewireError", async () => {
    await fc.assert(
      fc.asyncProperty(watchStream, async (a) => {
        dispatcher.answer = a;
        recorder.exchanges.length = 0;
        const events: WatchEvent[] = [];
        await withinMs(
          HANG_MS,
          "watch",
          (async () => {
            try {
              for await (const e of client.watch("v1", "ConfigMap", { namespace: "ns", resume: false }))
                events.push(e);
            } catch (error) {
              expect(error).toBeInstanceOf(KubewireError);
            }
          })(),
        );
        const last = new Map<string, number>();
        for (const e of events) {
          expect(["ADDED", "MODIFIED", "DELETED", "BOOKMARK"]).toContain(e.type);
          if (e.type === "BOOKMARK") continue;
          const rv = Number(e.object.metadata?.resourceVersion);
          const uid = e.object.metadata!.uid!;
          expect(rv, `${uid} went back or repeated`).toBeGreaterThan(last.get(uid) ?? -1);
          last.set(uid, rv);
        }
      }),
      runs(FUZZ_RUNS.clientWatchStreams, 202),
    );
  });
});
