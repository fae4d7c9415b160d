import { describe, expect, it } from "vitest";
import { importKubectlLog, renderTrafficLog } from "../../../../src/index.js";
import { hexDump } from "../../../../src/kubectl/traffic-log/hex-dump.js";
import {
  bodyBytes,
  bodyFromBytes,
  parseCassette,
  serializeCassette,
  validateCassette,
} from "../../../../src/record/index.js";
import type { Exchange } from "../../../../src/index.js";
import { readFixture } from "../../../helpers/fixtures.js";

/** What an import says about each exchange, for comparing two imports of the same traffic. */
function essence(exchanges: Exchange[]) {
  return exchanges.map((ex) => ({
    method: ex.request.method,
    url: ex.request.url,
    requestHeaders: ex.request.headers,
    requestBody: ex.request.body && {
      bytes: bodyBytes(ex.request.body).toString("base64"),
      truncated: ex.request.body.truncated,
      total: ex.request.body.bytes,
    },
    status: ex.response?.status,
    responseHeaders: ex.response?.headers,
    responseBody: ex.response?.body && {
      bytes: bodyBytes(ex.response.body).toString("base64"),
      truncated: ex.response.body.truncated,
      total: ex.response.body.bytes,
    },
    error: ex.error?.code,
    durationMs: ex.durationMs,
    connection: ex.connection,
    caller: ex.caller,
  }));
}

const SAMPLES = [
  "kubectl/captures/https/1.27/json-v9.stderr",
  "kubectl/captures/https/1.29/json-v8.stderr",
  "kubectl/captures/https/1.31/create-v8.stderr",
  "kubectl/captures/https/1.32/create-v9.stderr",
  "kubectl/captures/https/1.33/json-v9.stderr",
  "kubectl/captures/https/1.27/tab-json-v8.stderr",
  "kubectl/captures/https/1.33/tab-json-v8.stderr",
  "kubectl/captures/https/1.30/big-json-v9.stderr",
  "kubectl/captures/refused/1.33/json-v9.stderr",
  "kubectl/captures/crd/1.27/cr-json-v9.stderr",
  "realapi/kubectl/kubectl-1.27-get-cm-notfound.stderr",
  "realapi/kubectl/kubectl-1.33-get-cm-notfound.stderr",
];

/** Output that shares a terminal with kubectl's log: its own stdout, a shell, other components' klog lines. */
const NOISE = [
  "$ kubectl get configmap --selector app=blog -n list-resources-ns -o json --v=9",
  "NAME          DATA   AGE",
  "hello-world   2      2y148d",
  'Error from server (NotFound): configmaps "nope" not found',
  "W1125 19:27:13.000001    8096 warnings.go:70] v1 ComponentStatus is deprecated in v1.19+",
  'E1125 19:27:13.000002    8096 memcache.go:265] "Unhandled Error" err="couldn\'t get resource list for metrics.k8s.io/v1beta1: the server is currently unable to handle the request"',
  "F1125 19:27:13.000003    8096 helpers.go:116] error: something fatal",
  "goroutine 1 [running]:",
  "k8s.io/klog/v2.stacks(0x1)",
  "\t/go/pkg/mod/k8s.io/klog/v2@v2.130.1/klog.go:1031 +0x8a",
  "",
];

/** Inserts noise before klog header lines (never inside an entry: klog writes each entry in one write). */
function interleave(text: string, seed: number): { text: string; inserted: number } {
  const lines = text.split("\n").slice(0, -1);
  const out: string[] = [];
  let inserted = 0;
  lines.forEach((line, i) => {
    if (/^[IWEF]\d{4} /.test(line) && (i * 7 + seed) % 3 === 0) {
      out.push(NOISE[(i + seed) % NOISE.length]!);
      inserted++;
    }
    out.push(line);
  });
  return { text: out.join("\n") + "\n", inserted };
}

