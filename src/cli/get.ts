import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_PAGE_SIZE } from "../client/index.js";
import { createClient, KubeApiError, KubeNetworkError, loadKubeConfig, renderTrafficLog } from "../index.js";
import { KUBECTL_VERSIONS } from "../kubectl/index.js";
import { openCassetteRecording } from "../record/index.js";
import type { Exchange, KubeClient, ResourceInfo, TrafficLevel } from "../index.js";
import { GET_OUTPUTS, GET_TABLE_ACCEPT, renderGetOutput, wantsTable } from "./get-output.js";
import type { GetOutput, GetResult } from "./get-output.js";
import { EXIT, kubeConfigLocation, UsageError } from "./io.js";
import type { CliIO } from "./io.js";
import { createProgressLine } from "./progress-line.js";
import { allowsColor, createWarningWriter } from "./warning-writer.js";

export const GET_USAGE = `Usage: kubewire get <resource>[.group] [name...] [options]

Fetches objects as kubectl get does (kubeconfig, context, namespace, discovery, pagination) and prints them.

Options:
  -n, --namespace ns        the namespace (default: the context's)
  -A, --all-namespaces      every namespace
  -l, --selector sel        label selector, e.g. app=blog
      --field-selector sel  field selector, e.g. status.phase=Running
  -o, --output fmt          raw (the server's JSON as received) | json | yaml | name | wide (default: a table)
      --show-managed-fields keep metadata.managedFields in json and yaml output
      --chunk-size n        items per page (default 500; 0: everything in one request)
  -v, --v n                 log the traffic to stderr as kubectl --v=n does (6 to 10)
      --context name        the kubeconfig context to use
      --kubeconfig file     the kubeconfig file to use
      --kubectl-version v   the kubectl whose --v log format to print (1.27 to 1.33; default the newest)
      --record file         append every exchange (redacted) to a cassette file, creating it if needed
`;

/** The command line of `kubewire get`, parsed. */
export interface GetArgs {
  resource: string;
  names: string[];
  namespace?: string;
  allNamespaces: boolean;
  selector?: string;
  fieldSelector?: string;
  output: GetOutput;
  showManagedFields: boolean;
  chunkSize: number;
  v: number;
  context?: string;
  kubeconfig?: string;
  record?: string;
  kubectlVersion?: string;
}

export function parseGetArgs(args: string[]): GetArgs | "help" {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      namespace: { type: "string", short: "n" },
      "all-namespaces": { type: "boolean", short: "A" },
      selector: { type: "string", short: "l" },
      "field-selector": { type: "string" },
      output: { type: "string", short: "o" },
      "show-managed-fields": { type: "boolean" },
      "chunk-size": { type: "string" },
      v: { type: "string", short: "v" },
      context: { type: "string" },
      kubeconfig: { type: "string" },
      record: { type: "string" },
      "kubectl-version": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return "help";
  const [first, ...rest] = positionals;
  if (first === undefined) throw new UsageError("get needs a resource type, e.g. kubewire get configmaps");
  const [resource, firstName] = first.includes("/")
    ? (first.split("/", 2) as [string, string])
    : [first, undefined];
  const names = [...(firstName !== undefined ? [firstName] : []), ...rest];
  const output = (values.output ?? "table") as GetOutput;
  if (
    values.output !== undefined &&
    (!(GET_OUTPUTS as readonly string[]).includes(output) || output === "table")
  )
    throw new UsageError(
      `unknown output format ${JSON.stringify(values.output)}: use raw, json, yaml, name or wide`,
    );
  const chunkSize = values["chunk-size"] === undefined ? DEFAULT_PAGE_SIZE : Number(values["chunk-size"]);
  if (!Number.isInteger(chunkSize) || chunkSize < 0)
    throw new UsageError("--chunk-size must be a whole number ≥ 0");
  // kubectl accepts --v=9, -v=9 and -v 9.
  const v = values.v === undefined ? 0 : Number(values.v.replace(/^=/, ""));
  if (!Number.isInteger(v) || v < 0) throw new UsageError("--v must be a whole number");
  if (
    values["kubectl-version"] !== undefined &&
    !KUBECTL_VERSIONS.includes(values["kubectl-version"] as never)
  )
    throw new UsageError(`--kubectl-version must be one of ${KUBECTL_VERSIONS.join(", ")}`);
  if (values["all-namespaces"] && names.length > 0)
    throw new UsageError("a resource cannot be retrieved by name across all namespaces");
  return {
    resource,
    names,
    ...(values.namespace !== undefined ? { namespace: values.namespace } : {}),
    allNamespaces: values["all-namespaces"] === true,
    ...(values.selector !== undefined ? { selector: values.selector } : {}),
    ...(values["field-selector"] !== undefined ? { fieldSelector: values["field-selector"] } : {}),
    output,
    showManagedFields: values["show-managed-fields"] === true,
    chunkSize,
    v,
    ...(values.context !== undefined ? { context: values.context } : {}),
    ...(values.kubeconfig !== undefined ? { kubeconfig: values.kubeconfig } : {}),
    ...(values.record !== undefined ? { record: values.record } : {}),
    ...(values["kubectl-version"] !== undefined ? { kubectlVersion: values["kubectl-version"] } : {}),
  };
}

