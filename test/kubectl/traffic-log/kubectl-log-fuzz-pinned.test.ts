import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TrafficLevel } from "../../../src/index.js";
import { KUBECTL_VERSIONS } from "../../helpers/fixtures.js";
import { kubectlTestsRun, runPool } from "../../helpers/kubectl-binary.js";
import { fuzzWorkDir, runFuzzCase, startFuzzStub } from "../../helpers/log-fuzz.js";
import type { FuzzCase, FuzzCommand, FuzzResponse, FuzzResult, FuzzStub } from "../../helpers/log-fuzz.js";

/**
 * The mismatches differential fuzzing found (bench/experiments/log-fuzz), each minimised and run on every kubectl
 * version: real kubectl through the recording proxy to a stub that gives the answer below. kubectl's log must be
 * the proxy's log (kubewire's renderer) and the render of its own import, timestamps, durations and the pid aside.
 */

const STATUS_404 = JSON.stringify({
  kind: "Status",
  apiVersion: "v1",
  metadata: {},
  status: "Failure",
  message: 'configmaps "x" not found',
  reason: "NotFound",
  code: 404,
});

interface Pinned {
  name: string;
  /** The releases it runs on, when a few show the behaviour (a cheap pin); else every one. */
  only?: string[];
  /** Checks allowed to differ (none since the import reads a log's bytes: kept for a pin that needs one). */
  allowed?: string[];
  command: FuzzCommand;
  v: TrafficLevel;
  response: Partial<FuzzResponse> & { status: number };
}

const PINNED: Pinned[] = [
  // client-go logs an empty body for an answer without one ("Response Body: ").
  { name: "204 without a body", command: "delete", v: 8, response: { status: 204 } },
  // Retried ten times (Retry-After: 0): no body for the answers sent again, the 11th's body logged.
  {
    name: "503 with Retry-After",
    command: "get",
    v: 8,
    response: { status: 503, headers: [["Retry-After", "0"]], body: Buffer.from("busy\n") },
  },
  // Go trims the spaces around a header value it reads.
  {
    name: "a padded header value",
    command: "get-json",
    v: 8,
    response: { status: 404, headers: [["X-Padded", "  padded \t"]], body: Buffer.from(STATUS_404) },
  },
  // A raw U+2028 in a body (JSON.stringify leaves it): the import read no header on that line.
  {
    name: "U+2028 in a Status message",
    command: "get",
    v: 8,
    response: { status: 500, body: Buffer.from(STATUS_404.replace("not found", "not\u2028found")) },
  },
  // After a 404 in a namespace other than default, cli-runtime checks the namespace (visitor.go:104 in 1.32+).
  {
    name: "the namespace check after a 404",
    command: "patch",
    v: 8,
    response: { status: 404, body: Buffer.from(STATUS_404) },
  },
  // kubectl logs: its error answer's body logged (logs.go:469 and interrupt.go:103 in 1.32+).
  {
    name: "kubectl logs answered 404",
    command: "logs",
    v: 8,
    response: { status: 404, body: Buffer.from(STATUS_404) },
  },
  // A redirect Go's client follows: the 301's body is not read.
  {
    name: "301 with a Location in the same namespace",
    command: "get",
    v: 8,
    response: { status: 301, headers: [["Location", "y"]], body: Buffer.from("moved\n") },
  },
  {
    name: "301 with a Location",
    // On 1.32+, after the redirected request's 404, cli-runtime checks the namespace the call asked for (the first
    // attempt's), at visitor.go:104: the proxy ties the two attempts of one call.
    only: ["1.31", "1.32", "1.33"],
    command: "get",
    v: 8,
    response: {
      status: 301,
      headers: [["Location", "/api/v1/namespaces/redirected/configmaps/x"]],
      body: Buffer.from("moved\n"),
    },
  },
  // A list redirected to an object (fuzz seed 15072): Go's client follows within the call, so the object's 404
  // body is logged at the list's caller (helper.go:113), not at a get's.
  {
    name: "a list redirected to an object",
    only: ["1.33"],
    command: "watch",
    v: 8,
    response: {
      status: 301,
      headers: [["Location", "/api/v1/namespaces/redirected/configmaps/x"]],
      body: Buffer.from("moved\n"),
    },
  },
  // A reason phrase that is not ASCII: the proxy answered nothing (EOF) and logged nothing.
  {
    name: "a reason phrase that is not ASCII",
    command: "get",
    v: 7,
    response: { status: 404, reason: "ç ü" },
  },
  // A DELETE with a body, retried (Retry-After: 0): its body is logged once, before the first attempt.
  {
    name: "a retried request's body",
    only: ["1.29", "1.33"],
    command: "delete",
    v: 8,
    response: { status: 503, headers: [["Retry-After", "0"]], body: Buffer.from("busy\n") },
  },
  // A header value sent as UTF-8: Node holds it a byte a character; kubectl prints the bytes (it was encoded twice).
  {
    name: "a header value sent as UTF-8",
    only: ["1.29", "1.33"],
    command: "get",
    v: 8,
    // Chunked: the proxy flushed the head with flushHeaders(), which wrote it as UTF-8 (the client got it twice
    // encoded).
    response: { status: 404, headers: [["X-Utf8", "cafÃ©"]], body: Buffer.from(STATUS_404), chunked: true },
  },
  // A Latin-1 header value and a body cut inside a character at -v=8's 1024 bytes: kubectl prints the bytes.
  {
    name: "bytes that are not UTF-8",
    only: ["1.29", "1.33"],
    command: "get",
    v: 8,
    response: {
      status: 500,
      headers: [["X-Latin1", "caf\u00e9"]],
      body: Buffer.from("a".repeat(1023) + "日本 and more"),
    },
  },
  // A body dumped as hex (a byte below 0x0A) whose dump -v=8 cuts before that byte: the import dumps it again.
  {
    name: "a dump cut before its first byte below 0x0A",
    only: ["1.29", "1.33"],
    command: "get",
    v: 8,
    response: { status: 500, body: Buffer.from("a".repeat(2000) + "\tb") },
  },
  // kubectl get|create --raw: rawhttp reads the answer with Stream() (a body only for an error), at its own lines.
  {
    name: "get --raw answered 404",
    only: ["1.29", "1.33"],
    command: "get-raw",
    v: 8,
    response: { status: 404, body: Buffer.from(STATUS_404) },
  },
  {
    name: "get --raw answered 200",
    only: ["1.33"],
    command: "get-raw",
    v: 9,
    response: { status: 200, body: Buffer.from('{"kind":"ConfigMap"}\n') },
  },
  {
    name: "create --raw answered 409",
    only: ["1.32"],
    command: "create-raw",
    v: 8,
    response: { status: 409, body: Buffer.from(STATUS_404) },
  },
  // An unknown code without a phrase: Node's "unknown" went out, Go's "status code 299" was logged.
  { name: "299 without a reason phrase", command: "delete", v: 6, response: { status: 299, reason: "" } },
];

