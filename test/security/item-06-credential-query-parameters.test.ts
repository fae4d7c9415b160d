// Issue 17, item 6: credential query parameters beyond access_token/token (refresh_token, id_token, api_key, code,
// X-Amz-Signature...), also in Location headers, and in the replay server's miss report, its 404 body and
// CassetteMissError.
import { describe, expect, it } from "vitest";
import { CassetteMissError } from "../../src/index.js";
import { redactExchange, startReplayServer } from "../../src/record/index.js";
import type { Exchange } from "../../src/index.js";
import { errorOutputs, expectNoLeak, recordingOutputs } from "./support.js";

const PARAMS = [
  "refresh_token",
  "id_token",
  "api_key",
  "apikey",
  "client_secret",
  "code",
  "password",
  "X-Amz-Signature",
  "X-Amz-Credential",
  "X-Amz-Security-Token",
  "X-Goog-Signature",
  "sig",
];

function valueOf(name: string): string {
  return `q-${name.toLowerCase().replace(/[^a-z]/g, "")}-s3cret-v4lue`;
}

const query = PARAMS.map((p) => `${p}=${valueOf(p)}`).join("&");

describe("credential query parameters", () => {
  it("are redacted in URLs and Location headers of every recording output", () => {
    const exchange: Exchange = {
      seq: 0,
      startedAt: "2026-01-01T00:00:00.000000Z",
      durationMs: 1,
      request: { method: "GET", url: `https://h/api/v1/namespaces?${query}`, headers: {} },
      response: {
        status: 302,
        statusText: "Found",
        headers: { Location: `https://idp.example.com/cb?${query}` },
      },
    };
    const outputs = recordingOutputs([redactExchange(exchange)]);
    for (const p of PARAMS) expectNoLeak(outputs, valueOf(p));
  });

  it("never appear in the replay server's miss report, its 404 body or CassetteMissError", async () => {
    const recorded: Exchange = {
      seq: 0,
      startedAt: "2026-01-01T00:00:00.000000Z",
      durationMs: 1,
      request: {
        method: "GET",
        url: `https://h/api/v1/namespaces/default/configmaps?${query}&limit=1`,
        headers: {},
      },
      response: { status: 200, statusText: "OK", headers: {}, body: { kind: "text", text: "{}", bytes: 2 } },
    };
    const server = await startReplayServer({
      version: 1,
      recordedAt: "2026-01-01T00:00:00.000000Z",
      exchanges: [recorded],
    });
    try {
      const live = `${server.url}/api/v1/namespaces/default/configmaps?${query.replace(/v4lue/g, "other")}&limit=2`;
      const res = await fetch(live);
      const body = await res.text();
      expect(res.status).toBe(404);
      const miss = server.misses[0];
      expect(miss).toBeInstanceOf(CassetteMissError);
      const outputs = { body, ...errorOutputs(miss), closest: JSON.stringify(miss?.closest) };
      for (const p of PARAMS) {
        expectNoLeak(outputs, valueOf(p));
        expectNoLeak(outputs, valueOf(p).replace("v4lue", "other"));
      }
    } finally {
      await server.close();
    }
  });
});
