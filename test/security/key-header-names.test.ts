import { describe, expect, it } from "vitest";
import { redactExchange } from "../../src/record/index.js";
import type { Exchange } from "../../src/index.js";
import { expectNoLeak, recordingOutputs } from "./support.js";

// An API gateway's key sent as `Ocp-Apim-Subscription-Key` (Azure API Management), `X-Functions-Key` (Azure
// Functions) or `X-Master-Key` was recorded in clear: the header rule named `api-key` but no other key. The rule: a
// header whose name ends in `-key` or `_key` is a credential whole; WebSocket's `Sec-WebSocket-Key` (a public
// handshake nonce that every `kubectl exec` sends) is kept.
const SECRET = "gatewayKeyValue1234";

function withHeaders(headers: Record<string, string>): Exchange {
  return {
    seq: 0,
    startedAt: "2026-12-05T10:00:00.000000Z",
    durationMs: 1,
    request: { method: "GET", url: "https://gateway.example.com/k8s/api/v1/pods", headers },
    response: { status: 200, statusText: "OK", headers: {}, body: { kind: "json", value: {}, bytes: 2 } },
  };
}

describe("a header named like a key", () => {
  it.each(["Ocp-Apim-Subscription-Key", "X-Functions-Key", "x-master_key"])(
    "%s is redacted whole",
    (name) => {
      const exchange = redactExchange(withHeaders({ [name]: SECRET }));
      expect(exchange.request.headers[name]).toMatch(/^\[redacted len=19/);
      expectNoLeak(recordingOutputs([exchange]), SECRET);
    },
  );

  it("keeps WebSocket's handshake nonce and headers that only hold the word", () => {
    const headers = { "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "X-Keyboard": "us", Accept: "*/*" };
    expect(redactExchange(withHeaders(headers)).request.headers).toEqual(headers);
  });
});
