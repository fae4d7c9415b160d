import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redactExchange } from "../../../src/record/index.js";
import { redactBody, redactionMarker } from "../../../src/record/redact/redact.js";
import type { Body } from "../../../src/index.js";

/** Secret values from an alphabet nothing else in these documents uses: a run of 4 capitals is a leak. */
const value = fc.stringMatching(/^[A-Z]{8,24}$/);
const LEAK = /[A-Z]{4,}/;

function truncated(text: string): Body {
  return { kind: "text", text, bytes: Buffer.byteLength(text) + 500, truncated: true };
}

describe("redaction of JSON cut short (truncated log bodies, dropped connections)", () => {
  it("leaves no Secret value, whole or in part, wherever the text is cut", () => {
    const doc = fc.record({
      values: fc.array(value, { minLength: 1, maxLength: 3 }),
      list: fc.boolean(),
      kindFirst: fc.boolean(),
      field: fc.constantFrom("data", "stringData"),
    });
    fc.assert(
      fc.property(
        doc,
        fc.constantFrom("/api/v1/namespaces/n/secrets", "/api/v1/namespaces/n/pods"),
        ({ values, list, kindFirst, field }, path) => {
          const map = Object.fromEntries(values.map((v, i) => [`k${i}`, v]));
          // kube-apiserver writes kind first; kubectl sends manifests with sorted keys (data before kind).
          const secret = kindFirst
            ? { kind: "Secret", apiVersion: "v1", [field]: map }
            : { apiVersion: "v1", [field]: map, kind: "Secret" };
          const text = JSON.stringify(
            list ? { kind: "SecretList", items: [{ metadata: { name: "a" }, [field]: map }] } : secret,
          );
          // A manifest with sorted keys goes to a secrets URL: only the URL says what it is before "kind" comes.
          const url = `https://h${kindFirst || list ? path : "/api/v1/namespaces/n/secrets"}`;
          for (let cut = 1; cut < text.length; cut++) {
            const r = redactBody(truncated(text.slice(0, cut)), { url });
            expect(r.body.kind).toBe("text");
            expect(LEAK.test((r.body as { text: string }).text)).toBe(false);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("gives whole values the marker full redaction gives them, and keeps the rest of the text", () => {
    const text =
      '{"kind":"Secret","apiVersion":"v1","metadata":{"name":"db"},"data":{"password":"SUPERSECRET","user":"ADMINUSER"},"type":"Opa';
    const r = redactBody(truncated(text));
    expect((r.body as { text: string }).text).toBe(
      `{"kind":"Secret","apiVersion":"v1","metadata":{"name":"db"},"data":{"password":"${redactionMarker("SUPERSECRET")}","user":"${redactionMarker("ADMINUSER")}"},"type":"Opa`,
    );
    expect(r.body.truncated).toBe(true);
  });

  it("redacts credential keys anywhere, and leaves cut ConfigMaps alone", () => {
    const token =
      '{"kind":"TokenRequest","status":{"token":"EYJHBGCIOIJSUZI1NIIS","expirationTimestamp":"2026';
    expect(LEAK.test((redactBody(truncated(token)).body as { text: string }).text)).toBe(false);
    const cm = '{"kind":"ConfigMapList","items":[{"metadata":{"name":"a"},"data":{"k":"VISIBLE';
    expect(redactBody(truncated(cm)).changed).toBe(false);
  });

  it("keeps kubectl's <masked> as it is: an imported log holds no more than that", () => {
    const ex = redactExchange({
      seq: 0,
      startedAt: "2026-11-25T19:27:13.708714Z",
      durationMs: 1,
      request: {
        method: "GET",
        url: "https://h/api",
        headers: { Authorization: "Bearer <masked>", "X-Token": "<masked>" },
      },
      response: { status: 200, statusText: "OK", headers: {} },
    });
    expect(ex.request.headers).toEqual({ Authorization: "Bearer <masked>", "X-Token": "<masked>" });
    expect(ex.redacted).toBeUndefined();
  });
});
