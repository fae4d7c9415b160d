import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { createClient, createRecorder, importKubectlLog, renderTrafficLog } from "../../../src/index.js";
import { KUBECTL_VERSIONS } from "../../../src/kubectl/index.js";
import { openCassetteRecording, redactExchange, serializeCassette } from "../../../src/record/index.js";
import type { Dispatcher } from "undici";
import type { Recorder, TrafficLevel } from "../../../src/index.js";
import { REDACTION_RUNS, runs } from "../support/fuzz-support.js";
import { ScriptedDispatcher } from "../support/scripted-dispatcher.js";
import { leaks, session, sessionSecrets, toExchange } from "../support/secret-material.js";
import type { WireExchange } from "../support/secret-material.js";

/**
 * The redaction proof, part 1: generated sessions full of Secrets (data, stringData, docker config JSON, TLS keys,
 * the last-applied annotation), kubeconfigs, exec credentials, bearer and basic credentials, cookies, tokens in
 * URLs, TokenRequests and TokenReviews, through the recorder, cassettes on disk, rendered logs at every level and
 * kubectl version, and logs imported back. No secret may appear: raw, escaped, base64, in part, or split over lines.
 */

const dir = mkdtempSync(join(tmpdir(), "kubewire-redaction-proof-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Sends a session through a client whose network is a scripted dispatcher answering with the session's responses. */
async function record(
  wires: readonly WireExchange[],
  recorder: Recorder | { interceptor: Recorder["interceptor"] },
) {
  const queue = [...wires];
  const dispatcher = new ScriptedDispatcher();
  dispatcher.answer = (_opts: Dispatcher.DispatchOptions) => {
    const w = queue.shift()!;
    return {
      status: w.status,
      headers: w.responseHeaders,
      chunks: w.responseChunks.map((c) => Buffer.from(c)),
      ending: "end",
    };
  };
  const client = createClient({
    server: "https://127.0.0.1:6443",
    dispatcher,
    recorder: recorder as Recorder,
    retry: false,
    discovery: false,
  });
  for (const w of wires)
    await client.request({
      method: w.method,
      path: w.path,
      headers: w.requestHeaders,
      ...(w.requestBody !== undefined ? { body: w.requestBody } : {}),
    });
}

const level = fc.constantFrom<TrafficLevel>(6, 7, 8, 9, 10);
const version = fc.constantFrom(...KUBECTL_VERSIONS);

describe("the recorder", () => {
  it("holds no secret in any recorded exchange; redacting again changes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(session, async (wires) => {
        const recorder = createRecorder();
        await record(wires, recorder);
        const secrets = sessionSecrets(wires);
        expect(leaks(JSON.stringify(recorder.exchanges), secrets)).toEqual([]);
        for (const e of recorder.exchanges) expect(redactExchange(e)).toEqual(e);
      }),
      runs(REDACTION_RUNS.recordedSessions, 501),
    );
  });
});

describe("cassettes on disk", () => {
  it("a recording session saved to a file holds no secret", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(session, async (wires) => {
        const file = join(dir, `session-${n++}.cassette.json`);
        const recording = await openCassetteRecording(file);
        await record(wires, recording);
        await recording.save();
        expect(leaks(readFileSync(file, "utf8"), sessionSecrets(wires))).toEqual([]);
      }),
      runs(REDACTION_RUNS.cassettesOnDisk, 502),
    );
  });
});

describe("rendered logs", () => {
  it("hand-built (unredacted) exchanges rendered at every level and kubectl version hold no secret", () => {
    fc.assert(
      fc.property(session, level, version, fc.boolean(), (wires, v, kubectlVersion, replayCurl) => {
        const exchanges = wires.map(toExchange);
        const secrets = sessionSecrets(wires);
        expect(leaks(renderTrafficLog(exchanges, { v, kubectlVersion, replayCurl }), secrets)).toEqual([]);
        // The check itself can fail: showSecrets prints what kubectl would, Secret values included (kubectl logs
        // no body of a watch that answered 200, so a session of such watches alone shows none even so).
        if (wires.some((w) => !(w.status === 200 && w.path.includes("watch=true"))))
          expect(
            leaks(renderTrafficLog(exchanges, { v: 10, kubectlVersion, showSecrets: true }), secrets),
          ).not.toEqual([]);
      }),
      runs(REDACTION_RUNS.renderedLogs, 503),
    );
  });
});

describe("imported logs", () => {
  it("a log printed with showSecrets, imported: the exchanges, the cassette and a new rendering hold no secret", () => {
    fc.assert(
      fc.property(
        session,
        fc.constantFrom<TrafficLevel>(8, 9, 10),
        version,
        level,
        (wires, v, kubectlVersion, again) => {
          const log = renderTrafficLog(wires.map(toExchange), { v, kubectlVersion, showSecrets: true });
          const secrets = sessionSecrets(wires);
          const result = importKubectlLog(log);
          expect(result.stats.exchanges).toBe(wires.length);
          expect(leaks(JSON.stringify(result.exchanges), secrets)).toEqual([]);
          expect(leaks(serializeCassette(result.cassette), secrets)).toEqual([]);
          expect(leaks(renderTrafficLog(result.exchanges, { v: again, kubectlVersion }), secrets)).toEqual(
            [],
          );
        },
      ),
      runs(REDACTION_RUNS.importedLogs, 504),
    );
  });
});