/** kubectl's `StandardErrorMessage` for what the server or the network said. */
function kubectlErrorMessage(error: unknown): string | undefined {
  if (error instanceof KubeApiError) {
    const { reason, message } = error.status;
    if (reason === "Unauthorized")
      return `error: You must be logged in to the server (${message ?? "Unauthorized"})`;
    return reason ? `Error from server (${reason}): ${message ?? ""}` : `Error from server: ${message ?? ""}`;
  }
  if (error instanceof KubeNetworkError && !(error.code === "KUBEWIRE_ABORTED")) {
    const cause = error.cause as { code?: string; message?: string } | undefined;
    if (cause?.code === "ECONNREFUSED") {
      let host = error.request.url;
      try {
        host = new URL(error.request.url).host;
      } catch {
        // keep the URL as it is
      }
      return `The connection to the server ${host} was refused - did you specify the right host or port?`;
    }
    return `Unable to connect to the server: ${cause?.message ?? error.message}`;
  }
  return undefined;
}

async function fetchAll(
  client: KubeClient,
  resource: ResourceInfo,
  p: GetArgs,
  namespace: string | undefined,
  io: CliIO,
): Promise<{ raws: string[]; exchanges: Exchange[]; errors: unknown[] }> {
  const apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version;
  const accept = wantsTable(p.output) ? { accept: GET_TABLE_ACCEPT } : {};
  const raws: string[] = [];
  const exchanges: Exchange[] = [];
  const errors: unknown[] = [];
  if (p.names.length > 0) {
    for (const name of p.names) {
      try {
        const { raw, exchange } = await client.get(apiVersion, resource.resource, name, {
          ...(namespace !== undefined ? { namespace } : {}),
          ...accept,
        });
        raws.push(raw);
        exchanges.push(exchange);
      } catch (error) {
        // kubectl reports a missing name and goes on with the others.
        if (!(error instanceof KubeApiError)) throw error;
        errors.push(error);
      }
    }
    return { raws, exchanges, errors };
  }
  const progress = createProgressLine(io.stderr);
  let items = 0;
  try {
    for await (const page of client.listPages(apiVersion, resource.resource, {
      ...(namespace !== undefined ? { namespace } : {}),
      ...(p.selector !== undefined ? { labelSelector: p.selector } : {}),
      ...(p.fieldSelector !== undefined ? { fieldSelector: p.fieldSelector } : {}),
      limit: p.chunkSize,
      ...accept,
    })) {
      if (page.relisted) {
        // The continue token expired and the list was fetched again whole: earlier pages are superseded.
        raws.length = 0;
        exchanges.length = 0;
        items = 0;
      }
      raws.push(page.raw);
      exchanges.push(page.exchange);
      items += rowCount(page.raw);
      if (page.list.metadata.continue)
        progress.update(`kubewire: fetched ${items} ${resource.resource} (${raws.length} pages)…`);
    }
  } finally {
    progress.done();
  }
  return { raws, exchanges, errors };
}

