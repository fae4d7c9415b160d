import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffAgainstKubectl, loadCassette } from "../../src/index.js";
import type { Cassette } from "../../src/index.js";
import { toKubectlView } from "../../src/kubectl/index.js";
import { bodyText } from "../../src/record/index.js";
import { renderReport } from "../../src/report/index.js";
// @ts-expect-error -- plain JavaScript shared with the benchmark (bench/scenarios/report.js)
import { reportSession } from "../../bench/lib/report-session.js";
import { launchChromium, testOutput, watchPage } from "../helpers/browser.js";
import type { PageTrouble } from "../helpers/browser.js";
import { fixturePath } from "../helpers/fixtures.js";

/**
 * The report page in a real browser (headless Chromium): opened from disk, looked at, filtered, opened, driven by
 * keyboard, without JavaScript, with hostile input and with 10,000 exchanges. Screenshots go to
 * test-output/report/ (kept by CI, never compared pixel by pixel).
 */

const out = testOutput("report");
const showcase = await loadCassette(fixturePath("report/showcase.cassette.json"));
const SHOWCASE_PAGE = join(out, "showcase.html");
writeFileSync(SHOWCASE_PAGE, renderReport(showcase));

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

async function open(
  file: string,
  options: BrowserContextOptions = {},
): Promise<{ page: Page; trouble: PageTrouble; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, ...options });
  const page = await context.newPage();
  const url = pathToFileURL(file).href;
  const trouble = watchPage(page, () => url);
  await page.goto(url);
  return { page, trouble, close: () => context.close() };
}

const rowSeqs = (page: Page) =>
  page.$$eval(".viewport .row[data-seq]", (rows) =>
    (rows as unknown as DomNode[]).map((r) => Number(r.getAttribute("data-seq"))),
  );
/** Elements as these tests read them (the project's types leave the DOM library out). */
interface DomNode {
  textContent: string | null;
  style: { left: string };
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { width: number };
  querySelectorAll(selector: string): Iterable<DomNode>;
}

const shown = (page: Page) => page.locator("output.shown").textContent();
/** Waits for the page to catch up (a debounced search, a re-render), without a tight timeout. */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 100 });
const raw = (seq: number) => bodyText(showcase.exchanges.find((e) => e.seq === seq)!.response!.body!)!;

