import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Body, Cassette, Exchange } from "../../src/index.js";
import { bodyText } from "../../src/record/index.js";
import { redactExchange, redactExchangeReadingTexts } from "../../src/record/redact/redact.js";
import { replayCurlCommand } from "../../src/kubectl/traffic-log/curl.js";
import { BodyTexts } from "../../src/report/body-text.js";
import { admissionOf, kubectlOf } from "../../src/report/derived-views.js";
import { buildReportData } from "../../src/report/report-data.js";
import { runs } from "../reliability/support/fuzz-support.js";
import { session, toExchange } from "../reliability/support/secret-material.js";
import type { WireExchange } from "../reliability/support/secret-material.js";

/**
 * The report makes each body's text once and lends it to redaction (redactExchangeReadingTexts), instead of
 * redaction and the page each making it: the exchange redaction returns, and everything the page derives from it,
 * must be what redactExchange alone gives, on random sessions full of secrets (Secrets and SecretLists, watches,
 * Tables, writes of every kind, tokens, kubeconfigs, credential headers), as a recorder captured them and as a
 * cassette file holds them.
 */

const exchangesOf = (s: readonly WireExchange[]): Exchange[] => s.map((w, i) => toExchange(w, i));
/** As a cassette file holds them: plain data, JSON bodies as values. */
const loaded = (exchanges: Exchange[]): Exchange[] => JSON.parse(JSON.stringify(exchanges)) as Exchange[];
const cassetteOf = (exchanges: Exchange[]): Cassette => ({
  version: 1,
  recordedAt: "2026-03-01T10:00:00.000000Z",
  exchanges,
});

const bodiesOf = (e: Exchange): Body[] =>
  [e.request.body, e.response?.body].filter((b): b is Body => b !== undefined);

/** An exchange with everything it shows: its JSON, and the `redacted` flag (a getter on some). */
const shown = (e: Exchange) => ({ json: JSON.stringify(e), redacted: e.redacted === true });

describe("the report's shared body texts", () => {
  it("answer what bodyText answers, made once per body until cleared", () => {
    fc.assert(
      fc.property(session, fc.boolean(), (s, plain) => {
        const exchanges = plain ? loaded(exchangesOf(s)) : exchangesOf(s);
        const made: Body[] = [];
        const texts = new BodyTexts();
        for (const e of exchanges) {
          texts.clear();
          for (const body of bodiesOf(e)) {
            const first = texts.of(body);
            made.push(body);
            expect(first).toBe(bodyText(body));
            // The same string, not another one equal to it: the page embeds what redaction scanned.
            expect(texts.of(body)).toBe(first);
          }
        }
        expect(made.length).toBeGreaterThan(0);
      }),
      runs(100, 9101),
    );
  });

  it("leave redaction's answer as redactExchange's, and nothing is read but through them", () => {
    fc.assert(
      fc.property(session, fc.boolean(), (s, plain) => {
        const make = () => (plain ? loaded(exchangesOf(s)) : exchangesOf(s));
        const expected = make().map((e) => redactExchange(e));
        const texts = new BodyTexts();
        const read: Body[] = [];
        const actual = make().map((e) => {
          texts.clear();
          return redactExchangeReadingTexts(e, (body) => {
            read.push(body);
            return texts.of(body);
          });
        });
        expect(actual.map(shown)).toEqual(expected.map(shown));
        // A JSON body of a cassette (a value, no exact text) is read through the lent texts.
        if (plain)
          for (const e of make())
            for (const body of bodiesOf(e))
              if (body.kind === "json" && body.raw === undefined)
                expect(read.some((b) => JSON.stringify(b) === JSON.stringify(body))).toBe(true);
      }),
      runs(150, 9102),
    );
  });

  it("give the page the bodies, kubectl views and admission diffs that redactExchange's exchanges give", () => {
    fc.assert(
      fc.property(session, fc.boolean(), (s, plain) => {
        const exchanges = plain ? loaded(exchangesOf(s)) : exchangesOf(s);
        const data = buildReportData(cassetteOf(exchanges));
        const bySeq = new Map(data.exchanges.map((x) => [x.seq, x]));
        for (const e of plain ? loaded(exchangesOf(s)) : exchangesOf(s)) {
          const r = redactExchange(e);
          const x = bySeq.get(e.seq)!;
          expect(x.redacted === true).toBe(r.redacted === true);
          expect(x.request.body?.text).toBe(
            r.request.body && r.request.body.kind !== "binary" && r.request.body.kind !== "stream"
              ? bodyText(r.request.body)
              : undefined,
          );
          const body = r.response?.body;
          expect(x.response?.body?.text).toBe(
            body && body.kind !== "binary" && body.kind !== "stream" ? bodyText(body) : undefined,
          );
          if (x.verb === "list" && body && r.response!.status < 300)
            expect(x.kubectl).toEqual(kubectlOf(body, bodyText(body) ?? ""));
          if (["POST", "PUT", "PATCH"].includes(e.request.method))
            expect(x.admission).toEqual(admissionOf(r));
          const request = {
            seq: r.seq,
            startedAt: r.startedAt,
            durationMs: r.durationMs,
            request: r.request,
          };
          expect(x.curl).toBe(replayCurlCommand(request, { showSecrets: true }));
        }
      }),
      runs(100, 9103),
    );
  });
});
