import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { importKubectlLog, importKubectlLogFile, renderTrafficLog } from "../../../../src/index.js";
import type { Exchange } from "../../../../src/index.js";
import { jsonBody } from "../../../../src/record/exchange/body.js";
import { serializeCassette } from "../../../../src/record/index.js";

const SECRET_VALUE = "c3VwZXItc2VjcmV0LXBhc3N3b3JkLTEyMzQ1Njc4OTA=";

/** A list of Secrets longer than kubectl logs at -v=8 and -v=9: its body is logged truncated. */
function secretListExchange(): Exchange {
  const items = Array.from({ length: 60 }, (_, i) => ({
    metadata: { name: `s-${i}`, namespace: "default" },
    type: "Opaque",
    data: { password: SECRET_VALUE, padding: "x".repeat(200) },
  }));
  const body = jsonBody({ kind: "SecretList", apiVersion: "v1", metadata: {}, items });
  return {
    seq: 0,
    startedAt: "2026-11-25T19:23:21.000000Z",
    durationMs: 3,
    request: {
      method: "GET",
      url: "https://127.0.0.1:6443/api/v1/namespaces/default/secrets",
      headers: { Accept: "application/json" },
    },
    response: {
      status: 200,
      statusText: "OK",
      headers: { "Content-Type": "application/json", "Content-Length": String(body.bytes) },
      body,
    },
  };
}

describe("a truncated body in an imported log", () => {
  it("is redacted when read, from a string or a file, at every level that truncates", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubewire-truncated-"));
    try {
      for (const v of [8, 9] as const)
        for (const kubectlVersion of ["1.31", "1.33"]) {
          const log = renderTrafficLog([secretListExchange()], { v, kubectlVersion, showSecrets: true });
          expect(log).toContain(SECRET_VALUE);
          const file = join(dir, `v${v}-${kubectlVersion}.log`);
          writeFileSync(file, log);
          for (const result of [importKubectlLog(log), await importKubectlLogFile(file)]) {
            const [ex] = result.exchanges;
            expect(ex!.response!.body!.truncated).toBe(true);
            expect(ex!.response!.body!.kind).toBe("text");
            expect(result.stats.truncatedBodies).toBe(1);
            expect(JSON.stringify(result.exchanges)).not.toContain(SECRET_VALUE);
            // What console.log or a debugger's printout of the result shows: nothing of the held bytes either.
            expect(inspect(result, { depth: Infinity, getters: true })).not.toContain(SECRET_VALUE);
            expect(inspect(result, { depth: Infinity })).not.toContain(SECRET_VALUE);
            expect(serializeCassette(result.cassette)).not.toContain(SECRET_VALUE);
            expect(ex!.redacted).toBe(true);
          }
        }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
