import { access } from "node:fs/promises";
import type { Dispatcher } from "undici";
import { appendToCassette, loadCassette, saveCassette } from "./cassette.js";
import { formatMicros, nowMicros } from "../../internal/clock.js";
import { CassetteFormatError, CassetteMissError } from "../errors.js";
import { CASSETTE_VERSION } from "../exchange/exchange.js";
import type { Cassette, Exchange } from "../exchange/exchange.js";
import { headersToRecord, toHandler } from "../capture/handler.js";
import type { Recorder } from "../capture/recorder.js";
import { recordingInterceptor } from "../capture/recorder.js";
import { playAnswer, readRequestBody, ReplayController } from "../replay/replay-dispatcher.js";
import type { ReplayOptions } from "../replay/replay-dispatcher.js";
import { Replayer } from "../replay/replayer.js";
import { bodyText } from "../exchange/body.js";

/**
 * How a cassette session treats traffic:
 * - `record`: everything goes to the server and is recorded;
 * - `replay`: everything is answered from the cassette, a request with no recording fails (no network at all);
 * - `update`: answered from the cassette when recorded, otherwise sent to the server and recorded;
 * - `passthrough`: everything goes to the server, nothing is read or written.
 */
export const CASSETTE_MODES = ["record", "replay", "update", "passthrough"] as const;
/** How a cassette session treats traffic, one of {@link CASSETTE_MODES}. */
export type CassetteMode = (typeof CASSETTE_MODES)[number];

/** Options of {@link openCassette} (the mode, whether recording appends, the replay options). */
export interface CassetteSessionOptions extends ReplayOptions {
  /** Default `replay`. */
  mode?: CassetteMode;
  /**
   * In `record` mode, keep what the file already holds and append the new exchanges (numbered after it) instead
   * of replacing it. `update` always appends.
   */
  append?: boolean;
  /** The server version to store when the session itself did not request `/version`. */
  server?: { gitVersion: string };
}

/** What {@link CassetteSession.save} did. */
export interface SaveResult {
  file: string;
  /** False when there was nothing to write (replay, passthrough, an update that recorded nothing). */
  written: boolean;
  /** Exchanges in the file after saving. */
  exchanges: number;
  /** Exchanges this save added. */
  added: number;
  /**
   * Why the file was left as it was although the mode records: a failed or empty recording never replaces a good
   * cassette (every request failed before the server answered, or none was made).
   */
  kept?: string;
}

/**
 * A cassette bound to a file in one of the {@link CASSETTE_MODES}. It is a {@link Recorder}: pass it to
 * `createClient({ recorder: session })` and the client's requests are recorded, replayed or both, through the
 * same seam as a live recording. Call `save()` when the client is done (after closing watches).
 */
