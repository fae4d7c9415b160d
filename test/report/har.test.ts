import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { importKubectlLog, loadCassette } from "../../src/index.js";
import type { Cassette } from "../../src/index.js";
import { serializeCassette } from "../../src/record/index.js";
import { cassetteToHar, HarFormatError, importHar } from "../../src/report/index.js";
import type { Har, HarEntry } from "../../src/report/index.js";
import { fixturePath } from "../helpers/fixtures.js";

const showcase = await loadCassette(fixturePath("report/showcase.cassette.json"));
const demo = await loadCassette(fixturePath("demo/configmaps-by-label.cassette.json"));
const fromLog = (path: string) => importKubectlLog(readFileSync(fixturePath(path), "utf8")).cassette;

const isNum = (v: unknown) => typeof v === "number" && Number.isFinite(v);
const isNameValues = (v: unknown) =>
  Array.isArray(v) &&
  v.every(
    (x: { name?: unknown; value?: unknown }) => typeof x.name === "string" && typeof x.value === "string",
  );

/** The fields HAR 1.2 requires of an entry, with their types (what a strict HAR reader checks). */
function harProblems(entry: HarEntry): string[] {
  const p: string[] = [];
  const need = (ok: boolean, what: string) => ok || p.push(what);
  need(!Number.isNaN(Date.parse(entry.startedDateTime)), "startedDateTime");
  need(isNum(entry.time) && entry.time >= 0, "time");
  const { request: q, response: r, timings: t } = entry;
  need(
    typeof q.method === "string" && /^https?:\/\//.test(q.url) && typeof q.httpVersion === "string",
    "request line",
  );
  need(isNameValues(q.cookies) && isNameValues(q.headers) && isNameValues(q.queryString), "request lists");
  need(isNum(q.headersSize) && isNum(q.bodySize), "request sizes");
  need(
    q.postData === undefined ||
      (typeof q.postData.mimeType === "string" && typeof q.postData.text === "string"),
    "postData",
  );
  need(
    isNum(r.status) && typeof r.statusText === "string" && typeof r.httpVersion === "string",
    "status line",
  );
  need(isNameValues(r.cookies) && isNameValues(r.headers), "response lists");
  need(isNum(r.content.size) && typeof r.content.mimeType === "string", "content");
  need(typeof r.redirectURL === "string" && isNum(r.headersSize) && isNum(r.bodySize), "response sizes");
  need(typeof entry.cache === "object", "cache");
  need(isNum(t.send) && isNum(t.wait) && isNum(t.receive), "timings");
  const sum = [t.blocked, t.dns, t.connect, t.send, t.wait, t.receive].reduce<number>(
    (s, x) => s + Math.max(x ?? 0, 0),
    0,
  );
  need(Math.abs(sum - entry.time) < 1e-9, "time is the sum of the timings");
  return p;
}

const roundTrip = (c: Cassette) => importHar(JSON.parse(JSON.stringify(cassetteToHar(c))) as unknown);