describe("importKubectlLog on logs as people paste them", () => {
  for (const sample of SAMPLES) {
    const text = readFixture(sample);
    const clean = importKubectlLog(text);

    it(`${sample}: the same exchanges whatever surrounds the log`, () => {
      expect(clean.exchanges.length).toBeGreaterThan(0);
      const variants = {
        indented: text.replace(/^(?=.)/gm, "    "),
        quoted: text.replace(/^/gm, "> ").replace(/> $/, ""),
        "CI timestamps": text.replace(/^(?=.)/gm, "2026-11-25T19:27:13.1234567Z "),
        CRLF: text.replace(/\n/g, "\r\n"),
        "shell prompt first": "user@host:~$ kubectl get cm -v=9\n" + text,
        "no final newline": text.replace(/\n$/, ""),
      };
      for (const [name, variant] of Object.entries(variants)) {
        const imported = importKubectlLog(variant);
        expect({ name, exchanges: essence(imported.exchanges) }).toEqual({
          name,
          exchanges: essence(clean.exchanges),
        });
      }
    });

    it(`${sample}: interleaved output is counted and skipped`, () => {
      const { text: noisy, inserted } = interleave(text, sample.length);
      const imported = importKubectlLog(noisy);
      expect(essence(imported.exchanges)).toEqual(essence(clean.exchanges));
      expect(imported.stats.trafficLines).toBe(clean.stats.trafficLines);
      const skipped = imported.stats.otherKlogLines + imported.stats.unrecognizedLines;
      expect(skipped).toBe(clean.stats.otherKlogLines + clean.stats.unrecognizedLines + inserted);
    });

    it(`${sample}: cut off anywhere, it keeps what is whole and marks what is not`, () => {
      const full = essence(clean.exchanges);
      for (let cut = 0; cut < text.length; cut += Math.max(1, Math.floor(text.length / 97))) {
        const imported = importKubectlLog(text.slice(0, cut));
        expect(() => validateCassette(JSON.parse(serializeCassette(imported.cassette)))).not.toThrow();
        const got = essence(imported.exchanges);
        expect(got.length).toBeLessThanOrEqual(full.length);
        got.forEach((ex, i) => {
          const whole = full[i]!;
          expect([ex.method, ex.url]).toEqual([whole.method, whole.url]);
          for (const side of ["requestBody", "responseBody"] as const) {
            const body = ex[side];
            if (!body) continue;
            // A body is either the whole body or marked truncated, and then it is a prefix of the whole one.
            if (body.truncated) {
              const held = Buffer.from(body.bytes, "base64");
              const prefix = Buffer.from(whole[side]!.bytes, "base64").subarray(0, held.length);
              expect(prefix.equals(held)).toBe(true);
              if (body.total > held.length) expect(body.total).toBe(whole[side]!.total);
            } else expect(body).toEqual(whole[side]);
          }
        });
      }
    });
  }
});

