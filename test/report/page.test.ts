import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCassette } from "../../src/index.js";
import type { Cassette, Exchange } from "../../src/index.js";
import { renderReport, ReportFileTruncatedError, writeReport } from "../../src/report/index.js";
import { moveRight } from "../../src/report/render-report.js";
import { KubewireError } from "../../src/errors.js";
import { escapeHtml, scriptJson } from "../../src/report/page/html.js";
import { pageAssets } from "../../src/report/page/page-assets.js";
import { buildReportData } from "../../src/report/report-data.js";
import type { ReportData } from "../../src/report/report-model.js";
import { isRedactionMarker, redactionMarker } from "../../src/record/redact/redact.js";
import { MARKER_PATTERN } from "../../src/report/redaction.js";
import { fixturePath } from "../helpers/fixtures.js";

const showcase = await loadCassette(fixturePath("report/showcase.cassette.json"));

/** The text of the element that opens with `open` (up to the next `</tag>`). */
function between(html: string, open: string, close: string): string {
  const start = html.indexOf(open);
  expect(start, `${open} in the page`).toBeGreaterThanOrEqual(0);
  return html.slice(start + open.length, html.indexOf(close, start + open.length));
}

const DATA_OPEN = '<script type="application/json" id="kubewire-report-data">';
const embedded = (html: string) => JSON.parse(between(html, DATA_OPEN, "</script>")) as ReportData;
const sha = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

const HOSTILE = `</script><script>alert("body")</script><!-- <script> </SCRIPT > \u2028\u2029 <img src=x onerror=alert(1)>`;

function hostileCassette(): Cassette {
  const exchange: Exchange = {
    seq: 0,
    startedAt: "2026-01-01T00:00:00.000000Z",
    durationMs: 3,
    request: {
      method: "POST",
      url: `https://127.0.0.1:6443/api/v1/namespaces/ns/configmaps?x=${encodeURIComponent(HOSTILE)}`,
      headers: { "User-Agent": `tool/1 ${HOSTILE}`, "Content-Type": "application/json", "X-Note": HOSTILE },
      body: {
        kind: "json",
        bytes: 10,
        value: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "evil" }, data: { html: HOSTILE } },
      },
    },
    response: {
      status: 422,
      statusText: "Unprocessable Entity",
      headers: { "Content-Type": "application/json", Warning: `299 - "${HOSTILE.replace(/"/g, '\\"')}"` },
      body: {
        kind: "json",
        bytes: 10,
        value: { kind: "Status", apiVersion: "v1", status: "Failure", reason: "Invalid", message: HOSTILE },
      },
    },
  };
  return {
    version: 1,
    recordedAt: "2026-01-01T00:00:00.000000Z",
    server: { gitVersion: `v1.28.7<script>` },
    exchanges: [
      exchange,
      { ...exchange, seq: 1, request: { ...withoutBody(exchange.request), method: "GET" } },
    ],
  };
}

