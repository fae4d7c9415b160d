import { readFile } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { createClient } from "../client/client.js";
import type { ClientOptions } from "../client/client-options.js";
import type { KubeClient } from "../client/client.js";
import { loadKubeConfig } from "../client/config/load-kubeconfig.js";
import { loadCassette } from "../record/cassette/cassette.js";
import type { Cassette } from "../record/exchange/exchange.js";
import { cassetteModeFromEnv, openCassette } from "../record/cassette/cassette-session.js";
import type { CassetteMode, CassetteSession, SaveResult } from "../record/cassette/cassette-session.js";
import type { ReplayOptions } from "../record/replay/replay-dispatcher.js";

/**
 * Options of {@link useCassette} (the mode, where cassettes live, how to reach the cluster when recording).
 */
export interface UseCassetteOptions extends ReplayOptions {
  /** Overrides the environment (`KUBEWIRE_RECORD`); without either, `replay`. */
  mode?: CassetteMode;
  /** Where cassettes live; default `fixtures/cassettes` under the working directory. */
  dir?: string;
  /**
   * How to reach the cluster when recording (`record`, `update`, `passthrough`): server and credentials. In
   * `replay` the server defaults to the one the cassette was recorded against; nothing is sent anywhere.
   */
  client?: Partial<Omit<ClientOptions, "recorder" | "dispatcher">>;
  /**
   * Record through a kubeconfig, as kubectl would connect (`--kubeconfig`, `--context`): `path` undefined looks
   * where kubectl looks (`KUBECONFIG`, `~/.kube/config`). `client` options given too take precedence. Read only
   * when recording; a replay never opens it.
   */
  kubeconfig?: { path?: string | undefined; context?: string | undefined };
  /** A file holding the PEM CA bundle to trust when recording (`client.ca` is PEM text, never a path). */
  caFile?: string;
}

/** A client bound to a cassette. */
export interface CassetteHandle {
  readonly client: KubeClient;
  readonly session: CassetteSession;
  readonly mode: CassetteMode;
  readonly file: string;
  /** Closes the client and saves the cassette (record/update). Runs once; later calls return the first result. */
  done(): Promise<SaveResult>;
}

/**
 * Registers `finish` to run when the current vitest test finishes, when running inside one; it is told whether the
 * test failed.
 */
async function finishWithTest(finish: (testFailed: boolean) => Promise<unknown>): Promise<boolean> {
  try {
    const vitest = (await import("vitest")) as {
      onTestFinished?: (
        fn: (context: { task?: { result?: { state?: string } } }) => Promise<unknown>,
      ) => void;
    };
    vitest.onTestFinished?.((context) => finish(context.task?.result?.state === "fail"));
    return typeof vitest.onTestFinished === "function";
  } catch {
    // Not inside a vitest test (or vitest is not installed): the caller calls done().
    return false;
  }
}

/** The cassette in `file`, or undefined when there is none (or none that loads: nothing good to keep). */
async function cassetteIn(file: string): Promise<Cassette | undefined> {
  try {
    return await loadCassette(file);
  } catch {
    return undefined;
  }
}

/**
 * How a recording session reaches the cluster: the kubeconfig's options (when one is named), then `client`, then the
 * CA file. A `client.ca` that is not PEM text is refused here, naming the fix, rather than failing later on TLS.
 */
async function recordingClientOptions(
  name: string,
  mode: CassetteMode,
  options: UseCassetteOptions,
): Promise<Partial<ClientOptions>> {
  const where = `useCassette(${JSON.stringify(name)})`;
  const ca = options.client?.ca;
  if (ca !== undefined && !String(ca).includes("-----BEGIN"))
    throw new TypeError(
      `${where}: client.ca must be PEM text (-----BEGIN CERTIFICATE-----...), not a path; pass a file as caFile`,
    );
  const fromKubeconfig = options.kubeconfig
    ? (
        await loadKubeConfig({
          ...(options.kubeconfig.path !== undefined ? { kubeconfig: options.kubeconfig.path } : {}),
          ...(options.kubeconfig.context !== undefined ? { context: options.kubeconfig.context } : {}),
          inCluster: false,
        })
      ).clientOptions
    : undefined;
  // An unset environment variable (`ca: process.env.KUBE_CA`) must not hide what the kubeconfig says.
  const given = Object.fromEntries(Object.entries(options.client ?? {}).filter(([, v]) => v !== undefined));
  const merged: Partial<ClientOptions> = { ...fromKubeconfig, ...given };
  if (options.caFile !== undefined) merged.ca = await readFile(options.caFile, "utf8");
  if (!merged.server)
    throw new TypeError(
      `${where}: mode ${mode} talks to a cluster; pass options.client ({ server, token, ca, ... }) or options.kubeconfig`,
    );
  return merged;
}

/**
 * A client bound to the cassette `name` under `fixtures/cassettes/` (`<name>.cassette.json`), in the mode the
 * environment asks for: `KUBEWIRE_RECORD=1 npx vitest` records against the cluster in `options.client`, a plain
 * `npx vitest` replays offline. Inside a vitest test the cassette is saved when the test finishes (a failed test
 * never replaces a cassette that exists: it may have stopped halfway); elsewhere call `done()`.
 *
 * @example
 * it("finds ConfigMaps without an owner", async () => {
 *   const { client } = await useCassette("orphan-configmaps", { client: { server, token, ca } });
 *   expect(await findOrphans(client, "default")).toMatchSnapshot();
 * });
 */
export async function useCassette(name: string, options: UseCassetteOptions = {}): Promise<CassetteHandle> {
  const mode = options.mode ?? cassetteModeFromEnv(process.env);
  const dir = options.dir ?? "fixtures/cassettes";
  const fileName = name.endsWith(".json") ? name : `${name}.cassette.json`;
  const file = resolve(isAbsolute(dir) ? dir : join(process.cwd(), dir), fileName);
  const live = mode === "replay" ? {} : await recordingClientOptions(name, mode, options);
  const session = await openCassette(file, {
    mode,
    ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}),
    ...(options.repeat !== undefined ? { repeat: options.repeat } : {}),
  });
  const recordedServer = session.loaded?.exchanges[0]?.request.url.match(/^https?:\/\/[^/]+/)?.[0];
  const client = createClient({
    ...options.client,
    ...live,
    server: live.server ?? options.client?.server ?? recordedServer ?? "https://127.0.0.1:6443",
    recorder: session,
  });
  let finished: Promise<SaveResult> | undefined;
  const finish = (testFailed: boolean) =>
    (finished ??= (async () => {
      await client.close();
      // A test that failed may have stopped halfway: what it recorded must not replace a good cassette.
      const previous =
        testFailed && mode !== "replay" && mode !== "passthrough" ? await cassetteIn(file) : undefined;
      if (previous)
        return {
          file,
          written: false,
          exchanges: previous.exchanges.length,
          added: 0,
          kept: "the test failed; the previous cassette is kept",
        };
      return session.save();
    })());
  const done = () => finish(false);
  await finishWithTest(finish);
  return { client, session, mode, file, done };
}
