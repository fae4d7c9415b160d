import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { importKubectlLog, importKubectlLogFile, importKubectlLogStream } from "../../../../src/index.js";
import { escapedTextBytes } from "../../../../src/internal/escaped-bytes.js";
import { renderTrafficLogEscaped } from "../../../../src/kubectl/traffic-log/render.js";
import { bodyBytes } from "../../../../src/record/index.js";
import type { TrafficLevel } from "../../../../src/index.js";
import { fixturePath } from "../../../helpers/fixtures.js";
import { importAsData } from "../../../helpers/log-import.js";

/*
 * Logs of the real kubectl 1.27 and 1.33 (fixtures/kubectl/extra, made by bench/experiments/s14-logs/capture.js)
 * whose bytes an import read as text used to lose: a Latin-1 header value and a body that is not UTF-8 (U+FFFD), a
 * body's own CRLFs between LF-ended lines (the CR), and a `--raw` 2xx answer without a body line (rendered with one).
 * Importing the bytes and rendering the import at the log's level and version gives kubectl's traffic lines back
 * byte for byte.
 */

/** The lines of kubectl's log about traffic: klog's round_trippers/request lines, body lines and their blocks. */
function trafficLines(log: Buffer): string[] {
  const out: string[] = [];
  let inTraffic = false;
  // Latin-1: a character a byte, so lines compare as bytes.
  for (const line of log.toString("latin1").split("\n").slice(0, -1)) {
    const m = /^[IWEF]\d{4} [\d:.]+ +\d+ ([^\]]+)\] (.*)$/.exec(line);
    if (m)
      inTraffic = /^(round_trippers|request)\.go:/.test(m[1]!) || /^"(Request|Response) Body" /.test(m[2]!);
    if (inTraffic) out.push(line);
  }
  return out;
}

/** Times and pids differ between kubectl's log and a render at another moment: the rest must not. */
const comparable = (line: string) =>
  line
    .replace(/^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /, "$1 T PID ")
    .replace(/\d+ milliseconds|milliseconds=\d+/g, "N ms");

function roundTrip(name: string) {
  const bytes = readFileSync(fixturePath(`kubectl/extra/${name}.stderr`));
  const [, version, level] = /-(1\.\d+)-v(\d+)$/.exec(name)!;
  const imported = importKubectlLog(bytes);
  const rendered = escapedTextBytes(
    renderTrafficLogEscaped(imported.exchanges, {
      v: Number(level) as TrafficLevel,
      kubectlVersion: version!,
      utc: true,
    }),
  );
  return { bytes, imported, rendered };
}

const CASES = ["1.27", "1.33"].flatMap((v) => ["bytes", "crlf", "raw204"].map((c) => `${c}-${v}-v8`));

describe("a kubectl log imported from its bytes renders back to them", () => {
  it.each(CASES)("%s", (name) => {
    const { bytes, rendered } = roundTrip(name);
    expect(trafficLines(rendered).map(comparable)).toEqual(trafficLines(bytes).map(comparable));
  });

  it("keeps a Latin-1 header value and a body that is not UTF-8 as the bytes kubectl printed", () => {
    for (const version of ["1.27", "1.33"]) {
      const { imported } = roundTrip(`bytes-${version}-v8`);
      const ex = imported.exchanges.find((e) => e.request.url.endsWith("/configmaps/bytes"))!;
      // A header value holds a byte a character (as Node and undici read it).
      expect(ex.response!.headers["X-Note"]).toBe("caf\u00e9");
      const body = bodyBytes(ex.response!.body!);
      expect(body.subarray(body.indexOf("caf"), body.indexOf("caf") + 9)).toEqual(
        Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0xff, 0xfe, 0x20, 0xc3]),
      );
    }
  });

  it("keeps a body's own CRLFs between LF-ended lines", () => {
    for (const version of ["1.27", "1.33"]) {
      const { imported } = roundTrip(`crlf-${version}-v8`);
      const ex = imported.exchanges.find((e) => e.request.url.endsWith("/configmaps/crlf"))!;
      const body = bodyBytes(ex.response!.body!).toString("latin1");
      expect(body).toMatch(/^\{\r\n {2}"kind": "ConfigMap",\r\n[^]*\}\r\n$/);
      expect(body.length).toBe(Number(ex.response!.headers["Content-Length"]));
    }
  });

  it("reads the same from a file, a stream and bytes, and from the log's CRLF twin", async () => {
    for (const name of CASES) {
      const path = fixturePath(`kubectl/extra/${name}.stderr`);
      const bytes = readFileSync(path);
      const whole = importAsData(importKubectlLog(bytes));
      expect(importAsData(await importKubectlLogFile(path))).toEqual(whole);
      const pieces = [];
      for (let i = 0; i < bytes.length; i += 7) pieces.push(bytes.subarray(i, i + 7));
      expect(importAsData(await importKubectlLogStream(Readable.from(pieces)))).toEqual(whole);
      // Pasted from Windows: every break a CRLF, the body's own CRs still there.
      const twin = Buffer.from(bytes.toString("latin1").replace(/\n/g, "\r\n"), "latin1");
      expect(JSON.stringify(importKubectlLog(twin).exchanges)).toBe(
        JSON.stringify(importKubectlLog(bytes).exchanges),
      );
    }
  });
});

