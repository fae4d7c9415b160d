import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadCassette } from "../../src/index.js";
import type { Cassette } from "../../src/index.js";
import { renderReport } from "../../src/report/index.js";
import { fixturePath } from "../helpers/fixtures.js";
// The benchmark's long session (plain data, no import of kubewire): lists, Secret lists, writes, watches, errors.
// @ts-expect-error -- plain JavaScript shared with the benchmark (bench/scenarios/report.js)
import { reportSession as untypedReportSession } from "../../bench/lib/report-session.js";

const reportSession = untypedReportSession as (n: number) => Cassette;

/**
 * The page's bytes, pinned: each hash is of the page made by the implementation before the report's speed work of
 * 5 December 2026 (main at cdb6bff). Speed work must not change a byte; a change of the page on purpose updates
 * these hashes in the same commit, and says so.
 */
const GOLDEN: Record<string, string> = {
  bench: "def3631488ee40e3b42910a0c01570763e0c96b6d09eadc3ab0763a8dfbdb8cf",
  demo: "f86998d1285d16ba6cb7db5a6a8648fe2ab4106c3ae4c54680c83558e143d679",
  orphans: "f8e6913c906b2fd7a23e1e327ba54c78420f8f5327f414dc0d69ff5f17f16978",
  showcase: "99ef774b77f359151746e3ca4b93a967e22a032fbb63e912b38fd82ce1a33b20",
  unredacted: "58c4779e55c3e92f63d881bc82bbabc3f2bc8c02992bdc17119454ed0fcb7c13",
};

const sha = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** The benchmark's session with its redaction undone in places: values the report must redact itself. */
function unredacted(n: number): Cassette {
  const session = reportSession(n);
  const text = JSON.stringify(session)
    .replace(/\[redacted len=24 hmac:[0-9a-f]{8}\]/g, "s3cr3t-Passw0rd-value-123")
    .replace(
      /Bearer \[redacted len=876 hmac:[0-9a-f]{8}\]/g,
      "Bearer eyJhbGciOiJSUzI1NiJ9.payload.signature",
    );
  const cassette = JSON.parse(text) as Cassette;
  // A list whose text holds an integer beyond 2^53 (kept exactly as `raw`), and a token in a URL.
  const list = cassette.exchanges.find((e) => e.request.url.includes("labelSelector"));
  if (list?.response?.body?.kind === "json") {
    const raw = JSON.stringify(list.response.body.value).replace(
      '"resourceVersion":"',
      '"big":12345678901234567890,"resourceVersion":"',
    );
    list.response.body = { ...list.response.body, raw: `${raw}\n`, bytes: Buffer.byteLength(raw) + 1 };
  }
  const get = cassette.exchanges.find((e) => e.request.method === "GET" && !e.request.url.includes("?"));
  if (get) get.request.url += "?access_token=abcdef123456";
  return cassette;
}

describe("the report page, byte for byte", () => {
  it("is the page the implementation before the speed work made, for varied sessions", async () => {
    const sessions: Record<string, Cassette> = {
      showcase: await loadCassette(fixturePath("report/showcase.cassette.json")),
      demo: await loadCassette(fixturePath("demo/configmaps-by-label.cassette.json")),
      orphans: await loadCassette(fixturePath("cassettes/orphan-configmaps.cassette.json")),
      bench: reportSession(700),
      unredacted: unredacted(400),
    };
    const pages = Object.fromEntries(
      Object.entries(sessions).map(([name, cassette]) => [name, renderReport(cassette, { title: name })]),
    );
    // The session with values to redact is redacted (and so tests redaction's paths, not only the page's).
    for (const secret of ["s3cr3t-Passw0rd", "eyJhbGciOiJSUzI1NiJ9", "abcdef123456"])
      expect(pages.unredacted!.includes(secret), secret).toBe(false);
    expect(pages.unredacted).toContain("12345678901234567890");
    const hashes = Object.fromEntries(Object.entries(pages).map(([name, page]) => [name, sha(page)]));
    expect(hashes).toEqual(GOLDEN);
  });
});