/**
 * Everything `kubewire get` fetches before printing: the resource (through discovery), then the named objects or
 * every page of the list, asking for kubectl's Table when the output is a table. Undefined when the server has no
 * such resource. Errors for missing names are collected (kubectl goes on with the other names).
 */
export async function fetchGetResult(
  client: KubeClient,
  p: GetArgs,
  contextNamespace: string,
  io: CliIO,
): Promise<{ result: GetResult; errors: unknown[] } | undefined> {
  const resource = await client.resolveArgument(p.resource);
  if (!resource) return undefined;
  const namespace = !resource.namespaced || p.allNamespaces ? undefined : (p.namespace ?? contextNamespace);
  const fetched = await fetchAll(client, resource, p, namespace, io);
  return {
    result: {
      output: p.output,
      resource,
      names: p.names,
      namespace,
      allNamespaces: p.allNamespaces,
      raws: fetched.raws,
      exchanges: fetched.exchanges,
      showManagedFields: p.showManagedFields,
    },
    errors: fetched.errors,
  };
}

/** Items of a list page, or rows of a Table page. */
function rowCount(raw: string): number {
  try {
    const value = JSON.parse(raw) as { items?: unknown[]; rows?: unknown[] };
    return (value.items ?? value.rows ?? []).length;
  } catch {
    return 0;
  }
}

/**
 * `kubewire get <resource>[.group] [name...]`: loads the kubeconfig like kubectl, finds the resource through
 * discovery, lists it page by page (or gets the named objects), and prints the server's JSON (`-o raw`) or
 * kubectl's view of it. `--v=N` logs the traffic to stderr as kubectl does; warnings print as kubectl prints them.
 */
export async function runGet(args: string[], io: CliIO): Promise<number> {
  const p = parseGetArgs(args);
  if (p === "help") {
    io.stdout.write(GET_USAGE);
    return EXIT.ok;
  }
  const loaded = await loadKubeConfig(kubeConfigLocation(p, io));
  const level = Math.min(p.v, 10);
  const warn = createWarningWriter(io.stderr, { color: allowsColor(io.stderr, io.env) });
  const recording =
    p.record !== undefined
      ? await openCassetteRecording(resolve(io.cwd ?? process.cwd(), p.record))
      : undefined;
  const client = createClient({
    ...loaded.clientOptions,
    ...(recording ? { recorder: recording } : {}),
    onExchange: (exchange) => {
      if (level >= 6)
        io.stderr.write(
          renderTrafficLog([exchange], {
            v: level as TrafficLevel,
            ...(p.kubectlVersion !== undefined ? { kubectlVersion: p.kubectlVersion } : {}),
          }),
        );
    },
    onWarning: (warning) => warn(warning),
    onClientWarning: (warning) => io.stderr.write(`Warning: ${warning.message}\n`),
  });
  try {
    const fetched = await fetchGetResult(client, p, loaded.namespace, io);
    if (!fetched) {
      io.stderr.write(`error: the server doesn't have a resource type "${p.resource}"\n`);
      return EXIT.failure;
    }
    const { result } = fetched;
    if (result.raws.length > 0 || p.names.length === 0) {
      const text = renderGetOutput(result);
      io.stdout.write(text.stdout);
      io.stderr.write(text.stderr);
      if (text.exitCode !== undefined && text.exitCode !== 0) return text.exitCode;
    }
    for (const error of fetched.errors) io.stderr.write(`${kubectlErrorMessage(error)}\n`);
    return fetched.errors.length > 0 ? EXIT.failure : EXIT.ok;
  } catch (error) {
    const message = kubectlErrorMessage(error);
    if (message === undefined) throw error;
    io.stderr.write(`${message}\n`);
    return EXIT.failure;
  } finally {
    await client.close();
    // Saved even when the command failed: the failing exchange is often the one worth keeping.
    await recording?.save();
  }
}