describe("line breaks that mix LF and CRLF", () => {
  const head = (file: string) => `I1206 00:23:19.335759    3676 ${file}] `;
  const log = (eol: Record<number, string>, length: number) =>
    [
      head("round_trippers.go:463") + "GET https://h/api/v1/namespaces/d/configmaps/c",
      head("round_trippers.go:574") + "Response Status: 200 OK in 3 milliseconds",
      head("round_trippers.go:577") + "Response Headers:",
      head("round_trippers.go:580") + `    Content-Length: ${length}`,
      head("request.go:1188") + "Response Body: line1",
      "line2",
    ]
      .map((line, i) => line + (eol[i] ?? "\n"))
      .join("");
  const body = (text: string | Buffer) =>
    bodyBytes(importKubectlLog(text).exchanges[0]!.response!.body!).toString();

  it("keeps every CR when only a body's lines end in one (the body's own CRLFs)", () => {
    const text = log({ 4: "\r\n" }, 12);
    expect(body(text)).toBe("line1\r\nline2");
    expect(body(Buffer.from(text))).toBe("line1\r\nline2");
  });

  it("takes the CRs for the breaks' when a klog line of kubectl's own making ends in one (an editor's mix)", () => {
    const text = log({ 0: "\r\n", 4: "\r\n" }, 11);
    expect(body(text)).toBe("line1\nline2");
    expect(body(Buffer.from(text))).toBe("line1\nline2");
  });

  it("takes them for the breaks' when a line after a klog line of kubectl's own making ends in one (wrapped, output)", () => {
    // A page wrapped the status line: its second piece, no klog line, ends in the editor's CRLF.
    const text = log({ 4: "\r\n" }, 11).replace(" in 3 milliseconds\n", "\nin 3 milliseconds\r\n");
    expect(body(text)).toBe("line1\nline2");
    expect(body(Buffer.from(text))).toBe("line1\nline2");
  });
});

it("a body whose bytes number its Content-Length is whole, even when it starts like JSON and never closes", () => {
  const log = [
    "I0101 00:00:00.000000    4242 round_trippers.go:553] GET https://h/api/v1/namespaces/a/configmaps 200 OK in 0 milliseconds",
    "I0101 00:00:00.000000    4242 round_trippers.go:577] Response Headers:",
    "I0101 00:00:00.000000    4242 round_trippers.go:580]     Content-Length: 2",
    "I0101 00:00:00.000000    4242 request.go:1188] Response Body: {\udc80",
    "",
  ].join("\n");
  const body = importKubectlLog(escapedTextBytes(log)).exchanges[0]!.response!.body!;
  expect(body.truncated).toBeUndefined();
  expect([...bodyBytes(body)]).toEqual([0x7b, 0x80]);
});
