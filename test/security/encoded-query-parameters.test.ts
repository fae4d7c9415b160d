import { describe, expect, it } from "vitest";
import { redactExchange, redactSecretText } from "../../src/record/index.js";
import type { Exchange } from "../../src/index.js";
import { expectNoLeak, recordingOutputs } from "./support.js";

// A credential query parameter percent-encoded inside another parameter's value (an OAuth `redirect_uri`, a login
// page's `next` or `return`, a proxy's `url=`) was left in clear in the request URL, a `Location` header and any
// text: the query rules read `?`, `&` and `=` only as they stand. The rule: `%3F`, `%26` or `%3B`, a credential
// name, `%3D` and the value are read as the parameter they encode; a URL's parameter values are read decoded (so
// one encoded twice is found too), and what changes is written back encoded.
const SECRET = "Zq30hunterXY7enc";

describe("a credential query parameter encoded in another's value", () => {
  it.each([
    `login https://idp/authorize?redirect_uri=https%3A%2F%2Fapp%2Fcb%3Fstate%3D1%26access_token%3D${SECRET}%26x%3D1 ok`,
    `next=%2Fcb%3Btoken%3D${SECRET}`,
    `a%3fsig%3d${SECRET}%23frag`,
    `{"url":"https://h/?return=%2Fcb%3Fcode%3D${SECRET}"}`,
  ])("in text: %s", (text) => {
    const out = redactSecretText(text);
    expect(out).not.toContain(SECRET);
    expect(out).toContain("%5Bredacted%20len%3D16%20");
    expect(redactSecretText(out)).toBe(out);
  });

  it("keeps encoded parameters that are no credential", () => {
    for (const kept of [
      "https%3A%2F%2Fh%2F%3Fpage%3D2%26limit%3D500",
      "?labelSelector=app%3Dweb%2Ctier%3Dfront",
    ])
      expect(redactSecretText(kept)).toBe(kept);
  });

  it("in a request URL (encoded once and twice) and a Location header, through every recording output", () => {
    const twice = encodeURIComponent(
      `https://a/b?x=1&next=${encodeURIComponent(`https://c/?token=${SECRET}`)}`,
    );
    const exchange: Exchange = {
      seq: 0,
      startedAt: "2026-12-05T10:00:00.000000Z",
      durationMs: 1,
      request: {
        method: "GET",
        url: `https://h:6443/api/v1/namespaces/d/services/s:80/proxy/?next=${twice}&labelSelector=app%3Dweb`,
        headers: {},
      },
      response: {
        status: 302,
        statusText: "Found",
        headers: { Location: `https://h/login?return=${encodeURIComponent(`/cb?code=${SECRET}`)}` },
        body: { kind: "json", value: {}, bytes: 0 },
      },
    };
    const redacted = redactExchange(exchange);
    expect(redacted.request.url).toContain("&labelSelector=app%3Dweb");
    expectNoLeak(recordingOutputs([redacted]), SECRET);
  });
});
