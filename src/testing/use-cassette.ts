import { isAbsolute, join, resolve } from "node:path";
import { createClient } from "../client/client.js";
import type { ClientOptions } from "../client/client-options.js";
import type { KubeClient } from "../client/client.js";
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
  client?: Omit<ClientOptions, "recorder" | "dispatcher">;
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

/** Registers `done` to run when the current vitest test finishes, when running inside one. */
async function finishWithTest(done: () => Promise<unknown>): Promise<boolean> {
  try {
    const vitest = (await import("vitest")) as { onTestFinished?: (fn: () => Promise<unknown>) => void };
    vitest.onTestFinished?.(done);
    return typeof vitest.onTestFinished === "function";
  } catch {
    // Not inside a vitest test (or vitest is not installed): the caller calls done().
    return false;
  }
}

/**
 * A client bound to the cassette `name` under `fixtures/cassettes/` (`<name>.cassette.json`), in the mode the
 * environment asks for: `KUBEWIRE_RECORD=1 npx vitest` records against the cluster in `options.client`, a plain
 * `npx vitest` replays offline. Inside a vitest test the cassette is saved when the test finishes; elsewhere call
 * `done()`.
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
  if (mode !== "replay" && !options.client?.server) {
    throw new TypeError(
      `useCassette(${JSON.stringify(name)}): mode ${mode} talks to a cluster; pass options.client ({ server, token, ca, ... })`,
    );
  }
  const session = await openCassette(file, {
    mode,
    ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}),
    ...(options.repeat !== undefined ? { repeat: options.repeat } : {}),
  });
  const recordedServer = session.loaded?.exchanges[0]?.request.url.match(/^https?:\/\/[^/]+/)?.[0];
  const client = createClient({
    ...options.client,
    server: options.client?.server ?? recordedServer ?? "https://127.0.0.1:6443",
    recorder: session,
  });
  let finished: Promise<SaveResult> | undefined;
  const done = () =>
    (finished ??= (async () => {
      await client.close();
      return session.save();
    })());
  await finishWithTest(done);
  return { client, session, mode, file, done };
}