describe("cassetteToHar", () => {
  const har = cassetteToHar(showcase, { creator: { name: "kubewire", version: "9.9.9" } });

  it("writes HAR 1.2: every entry with the fields and types the format requires, in the order requests started", () => {
    expect(har.log.version).toBe("1.2");
    expect(har.log.creator).toEqual({ name: "kubewire", version: "9.9.9" });
    expect(har.log.entries).toHaveLength(showcase.exchanges.length);
    for (const entry of har.log.entries) expect(harProblems(entry), entry.request.url).toEqual([]);
    const starts = har.log.entries.map((e) => Date.parse(e.startedDateTime));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it("maps requests and responses: headers once per value, the query string, bodies as text with their sizes", () => {
    const page2 = har.log.entries.find((e) => e.request.url.includes("continue="))!;
    expect(page2.request.queryString.map((q) => q.name)).toEqual(["limit", "continue"]);
    expect(page2.request.queryString[1]!.value).toMatch(/^eyJ/);
    const create = har.log.entries.find((e) => e.request.method === "POST" && e.response.status === 201)!;
    expect(create.request.postData!.mimeType).toBe("application/json");
    expect(JSON.parse(create.request.postData!.text)).toMatchObject({ kind: "Pod" });
    expect(create.response.content.mimeType).toBe("application/json");
    expect(create.response.content.size).toBe(Buffer.byteLength(create.response.content.text!));
    expect(create.response.httpVersion).toBe("HTTP/2.0"); // the captures are HTTP/2: no reason phrase
    const warned = har.log.entries.find((e) =>
      e.response.headers.some((h) => h.name.toLowerCase() === "warning"),
    )!;
    expect(warned._kubewire!.warnings).toBeUndefined(); // kept in the header, parsed again on import
  });

  it("writes a watch as its whole stream, with the chunks' times beside it", () => {
    const watch = har.log.entries.find((e) => e.request.url.includes("watch=1"))!;
    const source = showcase.exchanges.find((e) => e.request.url.includes("watch=1"))!;
    if (source.response?.body?.kind !== "stream") throw new Error("the watch is a stream");
    expect(watch.response.content.text).toBe(source.response.body.chunks.map((c) => c.text).join(""));
    expect(watch._kubewire!.responseBody!.chunks).toEqual(
      source.response.body.chunks.map((c) => [c.atMs, c.text.length]),
    );
    expect(watch.timings.receive).toBe(source.totalMs! - source.durationMs);
  });

  it("writes a request that got no response as status 0, with its error", () => {
    const refused = fromLog("kubectl/captures/refused/1.28/json-v9.stderr");
    const entry = cassetteToHar(refused).log.entries[0]!;
    expect(harProblems(entry)).toEqual([]);
    expect(entry.response.status).toBe(0);
    expect(entry._kubewire!.response).toBe(false);
    expect(entry.comment).toMatch(/^no response: /);
  });
});

describe("importHar", () => {
  it.each([
    ["the showcase session", showcase],
    ["the demo session", demo],
    ["a kubectl -v=9 log with a protobuf body", fromLog("kubectl/captures/https/1.32/create-v9.stderr")],
    ["a kubectl -v=9 log with truncated bodies", fromLog("kubectl/captures/https/1.33/big-json-v9.stderr")],
    ["a refused connection", fromLog("kubectl/captures/refused/1.28/json-v9.stderr")],
  ])("gives back %s exactly (cassette → HAR → cassette)", (_name, cassette) => {
    const { cassette: back, skipped } = roundTrip(cassette);
    expect(skipped).toEqual([]);
    expect(serializeCassette(back)).toBe(serializeCassette(cassette));
  });

  it("reads a HAR written by a browser: pseudo-headers dropped, base64 bodies, failures, non-HTTP entries skipped", () => {
    const entry = (over: Partial<HarEntry> & Record<string, unknown>): HarEntry => ({
      startedDateTime: "2026-05-01T10:00:00.123+02:00",
      time: 12.5,
      request: {
        method: "GET",
        url: "https://127.0.0.1:6443/api/v1/namespaces/ns/configmaps",
        httpVersion: "http/2.0",
        cookies: [],
        headers: [
          { name: ":authority", value: "127.0.0.1:6443" },
          { name: "accept", value: "application/json" },
        ],
        queryString: [],
        headersSize: -1,
        bodySize: 0,
      },
      response: {
        status: 200,
        statusText: "",
        httpVersion: "http/2.0",
        cookies: [],
        headers: [
          { name: "content-type", value: "application/json" },
          { name: "warning", value: '299 - "v1 ComponentStatus is deprecated in v1.19+"' },
        ],
        content: {
          size: 27,
          mimeType: "application/json",
          text: Buffer.from('{"kind":"ConfigMapList","items":[]}').toString("base64"),
          encoding: "base64",
        },
        redirectURL: "",
        headersSize: -1,
        bodySize: -1,
      },
      cache: {},
      timings: { blocked: 1, dns: -1, connect: -1, send: 0.5, wait: 10, receive: 1 },
      ...over,
    });
    const har: Har = {
      log: {
        version: "1.2",
        creator: { name: "WebInspector", version: "537.36" },
        entries: [
          entry({}),
          entry({ request: { ...entry({}).request, url: "data:text/plain,hello" } }),
          entry({
            startedDateTime: "2026-05-01T10:00:01.000+02:00",
            response: { ...entry({}).response, status: 0, content: { size: 0, mimeType: "x-unknown" } },
            _error: "net::ERR_CONNECTION_REFUSED",
          }),
          entry({ request: { ...entry({}).request, url: "wss://127.0.0.1:6443/api/v1/pods?watch=1" } }),
        ],
      },
    };
    (har.log.entries[2]!.response as unknown as Record<string, unknown>)._error =
      "net::ERR_CONNECTION_REFUSED";
    const { cassette, skipped } = importHar(har, { file: "browser.har" });
    expect(skipped).toEqual([
      { index: 1, reason: "is not an HTTP(S) request (data:)" },
      { index: 3, reason: "is not an HTTP(S) request (wss:)" },
    ]);
    expect(cassette.exchanges).toHaveLength(2);
    const [ok, failed] = cassette.exchanges;
    expect(ok!.startedAt).toBe("2026-05-01T08:00:00.123000Z");
    expect(ok!.durationMs).toBe(11.5);
    expect(ok!.totalMs).toBe(12.5);
    expect(ok!.request.headers).toEqual({ accept: "application/json" });
    expect(ok!.response!.body).toMatchObject({ kind: "json", value: { kind: "ConfigMapList", items: [] } });
    expect(ok!.warnings).toEqual([
      { code: 299, agent: "-", text: "v1 ComponentStatus is deprecated in v1.19+" },
    ]);
    expect(failed!.response).toBeUndefined();
    expect(failed!.error).toEqual({ name: "NetworkError", message: "net::ERR_CONNECTION_REFUSED" });
  });

  it("refuses what is not a HAR, naming the place", () => {
    expect(() => importHar({ version: 1, exchanges: [] }, { file: "x.json" })).toThrow(HarFormatError);
    expect(() => importHar({ log: { entries: {} } })).toThrow("HAR: log.entries: must be an array");
    try {
      importHar([], { file: "a.har" });
    } catch (error) {
      expect(error).toMatchObject({
        name: "HarFormatError",
        code: "KUBEWIRE_HAR_FORMAT",
        file: "a.har",
        path: "log",
      });
    }
    expect.assertions(3);
  });
});
