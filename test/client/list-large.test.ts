// A large list (1 MiB and more) is parsed item by item from its bytes and its `raw` text is decoded when first read.
// Whatever the body, `client.list` must answer as it did when it decoded the whole text and parsed it: the same list,
// the same raw text, the same errors.
import { isDeepStrictEqual } from "node:util";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, createRecorder, normalizeList } from "../../src/index.js";
import type { KubeClient, Recorder } from "../../src/index.js";
import { KubeResponseTooLargeError } from "../../src/client/index.js";
import { cutBytes } from "../helpers/chunks.js";
import { startHttpServer } from "../helpers/servers.js";
import type { TestServer } from "../helpers/servers.js";

/** A Pod list of about `bytes` bytes, with characters of every UTF-8 length in it. */
function podList(bytes: number, extra = ""): string {
  const items: unknown[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const item = {
      metadata: { name: `web-${i}`, namespace: "bench", labels: { app: "wéb", note: `€${i}😀` } },
      spec: {
        containers: [
          { name: "a", image: "x", env: [{ name: "E", value: `${extra}v${i}` }] },
          { name: "b", image: "y" },
        ],
        // Objects in an array that start with the item's first key: a cut the parser must undo.
        volumes: [{ metadata: { name: "m" } }, { metadata: { name: `ü${i}` } }],
      },
      status: { phase: "Running" },
    };
    size += Buffer.byteLength(JSON.stringify(item));
    items.push(item);
  }
  return `${JSON.stringify({ kind: "PodList", apiVersion: "v1", metadata: { resourceVersion: "7" }, items })}\n`;
}

/** What `client.list` answered before: the whole text decoded, parsed, normalized. */
function expectedList(text: string) {
  return normalizeList(JSON.parse(text), { kind: "Pod", apiVersion: "v1" });
}

