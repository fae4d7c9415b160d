import { resolve } from "node:path";
import { parseCommandArgs } from "./flags.js";
import { loadCassette } from "../index.js";
import { startReplayServer } from "../record/index.js";
import type { ReplayServerEvent } from "../record/index.js";
import { UsageError } from "./io.js";
import type { CliIO } from "./io.js";

const HELP = `Usage: kubewire replay <cassette.json> [--port N] [--tls] [--kubeconfig-out FILE] [--time-scale F] [--namespace NS]

Serves a recorded session on 127.0.0.1 so that any client, real kubectl included, can talk to it.

Options:
  --port N              port to listen on (default 0: a free port, printed at start)
  --tls                 serve HTTPS with a certificate generated at start (its CA goes into the kubeconfig)
  --kubeconfig-out FILE write a kubeconfig for the server to FILE once it listens
  --namespace NS        the namespace of the kubeconfig's context
  --time-scale F        replay watch streams at F times their recorded pace (default 1; 0 sends at once)
  --quiet               do not log each request on stderr

Runs until interrupted (Ctrl-C, SIGTERM). A request with no recording gets a 404 Status naming the closest
recorded requests, and is reported on stderr.
`;

function describe(event: ReplayServerEvent): string {
  if (event.miss) return `MISS ${event.miss.message}\n`;
  if (event.incomplete) return `INCOMPLETE ${event.incomplete.message}\n`;
  if (event.synthesized)
    return `${event.method} ${event.url} -> ${event.synthesized} derived from the cassette\n`;
  const e = event.exchange!;
  return `${event.method} ${event.url} -> #${e.seq} ${e.response?.status ?? e.error?.name ?? "?"}\n`;
}

/** `kubewire replay`: a thin shell over {@link startReplayServer}. */
export async function runReplay(args: string[], io: CliIO, stop?: AbortSignal): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    port: { type: "string", default: "0" },
    tls: { type: "boolean", default: false },
    "kubeconfig-out": { type: "string" },
    namespace: { type: "string" },
    "time-scale": { type: "string", default: "1" },
    quiet: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`replay takes one cassette file\n\n${HELP}`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0..65535, got ${values.port}`);
  const timeScale = Number(values["time-scale"]);
  if (!Number.isFinite(timeScale) || timeScale < 0)
    throw new UsageError(`--time-scale must be a number >= 0`);

  const cwd = io.cwd ?? process.cwd();
  const file = resolve(cwd, positionals[0]!);
  const cassette = await loadCassette(file);
  const kubeconfigOut = values["kubeconfig-out"] ? resolve(cwd, values["kubeconfig-out"]) : undefined;
  const server = await startReplayServer(cassette, {
    port,
    tls: values.tls,
    timeScale,
    ...(kubeconfigOut ? { kubeconfigOut } : {}),
    ...(values.namespace ? { namespace: values.namespace } : {}),
    ...(values.quiet ? {} : { onRequest: (event) => io.stderr.write(describe(event)) }),
  });
  io.stdout.write(
    `Replaying ${cassette.exchanges.length} exchanges from ${file}` +
      `${cassette.server ? ` (kube-apiserver ${cassette.server.gitVersion})` : ""} at ${server.url}\n`,
  );
  if (kubeconfigOut)
    io.stdout.write(`kubeconfig: ${kubeconfigOut}  (kubectl --kubeconfig ${kubeconfigOut} ...)\n`);
  else if (values.tls)
    io.stdout.write("(the certificate is generated at start: use --kubeconfig-out to trust it)\n");

  await new Promise<void>((done) => {
    const finish = () => {
      process.off("SIGINT", finish);
      process.off("SIGTERM", finish);
      done();
    };
    process.once("SIGINT", finish);
    process.once("SIGTERM", finish);
    stop?.addEventListener("abort", finish, { once: true });
  });
  await server.close();
  const misses = server.misses.length;
  io.stdout.write(`Stopped. ${misses === 0 ? "No misses." : `${misses} request(s) had no recording.`}\n`);
  return misses === 0 ? 0 : 1;
}
