import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { TRAFFIC_LEVELS } from "../kubectl/index.js";
import type { TrafficLevel } from "../kubectl/index.js";
import { createRecordingProxy } from "../proxy/index.js";
import { kubeConfigLocation, UsageError } from "./io.js";
import type { CliIO } from "./io.js";

const HELP = `Usage: kubewire proxy [--kubeconfig K] [--context C] [--port 0] [--kubeconfig-out FILE]
                      [--v 6..10] [--kubectl-version 1.NN] [--record FILE] [--http] [--namespace NS]

kubectl --v=9 for every client: a local proxy for the Kubernetes API that logs what any tool sends (helm, an
operator, a client-node script, kubectl) exactly as kubectl logs its own traffic, and records it, redacted.

It listens on 127.0.0.1 and writes a kubeconfig for it: point the tool at that kubeconfig. The tool presents a
token made for this run; the proxy forwards with the credentials of --kubeconfig/--context, which never reach the
tool, the log or the cassette.

Options:
  --kubeconfig FILE       the kubeconfig to forward with (default: kubectl's rules, KUBECONFIG, ~/.kube/config)
  --context NAME          its context (default: the current context)
  --port N                port to listen on (default 0: a free port)
  --kubeconfig-out FILE   write the proxy's kubeconfig there (default: a private temporary file, removed at exit)
  --namespace NS          the namespace of that kubeconfig's context (default: the context's)
  --v N                   log traffic as kubectl --v=N does: 6 (one line per request) to 10; 0 for none (default 9)
  --kubectl-version 1.NN  the kubectl version whose log format to use, 1.27 to 1.33 (default: the newest)
  --record FILE           keep a cassette of every exchange (redacted), for kubewire replay, log render, report
  --http                  serve plain HTTP instead of HTTPS with a throwaway CA

Runs until interrupted (Ctrl-C, SIGTERM); the cassette is then complete and the port free.
`;

/** `kubewire proxy`: a thin shell over {@link createRecordingProxy}. */
export async function runProxy(args: string[], io: CliIO, stop?: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      kubeconfig: { type: "string" },
      context: { type: "string" },
      port: { type: "string", default: "0" },
      "kubeconfig-out": { type: "string" },
      namespace: { type: "string" },
      v: { type: "string", default: "9" },
      "kubectl-version": { type: "string" },
      record: { type: "string" },
      http: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`proxy takes no arguments, got ${positionals.join(" ")}`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0..65535, got ${values.port}`);
  const v = Number(values.v);
  if (v !== 0 && !(TRAFFIC_LEVELS as readonly number[]).includes(v))
    throw new UsageError(`--v must be 6..10 (or 0 for no traffic log), got ${values.v}`);

  const cwd = io.cwd ?? process.cwd();
  const temporary =
    values["kubeconfig-out"] === undefined ? await mkdtemp(join(tmpdir(), "kubewire-proxy-")) : undefined;
  const kubeconfigOut = temporary ? join(temporary, "kubeconfig") : resolve(cwd, values["kubeconfig-out"]!);
  const record = values.record !== undefined ? resolve(cwd, values.record) : undefined;
  try {
    const proxy = await createRecordingProxy({
      kubeconfig: kubeConfigLocation(values, io),
      port,
      http: values.http,
      log: io.stderr,
      v: v as TrafficLevel | 0,
      kubeconfigOut,
      ...(values["kubectl-version"] !== undefined ? { kubectlVersion: values["kubectl-version"] } : {}),
      ...(values.namespace !== undefined ? { namespace: values.namespace } : {}),
      ...(record !== undefined ? { record } : {}),
    });
    io.stdout.write(
      `Proxying at ${proxy.url}\n` +
        `kubeconfig: ${kubeconfigOut}  (KUBECONFIG=${kubeconfigOut} helm list, kubectl --kubeconfig ${kubeconfigOut} ...)\n` +
        (record !== undefined ? `Recording to ${record}\n` : ""),
    );
    await interrupted(stop);
    await proxy.close();
    io.stdout.write(
      `Stopped. ${proxy.exchanges.length} exchange(s)${record !== undefined ? ` recorded to ${record}` : ""}.\n`,
    );
    return 0;
  } finally {
    if (temporary) await rm(temporary, { recursive: true, force: true });
  }
}

/** Resolves on Ctrl-C, SIGTERM or `stop`. */
function interrupted(stop: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((done) => {
    const finish = () => {
      process.off("SIGINT", finish);
      process.off("SIGTERM", finish);
      done();
    };
    process.once("SIGINT", finish);
    process.once("SIGTERM", finish);
    if (stop?.aborted) finish();
    else stop?.addEventListener("abort", finish, { once: true });
  });
}
