// Shared by the issue-17 security tests: every output is searched for a secret in the forms in which it may leak.
import { expect } from "vitest";
import { createClient, createRecorder } from "../../src/index.js";
import { serializeCassette } from "../../src/record/index.js";
import type { Exchange } from "../../src/index.js";
import type { Body } from "../../src/record/index.js";
import { importKubectlLog, renderTrafficLog } from "../../src/kubectl/index.js";
import { importPastedLines } from "../../src/kubectl/traffic-log/import/import.js";
import { LineReader } from "../../src/kubectl/traffic-log/import/line-reader.js";
import { cassetteToHar, importHar, renderReport } from "../../src/report/index.js";
import { startHttpServer } from "../helpers/servers.js";
import type { Handler } from "../helpers/servers.js";

/** The forms in which a value leaks: as it is, base64-encoded, JSON-escaped. */
export function leakForms(value: string): string[] {
  return [...new Set([value, Buffer.from(value).toString("base64"), JSON.stringify(value).slice(1, -1)])];
}

/** Fails naming the output and the form when any output holds the secret in any form. */
export function expectNoLeak(outputs: Record<string, string>, secret: string): void {
  const found: string[] = [];
  for (const [name, text] of Object.entries(outputs))
    for (const form of leakForms(secret))
      if (text.includes(form)) found.push(`${name}: ${form.slice(0, 40)}`);
  expect(found).toEqual([]);
}

/** An error's message, its JSON and its string form: what a program logs or prints. */
export function errorOutputs(error: unknown): Record<string, string> {
  const e = error as Error;
  return { message: e.message, json: JSON.stringify(e), string: String(e) };
}

/**
 * Every recording output of one exchange: the recorded exchange, the cassette, the `--v=10` log, the same log
 * imported back (what `kubewire log import` stores), rendered again, the report page, the HAR export and the
 * cassette read back from that HAR.
 */
export function recordingOutputs(exchanges: Exchange[]): Record<string, string> {
  const recorded = { version: 1 as const, recordedAt: "2026-01-01T00:00:00.000000Z", exchanges };
  const cassette = serializeCassette(recorded);
  const har = JSON.stringify(cassetteToHar(recorded));
  const log = renderTrafficLog(exchanges, { v: 10 });
  const shown = renderTrafficLog(exchanges, { v: 10, showSecrets: true });
  const imported = importKubectlLog(shown);
  // The CLI imports a log as it reads it, in pieces: the same redaction must hold whatever the pieces.
  const reader = new LineReader();
  const bytes = Buffer.from(shown);
  for (let i = 0; i < bytes.length; i += 7) reader.push(bytes.subarray(i, i + 7));
  const importedInPieces = importPastedLines(reader.finish(), {});
  return {
    exchange: JSON.stringify(exchanges),
    cassette,
    log,
    importedCassette: JSON.stringify(imported.cassette),
    importedInPieces: JSON.stringify(importedInPieces.cassette),
    importedLog: renderTrafficLog(imported.cassette.exchanges, { v: 10 }),
    report: renderReport(recorded),
    har,
    cassetteFromHar: serializeCassette(importHar(JSON.parse(har) as unknown).cassette),
  };
}

/** Serves one handler, runs `work` with a recording client, and gives back the exchanges and the client's error. */
export async function recordAgainst(
  handler: Handler,
  work: (client: ReturnType<typeof createClient>) => Promise<unknown>,
): Promise<{ exchanges: Exchange[]; error: unknown }> {
  const server = await startHttpServer(handler);
  const recorder = createRecorder();
  const client = createClient({ server: server.url, recorder, retry: false });
  let error: unknown;
  try {
    await work(client);
  } catch (e) {
    error = e;
  } finally {
    await client.close();
    await server.close();
  }
  return { exchanges: recorder.exchanges, error };
}

/** A private key as `kubectl create secret tls` embeds it (made up, never a real key). */
export const PEM_KEY = [
  "-----BEGIN PRIVATE KEY-----",
  "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7kubewireNOTREAL",
  "p4ssw0rdLikeMaterialThatMustNeverLeaveTheProcessEvenWhenEmbedded01",
  "-----END PRIVATE KEY-----",
].join("\n");

/** A GET answered 200 with `body` as `contentType`. */
function getExchange(url: string, contentType: string, body: Body): Exchange {
  return {
    seq: 0,
    startedAt: "2026-12-05T10:00:00.000000Z",
    durationMs: 2,
    request: { method: "GET", url, headers: {} },
    response: { status: 200, statusText: "OK", headers: { "Content-Type": contentType }, body },
  };
}

/** A GET answered 200 with a JSON body: the exchange most leak tests send through {@link recordingOutputs}. */
export function jsonGetExchange(url: string, value: unknown): Exchange {
  return getExchange(url, "application/json", { kind: "json", value, bytes: 0 });
}

/** A GET answered 200 with a text body (YAML, a log) of the given media type. */
export function textExchange(url: string, text: string, contentType: string): Exchange {
  return getExchange(url, contentType, { kind: "text", text, bytes: Buffer.byteLength(text) });
}
