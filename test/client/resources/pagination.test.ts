import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, isGone } from "../../../src/index.js";
import type { KubeClient } from "../../../src/index.js";
import { paginateItems } from "../../../src/client/resources/pagination.js";
import type { ListPage } from "../../../src/client/resources/pagination.js";
import type { ObjectLike } from "../../../src/normalize/types.js";
import { readFixture } from "../../helpers/fixtures.js";
import { routes, startHttpServer } from "../../helpers/servers.js";
import type { TestServer } from "../../helpers/servers.js";

const BASE = "/api/v1/namespaces/list-resources-ns/configmaps";
const CONTINUE = "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MjQxLCJzdGFydCI6ImhlbGxvLXdvcmxkXHUwMDAwIn0";
/** What kube-apiserver answers when etcd compacted the continue token's resourceVersion. */
const EXPIRED = JSON.stringify({
  kind: "Status",
  apiVersion: "v1",
  metadata: {},
  status: "Failure",
  message:
    "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.",
  reason: "Expired",
  code: 410,
});

let expired = false;
let server: TestServer;
let client: KubeClient;
beforeAll(async () => {
  server = await startHttpServer(
    routes({
      [`GET ${BASE}?labelSelector=app%3Dblog&limit=1`]: "realapi/curl/10-cm-list-page1",
      [`GET ${BASE}?continue=${CONTINUE}&labelSelector=app%3Dblog&limit=1`]: (req, res) => {
        if (!expired) return routes({ [`GET ${req.url}`]: "realapi/curl/11-cm-list-page2" })(req, res, "");
        res.writeHead(410, { "content-type": "application/json" });
        res.end(EXPIRED);
      },
      [`GET ${BASE}?labelSelector=app%3Dblog`]: "realapi/curl/03b-cm-list-kubectl-ua",
    }),
  );
  client = createClient({ server: server.url });
});
afterAll(async () => {
  await client.close();
  await server.close();
});

const options = { namespace: "list-resources-ns", labelSelector: "app=blog", limit: 1 };

describe("pagination", () => {
  it("follows continue tokens page by page, with the recorded pages", async () => {
    expired = false;
    const pages = [];
    for await (const page of client.listPages("v1", "ConfigMap", options)) pages.push(page);
    expect(pages.map((p) => [p.index, p.relisted, p.items.map((i) => i.metadata?.name)])).toEqual([
      [0, false, ["hello-world"]],
      [1, false, ["sithisms"]],
    ]);
    expect(pages.map((p) => p.raw)).toEqual([
      readFixture("realapi/curl/10-cm-list-page1.body"),
      readFixture("realapi/curl/11-cm-list-page2.body"),
    ]);
    expect(server.requests.slice(-2).map((r) => r.url)).toEqual([
      `${BASE}?labelSelector=app%3Dblog&limit=1`,
      `${BASE}?continue=${CONTINUE}&labelSelector=app%3Dblog&limit=1`,
    ]);
  });

  it("yields items one at a time, typed and normalized", async () => {
    expired = false;
    const names: string[] = [];
    for await (const cm of client.listItems("v1", "ConfigMap", options)) {
      expect([cm.apiVersion, cm.kind]).toEqual(["v1", "ConfigMap"]);
      names.push(`${cm.metadata?.name}: ${Object.keys(cm.data ?? {}).join(",")}`);
    }
    expect(names).toEqual(["hello-world: hello,yoda", "sithisms: palpatine,vader"]);
  });

  it("on 410 Expired relists in one request (client-go's pager), and yields no item twice", async () => {
    expired = true;
    const pages = [];
    for await (const page of client.listPages("v1", "ConfigMap", options)) pages.push(page);
    expect(pages.map((p) => [p.index, p.relisted, p.items.length])).toEqual([
      [0, false, 1],
      [1, true, 2],
    ]);
    expect(server.requests.at(-1)?.url).toBe(`${BASE}?labelSelector=app%3Dblog`);
    const names: string[] = [];
    for await (const cm of client.listItems("v1", "ConfigMap", options)) names.push(cm.metadata!.name!);
    expect(names).toEqual(["hello-world", "sithisms"]);
  });

  it("or surfaces it, when asked", async () => {
    expired = true;
    const seen: number[] = [];
    const error = await (async () => {
      for await (const page of client.listPages("v1", "ConfigMap", { ...options, onExpired: "throw" }))
        seen.push(page.index);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([0]);
    expect(isGone(error)).toBe(true);
  });
});

describe("paginateItems", () => {
  const page = (index: number, relisted: boolean, items: ObjectLike[]) =>
    ({ index, relisted, items, list: { metadata: {} } }) as unknown as ListPage<ObjectLike>;
  async function* pagesOf(...pages: ListPage<ObjectLike>[]) {
    for (const p of pages) yield await Promise.resolve(p);
  }
  const byUid = (uid: string) => ({ metadata: { uid, name: `n-${uid}` } });
  const byName = (namespace: string, name: string) => ({ metadata: { namespace, name } });

  it("after a relist yields only what it had not yielded, whatever the keys hold (newlines, nothing at all)", async () => {
    const names: string[] = [];
    const items = paginateItems(
      pagesOf(
        page(0, false, [byUid("a"), byName("ns", "line\nbreak"), byName("ns", "plain")]),
        page(1, false, []),
        page(2, false, [byUid("b")]),
        page(3, true, [
          byUid("a"),
          byUid("c"),
          byName("ns", "line\nbreak"),
          byName("ns", "line"),
          byName("ns", "plain"),
          byUid(""),
          byUid("b"),
          byUid("c"),
          byName("other", "plain"),
        ]),
      ),
    );
    for await (const item of items)
      names.push(item.metadata?.uid ?? `${item.metadata?.namespace}/${item.metadata?.name}`);
    expect(names).toEqual(["a", "ns/line\nbreak", "ns/plain", "b", "c", "ns/line", "", "other/plain"]);
  });
  it("closes the pages when left early, as for await does, and not when they end or throw", async () => {
    const events: string[] = [];
    async function* tracked(fail: boolean) {
      try {
        yield await Promise.resolve(page(0, false, [byUid("a"), byUid("b")]));
        if (fail) throw new Error("page 1 failed");
        yield await Promise.resolve(page(1, false, [byUid("c")]));
      } finally {
        events.push("finally");
      }
    }
    const calls = (iterable: AsyncIterable<ListPage<ObjectLike>>) => {
      const iterator = iterable[Symbol.asyncIterator]();
      const original = iterator.return?.bind(iterator);
      iterator.return = (value?: PromiseLike<undefined>) => {
        events.push("return");
        return original!(value);
      };
      return { [Symbol.asyncIterator]: () => iterator };
    };
    for await (const item of paginateItems(calls(tracked(false)))) if (item.metadata?.uid === "a") break;
    expect(events).toEqual(["return", "finally"]);
    events.length = 0;
    const all: string[] = [];
    for await (const item of paginateItems(calls(tracked(false)))) all.push(item.metadata!.uid!);
    expect(all).toEqual(["a", "b", "c"]);
    expect(events).toEqual(["finally"]);
    events.length = 0;
    await expect(async () => {
      for await (const item of paginateItems(calls(tracked(true)))) void item;
    }).rejects.toThrow("page 1 failed");
    expect(events).toEqual(["finally"]);
  });
});
