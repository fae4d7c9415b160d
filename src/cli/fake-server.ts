import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseCommandArgs } from "./flags.js";
import { createFakeApiServer, parseManifests } from "../testing/index.js";
import { EXIT, UsageError } from "./io.js";
import type { CliIO } from "./io.js";

const HELP = `Usage: kubewire fake-server [--port N] [--kubeconfig-out FILE] [--load FILE]... [--http] [--token TOKEN]

Runs kubewire's in-memory Kubernetes API server on 127.0.0.1 until interrupted (Ctrl-C). kubectl and any client
work against it: discovery, get, list, watch, create, apply, patch, delete, optimistic concurrency (409s).

Options:
  --port N              port to listen on (default 0: a free port)
  --kubeconfig-out FILE write a kubeconfig for the server to FILE once it listens
  --load FILE           create the objects of a YAML or JSON manifest at startup (repeatable)
  --http                serve plain HTTP (default: HTTPS with a fresh CA, in the kubeconfig)
  --token TOKEN         require this bearer token (default: accept any)
  --namespace NS        the kubeconfig context's namespace (default: default)
`;

/** Resolves on SIGINT or SIGTERM (or the signal, for callers that run the command in-process). */
function interrupted(signal?: AbortSignal): Promise<string> {
  return new Promise((done) => {
    const on = (name: string) => () => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      done(name);
    };
    const onInt = on("SIGINT");
    const onTerm = on("SIGTERM");
    process.once("SIGINT", onInt);
    process.once("SIGTERM", onTerm);
    signal?.addEventListener("abort", on("abort"), { once: true });
  });
}

/**
 * `kubewire fake-server`: the in-memory API server as a process, for trying tools and kubectl against it.
 */
export async function runFakeServer(args: string[], io: CliIO, signal?: AbortSignal): Promise<number> {
  let values;
  try {
    ({ values } = parseCommandArgs(args, {
      port: { type: "string" },
      "kubeconfig-out": { type: "string" },
      load: { type: "string", multiple: true },
      http: { type: "boolean" },
      token: { type: "string" },
      namespace: { type: "string" },
      help: { type: "boolean", short: "h" },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0..65535, got ${values.port}`);
  const cwd = io.cwd ?? process.cwd();
  const objects: unknown[] = [];
  for (const file of values.load ?? []) {
    try {
      objects.push(...parseManifests(await readFile(resolve(cwd, file), "utf8")));
    } catch (error) {
      io.stderr.write(`error: cannot read ${file}: ${(error as Error).message}\n`);
      return EXIT.failure;
    }
  }
  let server;
  try {
    server = await createFakeApiServer({
      port,
      tls: values.http !== true,
      ...(values.token ? { token: values.token } : {}),
      objects,
    });
  } catch (error) {
    io.stderr.write(`error: ${(error as Error).message}\n`);
    return EXIT.failure;
  }
  const kubeconfigOptions = values.namespace ? { namespace: values.namespace } : {};
  if (values["kubeconfig-out"]) {
    const path = resolve(cwd, values["kubeconfig-out"]);
    try {
      await server.writeKubeconfig(path, kubeconfigOptions);
    } catch (error) {
      // A server nobody can find the kubeconfig of is no use: stop it and say why, in one line.
      await server.close();
      const code = (error as NodeJS.ErrnoException).code;
      io.stderr.write(`error: cannot write the kubeconfig to ${path}${code ? ` (${code})` : ""}\n`);
      return EXIT.failure;
    }
    io.stdout.write(`kubeconfig: ${path}\n`);
  }
  io.stdout.write(
    `kubewire fake-server listening on ${server.url} (${objects.length} objects loaded); Ctrl-C stops it\n`,
  );
  const why = await interrupted(signal);
  await server.close();
  io.stdout.write(`stopped (${why}) after ${server.requests.length} requests\n`);
  return EXIT.ok;
}