describe("the report page", () => {
  const html = renderReport(showcase);

  it("is one document whose script and style are the only ones its Content-Security-Policy allows", () => {
    expect(html.startsWith("<!doctype html>\n")).toBe(true);
    const csp = between(html, '<meta http-equiv="Content-Security-Policy" content="', '"');
    const script = between(html, "\n<script>", "</script>");
    const style = between(html, "<style>", "</style>");
    expect(csp.replace(/&#39;/g, "'")).toBe(
      `default-src 'none'; script-src ${sha(script)}; style-src ${sha(style)}; img-src data:; base-uri 'none'; form-action 'none'`,
    );
    // Nothing to fetch: no external script, style, image, frame or font, and links only within the page.
    expect(html).not.toMatch(/<(?:script|img|link|iframe|object|embed)\b[^>]*\b(?:src|href)=/i);
    expect([...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]).every((h) => h!.startsWith("#"))).toBe(
      true,
    );
  });

  it("embeds the report's data once, as JSON that reads back exactly", () => {
    expect(embedded(html)).toEqual(buildReportData(showcase));
    expect(html.split(DATA_OPEN)).toHaveLength(2);
  });

  it("writes its own text in Latin-1, so a page of ASCII data is a one-byte string", () => {
    // One character above U+00FF anywhere (an ellipsis in the script) makes V8 hold all of a large report's page
    // in two bytes a character: twice the memory, and a slower join and UTF-8 write.
    const { script, style } = pageAssets();
    expect(`${script}${style}`).not.toMatch(/[^\x00-\x7f]/);
    expect(html).not.toMatch(/[^\x00-\xff]/);
  });

  it("shows the summary and every exchange without JavaScript", () => {
    const summary = between(html, '<header id="summary"', "</header>");
    expect(summary).toContain("<strong>v1.28.7</strong>");
    expect(summary).toContain("kubectl/v1.33.1 (linux/amd64) kubernetes/8adc0f0");
    expect(summary).toMatch(/<h2>Errors <span class="count">6<\/span><\/h2>/);
    expect(summary).toContain('<a href="#x-19">#19</a>');
    const list = between(html, "<noscript>", "</noscript>");
    const rowIds = [...list.matchAll(/<tr id="x-(\d+)">/g)].map((m) => Number(m[1]));
    expect(rowIds.sort((a, b) => a - b)).toEqual(showcase.exchanges.map((e) => e.seq));
  });

  it("keeps a hostile cassette's text inert: no markup, no way out of the data element", () => {
    const cassette = hostileCassette();
    const page = renderReport(cassette, { title: `report <b>${HOSTILE}` });
    // Exactly the page's own two script elements close; nothing in the data opens a tag.
    expect(page.match(/<\/script/gi)).toHaveLength(2);
    expect(page.match(/<script/gi)).toHaveLength(2);
    expect(page).not.toContain("<img");
    expect(page).not.toContain("<b>");
    expect(page).not.toContain("<!--");
    expect(between(page, DATA_OPEN, "</script>")).not.toMatch(/[<\u2028\u2029]/);
    const data = embedded(page);
    expect(data.title).toBe(`report <b>${HOSTILE}`);
    expect(JSON.parse(data.exchanges[0]!.request.body!.text!)).toMatchObject({ data: { html: HOSTILE } });
    expect(data.exchanges[0]!.failure!.message).toBe(HOSTILE);
    expect(data.exchanges[0]!.warnings![0]!.text).toBe(HOSTILE);
    expect(data.server).toBe("v1.28.7<script>");
  });

  it("escapes text for HTML and JSON for a script element", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    const tricky = { s: "</script><!--\u2028\u2029", n: 1 };
    const text = scriptJson(tricky);
    expect(text).not.toMatch(/[<\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(tricky);
  });

  it("finds redaction markers with the pattern the page uses, and kubectl's <masked>", () => {
    const pattern = new RegExp(`^(?:${MARKER_PATTERN})$`);
    for (const value of ["", "x", "a longer secret value", "中文🚀"]) {
      const marker = redactionMarker(value);
      expect(isRedactionMarker(marker)).toBe(true);
      expect(pattern.test(marker)).toBe(true);
    }
    expect(pattern.test("<masked>")).toBe(true);
    expect(pattern.test("[redacted len=3 sha256:zz]")).toBe(false);
  });
});

describe("writeReport", () => {
  it("writes renderReport's page byte for byte, in parts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubewire-write-report-"));
    try {
      const wide: Cassette = {
        ...showcase,
        exchanges: showcase.exchanges.map((e, i) =>
          i === 0
            ? { ...e, request: { ...e.request, headers: { ...e.request.headers, "X-Note": "café ✓ 😀" } } }
            : e,
        ),
      };
      const empty: Cassette = { ...showcase, exchanges: [] };
      // Pages of several megabytes: the bytes span many buffers, and one exchange is larger than any of them.
      const copies = Array.from({ length: 40 }, (_, k) =>
        showcase.exchanges.map((e) => ({ ...e, seq: e.seq + k * 1000 })),
      ).flat();
      // Two exchanges larger than the buffer, one of them written in slices that must not cut a surrogate pair.
      const notes: Record<number, string> = { 7: "é✓".repeat(400_000), 9: `a${"😀".repeat(300_000)}` };
      const long: Cassette = {
        ...showcase,
        exchanges: copies.map((e, i) =>
          notes[i] !== undefined
            ? { ...e, request: { ...e.request, headers: { ...e.request.headers, "X-Note": notes[i] } } }
            : e,
        ),
      };
      const pages = { showcase, wide, empty, hostile: hostileCassette(), long };
      for (const [name, cassette] of Object.entries(pages)) {
        const file = join(dir, `${name}.html`);
        // A longer file there before: the page replaces it whole.
        writeFileSync(file, "x".repeat(5_000_000));
        const page = renderReport(cassette, { title: `the ${name} one` });
        const bytes = await writeReport(file, cassette, { title: `the ${name} one` });
        expect(readFileSync(file).equals(Buffer.from(page, "utf8")), name).toBe(true);
        expect(bytes, name).toBe(Buffer.byteLength(page));
      }
      // A pipe takes bytes only in order: the same page, written another way.
      const fifo = join(dir, "page.fifo");
      execFileSync("mkfifo", [fifo]);
      const read = readFile(fifo);
      const bytes = await writeReport(fifo, long, { title: "the long one" });
      const page = renderReport(long, { title: "the long one" });
      expect((await read).equals(Buffer.from(page, "utf8"))).toBe(true);
      expect(bytes).toBe(Buffer.byteLength(page));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("moveRight", () => {
  it("moves a file's first bytes further, and says so with the file and its sizes when another process cut it short", () => {
    const dir = mkdtempSync(join(tmpdir(), "kubewire-move-right-"));
    try {
      const file = join(dir, "report.html");
      // Three and a half buffers' worth, so the move takes several reads, from the end backwards.
      const bytes = Buffer.alloc(3.5 * 4096, 0);
      for (let i = 0; i < bytes.length; i++) bytes[i] = 32 + (i % 90);
      const buffer = Buffer.alloc(4096);
      const move = (length: number) => {
        const fd = openSync(file, "r+");
        try {
          moveRight(file, fd, fd, length, 100, buffer);
        } finally {
          closeSync(fd);
        }
      };
      writeFileSync(file, bytes);
      move(bytes.length);
      expect(readFileSync(file).subarray(100).equals(bytes)).toBe(true);
      // Cut within the last piece read (the read comes back short), and before it (the read finds nothing).
      for (const size of [bytes.length - 10, 5000, 0]) {
        writeFileSync(file, bytes);
        truncateSync(file, size);
        let error: unknown;
        try {
          move(bytes.length);
        } catch (e) {
          error = e;
        }
        expect(error, String(size)).toBeInstanceOf(ReportFileTruncatedError);
        expect(error).toBeInstanceOf(KubewireError);
        expect(error).toMatchObject({
          name: "ReportFileTruncatedError",
          code: "KUBEWIRE_REPORT_FILE_TRUNCATED",
          file,
          writtenBytes: bytes.length,
          foundBytes: size,
        });
        expect((error as Error).message).toContain(file);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A request as recorded without a body (the field absent, as the recorder leaves it). */
function withoutBody<T extends { body?: unknown }>(request: T): Omit<T, "body"> {
  const { body: _body, ...rest } = request;
  return rest;
}