function expectSame(actual: unknown, expected: unknown): void {
  expect(isDeepStrictEqual(actual, expected)).toBe(true);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

/** The body the server sends next: its bytes, where to cut them into writes, and its headers. */
let next: { bytes: Buffer; cuts: number[]; status?: number; headers?: Record<string, string> };

let server: TestServer;
let recorder: Recorder;
let client: KubeClient;

beforeAll(async () => {
  server = await startHttpServer((_req, res) => {
    const { bytes, cuts, status = 200, headers = {} } = next;
    res.writeHead(status, { "Content-Type": "application/json", ...headers });
    const chunks = cutBytes(bytes, cuts);
    const write = (i: number): void => {
      if (i === chunks.length - 1) {
        res.end(chunks[i]);
        return;
      }
      res.write(chunks[i]);
      // A turn of the event loop between writes, so that they reach the client as reads of their own.
      setImmediate(() => write(i + 1));
    };
    write(0);
  });
  recorder = createRecorder();
  client = createClient({ server: server.url, recorder, retry: false, maxResponseBytes: 3 * 1024 * 1024 });
});

afterAll(async () => {
  await client.close();
  await server.close();
});

describe("client.list of a large body", () => {
  it("gives the list and raw text that decoding and parsing the whole body gave, however the bytes arrive", async () => {
    const text = podList(1.2 * 1024 * 1024);
    const bytes = Buffer.from(text);
    const expected = expectedList(text);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: bytes.length }), { maxLength: 6 }), async (cuts) => {
        // Cuts inside multi-byte characters too: the first é of the body, and of an item near the end.
        next = { bytes, cuts: [...cuts, bytes.indexOf("é") + 1, bytes.lastIndexOf("😀") + 2] };
        const result = await client.list("v1", "Pod", { namespace: "bench" });
        expect(Object.keys(result)).toEqual(["list", "items", "raw", "exchange"]);
        expectSame(result.list, expected);
        expect(result.items).toBe(result.list.items);
        expect(result.raw).toBe(text);
        expect(result.raw).toBe(text);
        expect({ ...result }.raw).toBe(text);
        // The recorder's exchange is the body as it came, as before.
        expect(result.exchange).toBe(recorder.exchanges.at(-1));
        const body = result.exchange.response?.body;
        expect(body?.kind).toBe("json");
        expectSame(body?.kind === "json" ? body.value : undefined, JSON.parse(text));
      }),
      { numRuns: 6 },
    );
  });

  it("takes the item-by-item path for such a list (raw not yet decoded) and lets raw be assigned", async () => {
    next = { bytes: Buffer.from(podList(1.1 * 1024 * 1024)), cuts: [] };
    const result = await client.list("v1", "Pod", { namespace: "bench" });
    expect(typeof Object.getOwnPropertyDescriptor(result, "raw")?.get).toBe("function");
    result.raw = "replaced";
    expect(result.raw).toBe("replaced");
    expect(Object.getOwnPropertyDescriptor(result, "raw")).toMatchObject({
      value: "replaced",
      enumerable: true,
    });
  });

  it("keeps raw undecoded in a page of listPages until it is read, then the page keeps it", async () => {
    const text = podList(1.1 * 1024 * 1024, "page");
    next = { bytes: Buffer.from(text), cuts: [7, 70_000] };
    for await (const page of client.listPages("v1", "Pod", { namespace: "bench", limit: 0 })) {
      expect(typeof Object.getOwnPropertyDescriptor(page, "raw")?.get).toBe("function");
      expect(Object.keys(page)).toEqual(["list", "items", "raw", "exchange", "index", "relisted"]);
      expectSame(page.list, expectedList(text));
      expect(page.raw).toBe(text);
      expect(Object.getOwnPropertyDescriptor(page, "raw")).toMatchObject({ value: text, enumerable: true });
      expect({ ...page }.raw).toBe(text);
    }
  });

  it("reads a gzip-encoded large list as the decoded text", async () => {
    const text = podList(1.1 * 1024 * 1024, "gz");
    next = { bytes: gzipSync(text), cuts: [100, 5000], headers: { "Content-Encoding": "gzip" } };
    const result = await client.list("v1", "Pod", { namespace: "bench" });
    expectSame(result.list, expectedList(text));
    expect(result.raw).toBe(text);
  });

  it("parses a large list the item-by-item path declines (pretty-printed) as before", async () => {
    const text = JSON.stringify(JSON.parse(podList(1.1 * 1024 * 1024)), null, 2);
    next = { bytes: Buffer.from(text), cuts: [7] };
    const result = await client.list("v1", "Pod", { namespace: "bench" });
    expectSame(result.list, expectedList(text));
    expect(result.raw).toBe(text);
  });

  /** The error `get` throws for the same body: `get` decodes and parses the whole text, as `list` did. */
  async function sameErrorAsGet(send: typeof next): Promise<Error> {
    next = send;
    const fromList = (await client
      .list("v1", "Pod", { namespace: "bench" })
      .catch((e: unknown) => e)) as Error;
    next = send;
    const fromGet = (await client
      .get("v1", "Pod", "x", { namespace: "bench" })
      .catch((e: unknown) => e)) as Error;
    expect(fromList).toBeInstanceOf(Error);
    expect(fromList.constructor).toBe(fromGet.constructor);
    expect(fromList.message).toBe(fromGet.message.replace("/pods/x", "/pods"));
    return fromList;
  }

  it("fails a large body that is not JSON (a BOM before a list, text) as before", async () => {
    const list = podList(1.1 * 1024 * 1024);
    const bom = await sameErrorAsGet({ bytes: Buffer.from(`\ufeff${list}`), cuts: [1, 2] });
    expect(bom.name).toBe("KubeDecodeError");
    const cut = await sameErrorAsGet({ bytes: Buffer.from(list.slice(0, -3)), cuts: [] });
    expect(cut.name).toBe("KubeDecodeError");
    await sameErrorAsGet({ bytes: Buffer.alloc(1.5 * 1024 * 1024, "x"), cuts: [] });
  });

  it("fails a large error answer as before", async () => {
    const text = podList(1.1 * 1024 * 1024);
    const e = await sameErrorAsGet({ bytes: Buffer.from(text), cuts: [], status: 500 });
    expect(e.name).toBe("KubeHttpError");
  });

  it("reads a body of exactly maxResponseBytes, and stops at one byte more", async () => {
    const max = 3 * 1024 * 1024;
    const text = podList(max - 20_000);
    const exact = Buffer.from(
      text.replace(
        '"resourceVersion":"7"',
        `"resourceVersion":"${"7".repeat(max - Buffer.byteLength(text) + 1)}"`,
      ),
    );
    expect(exact.length).toBe(max);
    next = { bytes: exact, cuts: [] };
    const result = await client.list("v1", "Pod", { namespace: "bench" });
    expectSame(result.list, expectedList(exact.toString()));
    next = { bytes: Buffer.concat([exact, Buffer.from(" ")]), cuts: [] };
    await expect(client.list("v1", "Pod", { namespace: "bench" })).rejects.toBeInstanceOf(
      KubeResponseTooLargeError,
    );
  });
});