describe("what the import keeps", () => {
  it("truncated bodies: the logged prefix, marked, with the size the server announced", () => {
    for (const [file, held] of [
      ["kubectl/captures/https/1.27/big-json-v8.stderr", 1024],
      ["kubectl/captures/https/1.33/big-json-v9.stderr", 10240],
    ] as const) {
      const big = importKubectlLog(readFixture(file)).exchanges.at(-1)!;
      expect(big.response!.body).toMatchObject({ kind: "text", truncated: true, bytes: 12274 });
      expect(bodyBytes(big.response!.body!).length).toBe(held);
      expect(big.response!.headers["Content-Length"]).toBe("12274");
    }
    const whole = importKubectlLog(
      readFixture("kubectl/captures/https/1.33/big-json-v10.stderr"),
    ).exchanges.at(-1)!;
    expect(whole.response!.body!.truncated).toBeUndefined();
    expect(bodyBytes(whole.response!.body!).length).toBe(12274);
  });

  it("hex dumps: protobuf as binary bytes, truncated dumps as the bytes whose hex was logged", () => {
    const create = importKubectlLog(readFixture("kubectl/captures/https/1.33/create-v8.stderr"))
      .exchanges[0]!;
    expect(create.request.body!.kind).toBe("binary");
    expect(bodyBytes(create.request.body!).subarray(0, 4).toString("latin1")).toBe("k8s\u0000");
    expect(create.request.body!.bytes).toBe(80);
    const tab = importKubectlLog(readFixture("kubectl/captures/https/1.27/tab-json-v8.stderr")).exchanges.at(
      -1,
    )!;
    const body = tab.response!.body!;
    expect(body.truncated).toBe(true);
    expect(body.bytes).toBe(Number(tab.response!.headers["Content-Length"]));
    expect(bodyBytes(body).length).toBe(13 * 16);
    expect(hexDump(bodyBytes(body)).slice(0, 1024)).toBe(
      readFixture("kubectl/captures/https/1.27/tab-json-v8.stderr")
        .split("Response Body:\n")
        .at(-1)!
        .slice(0, 1024),
    );
  });

  it("a dump cut before its first byte below 0x0A is rendered as a dump again", () => {
    const bytes = Buffer.concat([Buffer.alloc(2000, 0x61), Buffer.of(1)]);
    const ex: Exchange = {
      seq: 0,
      startedAt: "2026-11-25T19:28:12.000001Z",
      durationMs: 1,
      request: { method: "GET", url: "https://h/api/v1/namespaces/a/configmaps/x", headers: {} },
      response: {
        status: 200,
        statusText: "OK",
        headers: { "Content-Type": "text/plain", "Content-Length": String(bytes.length) },
        body: bodyFromBytes(bytes, "text/plain")!,
      },
      caller: "helper.go:105",
    };
    for (const kubectlVersion of ["1.29", "1.33"]) {
      const options = { v: 8, kubectlVersion, pid: 7, utc: true } as const;
      const log = renderTrafficLog([ex], options);
      const imported = importKubectlLog(log).exchanges;
      expect(imported[0]!.fromLog!.hexDump).toEqual(["responseBody"]);
      expect(renderTrafficLog(imported, options)).toBe(log);
    }
  });

  it("empty statuses: exchanges with the transport error and Go's message", () => {
    const refused = importKubectlLog(readFixture("kubectl/captures/refused/1.27/json-v6.stderr"));
    expect(refused.exchanges).toHaveLength(5);
    expect(refused.stats.failedExchanges).toBe(5);
    expect(refused.exchanges[0]!.error).toEqual({
      name: "TransportError",
      message: "dial tcp 127.0.0.1:1: connect: connection refused",
      code: "ECONNREFUSED",
    });
    const cut = importKubectlLog(
      readFixture("kubectl/captures/https/1.27/json-v7.stderr").split("\n").slice(0, 5).join("\n") + "\n",
    );
    expect(cut.exchanges[0]!.error).toMatchObject({ name: "IncompleteExchangeError", code: "LOG_ENDED" });
  });

  it("times: the year and zone from the Date header, or from the options", () => {
    const log = readFixture("kubectl/captures/https/1.27/json-v8.stderr");
    expect(importKubectlLog(log).exchanges[0]!.startedAt).toBe("2026-11-25T19:27:13.301191Z");
    const shifted = log.replace(/^I1125 19:/gm, "I1125 20:");
    expect(importKubectlLog(shifted).detected.utcOffsetMinutes).toBe(60);
    expect(importKubectlLog(shifted).exchanges[0]!.startedAt).toBe("2026-11-25T19:27:13.301191Z");
    const v6 = readFixture("kubectl/captures/https/1.27/json-v6.stderr"); // no headers at -v=6
    expect(importKubectlLog(v6, { year: 2020, utcOffsetMinutes: -300 }).exchanges[0]!.startedAt).toBe(
      "2020-11-26T00:27:12.486717Z",
    );
  });

  it("detects format, version, level and pid", () => {
    expect(
      importKubectlLog(readFixture("kubectl/captures/https/1.31/json-v8.stderr")).detected,
    ).toMatchObject({
      format: "classic",
      kubectlVersion: "1.31",
      level: 8,
    });
    expect(importKubectlLog(readFixture("kubectl/captures/http/1.32/json-v6.stderr")).detected).toMatchObject(
      {
        format: "hybrid",
        kubectlVersion: "1.32",
        level: 6,
      },
    );
    expect(
      importKubectlLog(readFixture("kubectl/captures/https/1.33/json-v10.stderr")).detected,
    ).toMatchObject({
      format: "structured",
      kubectlVersion: "1.33",
      level: 10,
      pid: 11277,
    });
    expect(importKubectlLog("no log here\n").detected).toEqual({ utcOffsetMinutes: 0 });
  });

  it("a classic body with newlines of its own: as many lines as Content-Length says, the rest is other output", () => {
    const html = "<html>\n<body>bad gateway</body>\n</html>\n";
    const log = [
      "I0101 10:00:00.000001       7 round_trippers.go:463] GET https://proxy.example/api?timeout=32s",
      "I0101 10:00:00.000002       7 round_trippers.go:469] Request Headers:",
      "I0101 10:00:00.000003       7 round_trippers.go:473]     Accept: application/json",
      "I0101 10:00:00.002001       7 round_trippers.go:574] Response Status: 502 Bad Gateway in 2 milliseconds",
      "I0101 10:00:00.002002       7 round_trippers.go:577] Response Headers:",
      "I0101 10:00:00.002003       7 round_trippers.go:580]     Content-Type: text/html",
      `I0101 10:00:00.002004       7 round_trippers.go:580]     Content-Length: ${html.length}`,
      `I0101 10:00:00.002100       7 request.go:1212] Response Body: ${html}`.trimEnd(),
      "The connection to the server proxy.example was refused",
      "",
    ].join("\n");
    const imported = importKubectlLog(log, { year: 2026 });
    expect(bodyBytes(imported.exchanges[0]!.response!.body!).toString()).toBe(html);
    expect(imported.stats).toMatchObject({ trafficLines: 10, unrecognizedLines: 1 });
    // Rendered back the same, each line at its exchange's time (kubectl's lines are microseconds apart).
    const time = (t: string) => t.replace(/\.\d{6} /gm, ".uuuuuu ");
    expect(
      time(renderTrafficLog(imported.exchanges, { v: 8, kubectlVersion: "1.28", pid: 7, utc: true })),
    ).toBe(time(log.split("\n").slice(0, 10).join("\n") + "\n"));
  });

  it("redacts before returning: Secret values and tokens never leave the import", () => {
    const secret = "c2VjcmV0LXZhbHVlLTEyMzQ="; // base64 of secret-value-1234
    const listStart = (pad: number) =>
      `{"kind":"SecretList","metadata":{"pad":"${"x".repeat(pad)}"},"items":[{"data":{"a":"${secret}","b":"${secret.slice(0, 10)}`;
    const truncatedList = listStart(1024 - listStart(0).length);
    expect(truncatedList.length).toBe(1024);
    const log = [
      'I0101 10:00:00.000001       7 helper.go:113] "Request Body" body=""',
      'I0101 10:00:00.000002       7 round_trippers.go:527] "Request" curlCommand=<',
      '\tcurl -v -XGET  -H "Authorization: Bearer <masked>" -H "X-Auth-Token: raw-header-token" \'https://h/api/v1/namespaces/n/secrets?limit=500\'',
      " >",
      'I0101 10:00:00.003000       7 round_trippers.go:632] "Response" verb="GET" url="https://h/api/v1/namespaces/n/secrets?limit=500" status="200 OK" headers="" milliseconds=3 getConnectionMilliseconds=0',
      // A SecretList cut at 1024 bytes: no longer JSON, still redacted.
      `I0101 10:00:00.003100       7 helper.go:113] "Response Body" body=${JSON.stringify(truncatedList + " [truncated 5000 chars]")}`,
      "",
    ].join("\n");
    const imported = importKubectlLog(log);
    const everything = JSON.stringify(imported) + serializeCassette(imported.cassette);
    for (const s of [secret, secret.slice(0, 10), "raw-header-token"])
      expect(everything.includes(s)).toBe(false);
    expect(imported.exchanges[0]!.response!.body).toMatchObject({ kind: "text", truncated: true });
    expect(imported.exchanges[0]!.request.headers.Authorization).toBe("Bearer <masked>");
    expect(parseCassette(serializeCassette(imported.cassette)).exchanges[0]!.redacted).toBe(true);
  });
});

describe("an empty request body line", () => {
  // Found by the render → import property: a 1.33 log of a GET that failed to dial shows `body=""`, and the import
  // marked the body absent, so rendering the import dropped the line.
  it("is kept by the import: rendering it again gives the same log", () => {
    const failed: Exchange = {
      seq: 0,
      startedAt: "2026-01-01T00:00:00.000000Z",
      durationMs: 0,
      request: { method: "GET", url: "https://127.0.0.1:6443/api/v1/namespaces/a/configmaps", headers: {} },
      caller: "helper.go:113",
      error: { name: "TransportError", message: "dial tcp 127.0.0.1:6443: connect: connection refused" },
    };
    const log = renderTrafficLog([failed], { v: 8, kubectlVersion: "1.33" });
    expect(log).toContain('"Request Body" body=""');
    const imported = importKubectlLog(log).cassette.exchanges;
    expect(renderTrafficLog(imported, { v: 8, kubectlVersion: "1.33" })).toBe(log);
  });
});