export interface CassetteSession extends Recorder {
  readonly file: string;
  readonly mode: CassetteMode;
  /** The cassette as it was loaded, or undefined when the file did not exist. */
  readonly loaded: Cassette | undefined;
  /** Exchanges that went to the server in this session (what `save()` writes), in completion order. */
  readonly recorded: Exchange[];
  /** Exchanges answered from the cassette in this session, in completion order. */
  readonly replayed: Exchange[];
  /** Writes the cassette (atomically) when the mode records anything. */
  save(): Promise<SaveResult>;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why a recording must not replace the cassette already in `file` (and how many exchanges that one holds), or
 * undefined when it may: one that holds no answer from the server (a TLS or connection failure on every request, or
 * no request at all) would make every later replay fail, so the good recording stays. A file that does not load as
 * a cassette is not a good recording.
 */
async function keptBecause(
  file: string,
  recorded: Exchange[],
): Promise<{ kept: string; exchanges: number } | undefined> {
  if (recorded.some((e) => e.response !== undefined) || !(await exists(file))) return undefined;
  let previous: Cassette;
  try {
    previous = await loadCassette(file);
  } catch {
    return undefined;
  }
  const kept =
    recorded.length === 0
      ? "the recording is empty; the previous cassette is kept"
      : `no request of the recording was answered (${recorded.length} failed); the previous cassette is kept`;
  return { kept, exchanges: previous.exchanges.length };
}

/** The gitVersion of a recorded `GET /version`, if the session made one. */
function serverVersionOf(exchanges: Exchange[]): { gitVersion: string } | undefined {
  for (const e of exchanges) {
    if (e.request.method !== "GET" || !/^[a-z]+:\/\/[^/]+\/version\/?(?:\?|$)/i.test(e.request.url)) continue;
    const body = e.response?.body;
    if (!body || e.response?.status !== 200) continue;
    try {
      const v = JSON.parse(bodyText(body) ?? "") as { gitVersion?: unknown };
      if (typeof v.gitVersion === "string") return { gitVersion: v.gitVersion };
    } catch {
      // Not a version document; look further.
    }
  }
  return undefined;
}

/**
 * Opens a cassette file in a mode. `replay` and `update` load it (a missing file is an error in `replay`, an empty
 * cassette in `update`); `record` starts empty (or appends with `append: true`).
 *
 * @example
 * const session = await openCassette("fixtures/cassettes/orphans.cassette.json", { mode: "replay" });
 * const client = createClient({ server: "https://127.0.0.1:6443", recorder: session });
 * // ... use the client ...
 * await client.close();
 * await session.save(); // writes only in record/update modes
 */
export async function openCassette(
  file: string,
  options: CassetteSessionOptions = {},
): Promise<CassetteSession> {
  const mode = options.mode ?? "replay";
  if (!(CASSETTE_MODES as readonly string[]).includes(mode))
    throw new TypeError(
      `openCassette: mode must be one of ${CASSETTE_MODES.join(", ")}, got ${JSON.stringify(mode)}`,
    );
  const needsFile = mode === "replay" || mode === "update" || (mode === "record" && options.append === true);
  if (mode === "replay" && !(await exists(file))) {
    throw new CassetteFormatError(
      file,
      "",
      "cannot read: ENOENT (no such cassette: record it first, e.g. with KUBEWIRE_RECORD=1)",
    );
  }
  const loaded = needsFile && (await exists(file)) ? await loadCassette(file) : undefined;
  const replayer =
    loaded && (mode === "replay" || mode === "update")
      ? new Replayer(loaded, { repeat: options.repeat ?? true })
      : undefined;
  const timeScale = options.timeScale ?? 0;
  const startedAt = formatMicros(nowMicros());

  const exchanges: Exchange[] = [];
  const recorded: Exchange[] = [];
  const replayed: Exchange[] = [];
  // The inner interceptor decides per request; the outer recording interceptor learns the decision by the
  // identity of the dispatch options it passed down.
  const source = new WeakMap<object, "live" | "replayed">();
  let seq = 0;

  const routing: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (opts, rawHandler) => {
    if (!replayer) {
      source.set(opts, "live");
      return dispatch(opts, rawHandler);
    }
    const handler = toHandler(rawHandler);
    const controller = new ReplayController();
    let started = false;
    const answerOrForward = async () => {
      const body = await readRequestBody(opts.body);
      const origin = typeof opts.origin === "string" ? opts.origin : (opts.origin?.toString() ?? "");
      let answer;
      try {
        answer = replayer.answer({
          method: opts.method,
          url: origin.replace(/\/$/, "") + opts.path,
          headers: headersToRecord(opts.headers),
          ...(body ? { body } : {}),
        });
      } catch (error) {
        if (mode !== "update" || !(error instanceof CassetteMissError)) throw error;
        source.set(opts, "live");
        // A streamed body was consumed to match it; the server gets the same bytes.
        const replayable =
          opts.body === undefined || typeof opts.body === "string" || opts.body instanceof Uint8Array;
        dispatch(replayable ? opts : { ...opts, body: body ?? null }, rawHandler);
        return;
      }
      source.set(opts, "replayed");
      started = true;
      handler.onRequestStart(controller, {});
      await playAnswer(answer, handler, controller, timeScale);
    };
    answerOrForward().catch((error: unknown) => {
      if (controller.aborted) return;
      if (!started) handler.onRequestStart(controller, {});
      handler.onResponseError(controller, error instanceof Error ? error : new Error(String(error)));
    });
    return true;
  };

  const recording = recordingInterceptor({
    nextSeq: () => seq++,
    onExchange: (exchange, opts) => {
      exchanges.push(exchange);
      const from = source.get(opts);
      if (from === "replayed") replayed.push(exchange);
      else if (from === "live" && mode !== "passthrough") recorded.push(exchange);
    },
  });
  const interceptor: Dispatcher.DispatcherComposeInterceptor = (dispatch) => recording(routing(dispatch));

  const cassette = (server?: { gitVersion: string }): Cassette => {
    const gitVersion = serverVersionOf(recorded) ?? server ?? loaded?.server ?? options.server;
    const keep = mode === "update" || (mode === "record" && options.append === true) ? loaded : undefined;
    const base: Cassette = keep ?? {
      version: CASSETTE_VERSION,
      recordedAt: startedAt,
      exchanges: [],
    };
    if (mode === "replay" || mode === "passthrough") return loaded ?? base;
    return appendToCassette(base, recorded, gitVersion);
  };

  return {
    file,
    mode,
    loaded,
    interceptor,
    exchanges,
    recorded,
    replayed,
    cassette,
    async save() {
      const previous = mode === "record" ? await keptBecause(file, recorded) : undefined;
      if (previous)
        return { file, written: false, exchanges: previous.exchanges, added: 0, kept: previous.kept };
      const result = cassette();
      const write = mode === "record" || (mode === "update" && recorded.length > 0);
      if (write) await saveCassette(file, result);
      return {
        file,
        written: write,
        exchanges: result.exchanges.length,
        added: write ? recorded.length : 0,
      };
    },
  };
}

/**
 * Opens a cassette for `--record file` style use: record live traffic and append it to what the file already
 * holds (a new file when there is none), numbering new exchanges after the existing ones.
 *
 * @example
 * const recording = await openCassetteRecording("session.cassette.json");
 * const client = createClient({ server, token, ca, recorder: recording });
 * await client.list("v1", "ConfigMap", { namespace: "default" });
 * await client.close();
 * await recording.save(); // { written: true, added: 1, ... }
 */
export function openCassetteRecording(
  file: string,
  options: Omit<CassetteSessionOptions, "mode" | "append"> = {},
): Promise<CassetteSession> {
  return openCassette(file, { ...options, mode: "record", append: true });
}

/**
 * The cassette mode an environment asks for, through `KUBEWIRE_RECORD`: unset, empty, `0` or `false` give
 * `fallback` (default `replay`); `1`, `true`, `record` or `all` give `record`; `update` or `new` give `update`;
 * `passthrough` or `off` give `passthrough`. Anything else is an error, so a typo never silently replays.
 */
export function cassetteModeFromEnv(
  env: Record<string, string | undefined> = process.env,
  fallback: CassetteMode = "replay",
): CassetteMode {
  const raw = env.KUBEWIRE_RECORD?.trim().toLowerCase();
  if (raw === undefined || raw === "" || raw === "0" || raw === "false") return fallback;
  if (raw === "1" || raw === "true" || raw === "record" || raw === "all") return "record";
  if (raw === "update" || raw === "new") return "update";
  if (raw === "passthrough" || raw === "off") return "passthrough";
  throw new TypeError(
    `KUBEWIRE_RECORD=${JSON.stringify(env.KUBEWIRE_RECORD)} is not one of 1, record, update, passthrough, 0`,
  );
}