describe("the report page in Chromium", { timeout: 120_000 }, () => {
  it("opens from disk: one waterfall bar per exchange, in time order, no console error, no request", async () => {
    const { page, trouble, close } = await open(SHOWCASE_PAGE);
    expect(await page.locator(".viewport .bar").count()).toBe(showcase.exchanges.length);
    expect(await shown(page)).toBe("24 exchanges");
    const lefts = await page.$$eval(".viewport .bar", (bars) =>
      (bars as unknown as DomNode[]).map((b) => parseFloat(b.style.left)),
    );
    expect(lefts).toEqual([...lefts].sort((a, b) => a - b));
    // The watch is a long bar with its events on it.
    const watch = page.locator('.row[data-seq="12"] .bar');
    expect(await watch.getAttribute("class")).toContain("watch");
    expect(await watch.locator(".event").count()).toBeGreaterThan(3);
    const widths = await page.$$eval(".viewport .bar", (bars) =>
      (bars as unknown as DomNode[]).map((b) => b.getBoundingClientRect().width),
    );
    expect(Math.max(...widths)).toBe(widths[(await rowSeqs(page)).indexOf(12)]);
    await page.locator("#app").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(out, "showcase-list.png") });
    expect(trouble).toEqual({ errors: [], requests: [], dialogs: [] });
    await close();
  });

  it("filters by verb, status, resource, namespace, User-Agent and text", async () => {
    const { page, trouble, close } = await open(SHOWCASE_PAGE);
    const listBox = page.getByRole("checkbox", { name: /^list \d+$/ });
    const lists = Number(
      (await page.locator("label.check", { has: listBox }).textContent())!.match(/\d+$/)![0],
    );
    expect(lists).toBe(
      showcase.exchanges.filter(
        (e) =>
          e.request.method === "GET" &&
          /\/configmaps\?|\/secrets\?|\/widgets$|\/pods$|\/configmaps$|\/flowschemas$/.test(e.request.url) &&
          !e.request.url.includes("watch="),
      ).length,
    );
    await listBox.uncheck();
    expect(await page.locator(".viewport .bar").count()).toBe(24 - lists);
    await listBox.check();
    await page.getByRole("checkbox", { name: /^200 \d+$/ }).uncheck();
    await page.getByRole("checkbox", { name: /^201 \d+$/ }).uncheck();
    expect(await shown(page)).toBe("6 of 24 exchanges");
    await page.getByRole("checkbox", { name: /^200 \d+$/ }).check();
    await page.getByRole("checkbox", { name: /^201 \d+$/ }).check();

    await page.getByLabel("Resource", { exact: true }).selectOption("secrets");
    expect(await rowSeqs(page)).toEqual([7]);
    await page.getByLabel("Resource", { exact: true }).selectOption({ index: 0 });
    await page.getByLabel("Namespace", { exact: true }).selectOption("admission-warn");
    expect(await rowSeqs(page)).toEqual([17, 18]);
    await page.getByLabel("Namespace", { exact: true }).selectOption({ index: 0 });
    await page
      .getByLabel("User-Agent", { exact: true })
      .selectOption("kubectl/v1.33.1 (linux/amd64) kubernetes/8adc0f0");
    expect((await rowSeqs(page)).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 20, 21, 22]);
    await page.getByLabel("User-Agent", { exact: true }).selectOption({ index: 0 });

    await page.getByRole("searchbox").fill("does-not-exist");
    await poll(() => rowSeqs(page)).toEqual([6]);
    // A word only in a body is found once bodies are searched too.
    await page.getByRole("searchbox").fill("datadoghq");
    await poll(() => shown(page)).toBe("0 of 24 exchanges");
    expect(await page.locator(".empty").isVisible()).toBe(true);
    await page.getByRole("checkbox", { name: "headers and bodies too" }).check();
    await poll(() => rowSeqs(page)).toEqual([16]);
    expect(trouble).toEqual({ errors: [], requests: [], dialogs: [] });
    await close();
  });

  it("groups the list, and colours the waterfall by status on request", async () => {
    const { page, trouble, close } = await open(SHOWCASE_PAGE);
    await page.getByLabel("Group by").selectOption("verb");
    const groups = await page.$$eval(".viewport .row.group", (rows) =>
      (rows as unknown as DomNode[]).map((r) => r.textContent),
    );
    expect(groups).toEqual(["▾get5", "▾list11", "▾watch1", "▾create5", "▾update1", "▾delete1"]);
    await page.locator(".viewport .row.group", { hasText: "list" }).click();
    expect(await page.locator(".viewport .bar").count()).toBe(24 - 11);
    await page.getByLabel("Colour by").selectOption("status");
    const colour = (seq: number) =>
      page
        .locator(`.row[data-seq="${seq}"] .bar`)
        .evaluate(
          (b) =>
            (
              globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }
            ).getComputedStyle(b).backgroundColor,
        );
    expect(await colour(6)).not.toBe(await colour(5)); // 404 against 200, both gets
    expect(trouble).toEqual({ errors: [], requests: [], dialogs: [] });
    await close();
  });

  it("opens an exchange: kubectl's view beside the server's JSON, and the differences with their explanation", async () => {
    const { page, trouble, close } = await open(SHOWCASE_PAGE);
    await page.locator('.row[data-seq="3"]').click();
    const detail = page.locator("#detail");
    await poll(() => detail.isVisible()).toBe(true);
    expect(await detail.locator("h2").textContent()).toBe("#3 list 200");
    const table = detail.locator("table.diff-table");
    const cells = await table
      .locator("tbody tr")
      .evaluateAll((rows) =>
        (rows as unknown as DomNode[]).map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent)),
      );
    const expected = diffAgainstKubectl(raw(3));
    expect(cells.map((c) => [c[0], c[4]])).toEqual(expected.map((d) => [d.path, d.explanation]));
    expect(cells.find((c) => c[0] === ".kind")).toEqual([
      ".kind",
      "changed",
      "ConfigMapList",
      "List",
      expected.find((d) => d.path === ".kind")!.explanation,
    ]);
    // kubectl's view, as text, is what `kubectl get -o json` prints, byte for byte.
    const kubectl = detail.locator(".side-by-side > div").nth(1);
    await kubectl.getByRole("button", { name: "as text" }).click();
    expect(await kubectl.locator("pre").textContent()).toBe(toKubectlView(raw(3), { output: "json" }));
    // The server's JSON, foldable: the items fold and unfold.
    const server = detail.locator(".side-by-side > div").nth(0);
    expect(await server.locator(".json-tree").textContent()).toContain('"kind": "ConfigMapList"');
    const items = server.locator("details.j-node", {
      has: page.locator('> summary .j-key:text-is("\\"items\\": ")'),
    });
    expect(await items.getAttribute("open")).not.toBeNull();
    await items.locator("> summary").click();
    expect(await items.getAttribute("open")).toBeNull();
    // The request, the response headers and the curl command.
    expect(await detail.locator(".headers").first().textContent()).toContain("User-Agent");
    await detail.locator("summary", { hasText: "curl" }).click();
    expect(await detail.locator("pre.curl").textContent()).toMatch(
      /^curl -v -X GET .*'https:\/\/127\.0\.0\.1:6443\/api\/v1\/namespaces\/list-resources-ns\/configmaps\?labelSelector=app%3Dblog&limit=500'$/,
    );
    expect(page.url()).toMatch(/#x-3$/);
    await page.screenshot({ path: join(out, "showcase-detail.png") });
    expect(trouble).toEqual({ errors: [], requests: [], dialogs: [] });
    await close();
  });

  it("shows what admission changed, warnings, and redaction markers as such", async () => {
    const { page, trouble, close } = await open(SHOWCASE_PAGE);
    await page.locator('.row[data-seq="16"]').click();
    const groups = await page.locator("#detail table.admission-table tbody tr .group").allTextContents();
    expect(groups).toContain("admission");
    expect(groups).toContain("defaulted");
    await page.screenshot({ path: join(out, "showcase-admission.png") });
    await page.locator('.row[data-seq="17"]').click();
    expect(await page.locator("#detail .warnings-section").textContent()).toMatch(
      /would violate PodSecurity "restricted:latest"/,
    );
    await page.locator('.row[data-seq="7"]').click();
    const markers = page.locator("#detail .json-tree mark.redacted, #detail .headers mark.redacted");
    expect(await markers.count()).toBeGreaterThan(4);
    for (const text of await markers.allTextContents())
      expect(text).toMatch(/^\[redacted len=\d+(?: hmac:[0-9a-f]{8})?\]$/);
    expect(await markers.first().getAttribute("title")).toMatch(/redacted by kubewire/);
    expect(await page.locator('.row[data-seq="7"] .lock').count()).toBe(1);
    expect(await page.locator('.row[data-seq="5"] .lock').count()).toBe(0);
    // A link in the summary opens its exchange.
    await page.locator('.summary a[href="#x-19"]').first().click();
    await poll(() => page.locator("#detail h2").textContent()).toMatch(/^#19 /);
    expect(trouble).toEqual({ errors: [], requests: [], dialogs: [] });
    await close();
  });

  it("is keyboard navigable: arrows move, Enter opens, the panel follows, Escape closes, / searches", async () => {
    const { page, trouble, close } = await open(SHOWCASE_PAGE);
    const grid = page.getByRole("grid");
    await grid.focus();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    expect(await grid.getAttribute("aria-activedescendant")).toBe("item-2");
    await page.keyboard.press("Enter");
    await poll(() => page.locator("#detail h2").textContent()).toMatch(/^#2 /);
    await page.keyboard.press("ArrowDown");
    await poll(() => page.locator("#detail h2").textContent()).toMatch(/^#3 /);
    await page.keyboard.press("End");
    await poll(() => page.locator("#detail h2").textContent()).toMatch(/^#23 /);
    await page.keyboard.press("Escape");
    expect(await page.locator("#detail").isHidden()).toBe(true);
    await page.keyboard.press("Home");
    expect(await page.locator(".row.active").getAttribute("data-seq")).toBe("0");
    await page.keyboard.press("/");
    expect(await page.evaluate('document.activeElement.getAttribute("type")')).toBe("search");
    // Every control is reachable with Tab: from the search on to the list.
    let reached = false;
    for (let i = 0; i < 20 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate('document.activeElement.getAttribute("role") === "grid"');
    }
    expect(reached).toBe(true);
    expect(trouble).toEqual({ errors: [], requests: [], dialogs: [] });
    await close();
  });

  it("shows the summary and the list without JavaScript", async () => {
    const { page, trouble, close } = await open(SHOWCASE_PAGE, { javaScriptEnabled: false });
    expect(await page.locator("#summary h1").textContent()).toBe("kubewire report: kube-apiserver v1.28.7");
    expect(await page.locator("#summary").textContent()).toContain("Errors 6");
    expect(await page.locator("table.static-list tbody tr").count()).toBe(24);
    expect(await page.locator("table.static-list").isVisible()).toBe(true);
    expect(await page.locator("#app").innerHTML()).toBe("");
    await page.screenshot({ path: join(out, "showcase-no-javascript.png"), fullPage: true });
    expect(trouble).toEqual({ errors: [], requests: [], dialogs: [] });
    await close();
  });

  it("keeps a hostile cassette's text inert: </script> in a body shows as text, runs nothing", async () => {
    const hostile = `</script><script>alert("pwned")</script><img src=x onerror=alert(2)>`;
    const cassette: Cassette = {
      version: 1,
      recordedAt: "2026-01-01T00:00:00.000000Z",
      exchanges: [
        {
          seq: 0,
          startedAt: "2026-01-01T00:00:00.000000Z",
          durationMs: 2,
          request: {
            method: "GET",
            url: "https://127.0.0.1:6443/api/v1/namespaces/ns/configmaps/evil",
            headers: { "User-Agent": hostile },
          },
          response: {
            status: 200,
            statusText: "OK",
            headers: { "Content-Type": "application/json", "X-Evil": hostile },
            body: {
              kind: "json",
              bytes: 99,
              value: {
                kind: "ConfigMap",
                apiVersion: "v1",
                metadata: { name: hostile },
                data: { html: hostile },
              },
            },
          },
        },
      ],
    };
    const file = join(out, "hostile.html");
    writeFileSync(file, renderReport(cassette));
    const { page, trouble, close } = await open(file);
    await page.locator('.row[data-seq="0"]').click();
    expect(await page.locator("#detail .json-tree").textContent()).toContain(JSON.stringify(hostile));
    expect(await page.locator("#detail img").count()).toBe(0);
    expect(await page.locator("script").count()).toBe(2);
    expect(trouble).toEqual({ errors: [], requests: [], dialogs: [] });
    await close();
  });

  it("shows integers beyond 2^53 with every digit, as the server sent them", async () => {
    const raw =
      '{"kind":"Widget","apiVersion":"example.com/v1","spec":{"size":12345678901234567890,"small":7}}\n';
    const cassette: Cassette = {
      version: 1,
      recordedAt: "2026-01-01T00:00:00.000000Z",
      exchanges: [
        {
          seq: 0,
          startedAt: "2026-01-01T00:00:00.000000Z",
          durationMs: 2,
          request: {
            method: "GET",
            url: "https://127.0.0.1:6443/apis/example.com/v1/widgets/w",
            headers: {},
          },
          response: {
            status: 200,
            statusText: "OK",
            headers: { "Content-Type": "application/json" },
            body: { kind: "json", bytes: raw.length, value: JSON.parse(raw) as unknown, raw },
          },
        },
      ],
    };
    const file = join(out, "big-integers.html");
    writeFileSync(file, renderReport(cassette));
    const { page, trouble, close } = await open(file);
    await page.locator('.row[data-seq="0"]').click();
    const tree = await page.locator("#detail .json-tree").textContent();
    expect(tree).toContain('"size": 12345678901234567890,');
    expect(tree).toContain('"small": 7');
    expect(trouble).toEqual({ errors: [], requests: [], dialogs: [] });
    await close();
  });

  it("scales: 10,000 exchanges open, scroll and filter with only the visible rows in the page", async () => {
    const big = (reportSession as (n: number) => Cassette)(10_000);
    const file = join(out, "10000.html");
    writeFileSync(file, renderReport(big));
    try {
      const { page, trouble, close } = await open(file);
      expect(await shown(page)).toBe("10,000 exchanges");
      const rendered = await page.locator(".viewport .row").count();
      expect(rendered).toBeGreaterThan(10);
      expect(rendered).toBeLessThan(100);
      await page.getByRole("grid").focus();
      await page.keyboard.press("End");
      const last = Math.max(...big.exchanges.map((e) => e.seq));
      await poll(async () => (await rowSeqs(page)).includes(last)).toBe(true);
      expect(await page.locator(".viewport .row").count()).toBeLessThan(100);
      await page.getByRole("searchbox").fill("missing-");
      const misses = big.exchanges.filter((e) => e.request.url.includes("/missing-")).length;
      await poll(() => shown(page)).toBe(`${misses.toLocaleString("en")} of 10,000 exchanges`);
      await page.getByRole("grid").focus();
      await page.keyboard.press("Enter");
      await poll(() => page.locator("#detail .rejected").textContent()).toMatch(/^Failed: NotFound: /);
      await page.screenshot({ path: join(out, "10000-filtered.png") });
      expect(trouble).toEqual({ errors: [], requests: [], dialogs: [] });
      await close();
    } finally {
      rmSync(file, { force: true }); // 60 MB: the screenshot is what is worth keeping
    }
  }, 120_000);
});