function runsOn(p: Pinned, version: string): boolean {
  return !p.only || p.only.includes(version);
}

function pinnedCase(p: Pinned, version: string, seed: number): FuzzCase {
  return {
    seed,
    version,
    v: p.v,
    command: p.command,
    ...(p.command === "patch" ? { patch: '{"data":{"k":"v"}}' } : {}),
    ...(p.command === "create-raw"
      ? { manifest: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"k":"v"}}' }
      : {}),
    response: {
      headers: [["Content-Type", "application/json"]],
      body: Buffer.alloc(0),
      gzip: false,
      chunked: false,
      ...p.response,
    },
  };
}

describe.runIf(kubectlTestsRun([...KUBECTL_VERSIONS]))(
  "kubectl's log and kubewire's: pinned fuzzing finds",
  () => {
    let stub: FuzzStub;
    const dir = fuzzWorkDir();
    const results = new Map<string, FuzzResult>();
    beforeAll(async () => {
      stub = await startFuzzStub();
      const cases = KUBECTL_VERSIONS.flatMap((version, i) =>
        PINNED.filter((p) => runsOn(p, version)).map((p, j) => ({
          key: `${version} ${p.name}`,
          c: pinnedCase(p, version, 900000 + i * 100 + j),
        })),
      );
      const done = await runPool(
        cases.map(
          ({ c }) =>
            () =>
              runFuzzCase(stub, c, dir),
        ),
        // Four at a time on two cores: a case mostly waits (client-go's rate limiter paces the retried requests,
        // kubectl waits on the stub), and each case has a namespace of its own on the one stub.
        4,
      );
      cases.forEach(({ key }, i) => results.set(key, done[i]!));
    }, 600_000);
    afterAll(async () => {
      await stub.close();
      rmSync(dir, { recursive: true, force: true });
    });

    for (const version of KUBECTL_VERSIONS)
      for (const p of PINNED.filter((x) => runsOn(x, version)))
        it(`kubectl ${version}: ${p.name}`, () => {
          const r = results.get(`${version} ${p.name}`)!;
          expect(r.problems.filter((x) => !p.allowed?.includes(x.check))).toEqual([]);
        });
  },
);
