import { resolve } from "node:path";
import { defaultKubectlCacheDir, ResourceArgumentError, selectResources } from "../../client/index.js";
import type { ResourceSelection } from "../../client/index.js";
import { createClient, isNotFound, KubeApiError, loadKubeConfig, parseJsonLossless } from "../../index.js";
import type { KubeClient, TrafficLevel } from "../../index.js";
import { kubectlRequireNamespace } from "../../kubectl/index.js";
import { EXIT, kubeConfigLocation } from "../io.js";
import type { CliIO } from "../io.js";
import { createProgressLine } from "../progress-line.js";
import { allowsColor, createWarningWriter } from "../warning-writer.js";
import {
  ItemNamespaceError,
  isRequestFailure,
  kubectlErrorLine,
  kubectlErrorLines,
  listFailure,
  namedGetFailure,
} from "./get-errors.js";
import { GET_USAGE, parseGetArgs, printerRequestOptions } from "./get-flags.js";
import type { GetArgs } from "./get-flags.js";
import { preparePrinter, renderGetOutput } from "./get-output.js";
import type { FetchedBody, PreparedPrinter } from "./get-output.js";

/** Items of a list page, or rows of a Table page (for the progress line). */
function rowCount(raw: string): number {
  try {
    const value = JSON.parse(raw) as { items?: unknown[]; rows?: unknown[] };
    return (value.items ?? value.rows ?? []).length;
  } catch {
    return 0;
  }
}

/**
 * Whether a list page may name a namespace other than `namespace` (a quick look at its `"namespace":"…"` pairs,
 * which owner references and events hold too): most pages need no parse to be checked.
 */
function mayHoldOtherNamespace(raw: string, namespace: string): boolean {
  const expected = JSON.stringify(namespace);
  for (const m of raw.matchAll(/"namespace"\s*:\s*("(?:[^"\\]|\\.)*")/g)) if (m[1] !== expected) return true;
  return false;
}

/** Fetches what the selection names, continuing past failed requests as kubectl does (`ContinueOnError`). */
async function fetchSelection(
  client: KubeClient,
  selection: ResourceSelection,
  p: GetArgs,
  namespace: string,
  io: CliIO,
): Promise<{ bodies: FetchedBody[]; errors: unknown[] }> {
  const asked = printerRequestOptions(p);
  const bodies: FetchedBody[] = [];
  const errors: unknown[] = [];
  // cli-runtime's builder requires the namespace only when it came from the command line.
  const explicit = p.namespace !== undefined && p.namespace !== "" && !p.allNamespaces;
  for (const { resource, name } of selection.requests) {
    const apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version;
    const ns = resource.namespaced && !p.allNamespaces ? { namespace } : {};
    try {
      if (name !== undefined) {
        const { raw } = await client.get(apiVersion, resource.resource, name, {
          ...ns,
          ...asked,
        });
        bodies.push({ resource, raw });
        continue;
      }
      const progress = createProgressLine(io.stderr);
      const pages: FetchedBody[] = [];
      let items = 0;
      try {
        for await (const page of client.listPages(apiVersion, resource.resource, {
          ...ns,
          ...(p.selector !== undefined ? { labelSelector: p.selector } : {}),
          ...(p.fieldSelector !== undefined ? { fieldSelector: p.fieldSelector } : {}),
          // kubectl lists in one request when it sorts.
          limit: p.sortBy !== undefined ? 0 : p.chunkSize,
          ...asked,
        })) {
          if (page.relisted) {
            // The continue token expired and the list was fetched again whole: earlier pages are superseded.
            pages.length = 0;
            items = 0;
          }
          pages.push({ resource, raw: page.raw });
          items += rowCount(page.raw);
          if (page.list.metadata.continue)
            progress.update(`kubewire: fetched ${items} ${resource.resource} (${pages.length} pages)…`);
        }
      } finally {
        progress.done();
      }
      // kubectl refuses list items of another namespace than the one -n named (and prints the others).
      if (resource.namespaced && explicit)
        for (const page of pages) {
          if (!mayHoldOtherNamespace(page.raw, namespace)) continue;
          const check = kubectlRequireNamespace(parseJsonLossless(page.raw), namespace);
          if (check.errors.length === 0) continue;
          page.parsed = check.body;
          for (const message of check.errors) errors.push(new ItemNamespaceError(message));
        }
      bodies.push(...pages);
    } catch (thrown) {
      if (!isRequestFailure(thrown)) throw thrown;
      const error = name === undefined ? thrown : await namedGetFailure(client, thrown, ns.namespace ?? "");
      if (p.ignoreNotFound && error instanceof KubeApiError && isNotFound(error)) continue;
      errors.push(
        name === undefined
          ? listFailure(error, resource, { label: p.selector, field: p.fieldSelector })
          : error,
      );
    }
  }
  return { bodies, errors };
}

/** `kubectl get --raw PATH`: the body as received, or kubectl's error. */
async function runRaw(client: KubeClient, path: string, io: CliIO): Promise<void> {
  const res = await client.request({ method: "GET", path, headers: { Accept: "application/json, */*" } });
  io.stdout.write(res.text);
}

/**
 * `kubewire get`: kubectl's `get` on the public API: the kubeconfig, discovery through kubectl's disk cache,
 * cli-runtime's resource builder (`selectResources`), pages of lists or named objects, then kubectl's printers.
 * Output first, then every error, one line each, as kubectl prints them (after the `--v` log of every request,
 * since the client is closed first).
 */
export async function runGet(argv: string[], io: CliIO): Promise<number> {
  const p = parseGetArgs(argv, io);
  if (p === "help") {
    io.stdout.write(GET_USAGE);
    return EXIT.ok;
  }
  const prepared: PreparedPrinter = await preparePrinter(p);
  const loaded = await loadKubeConfig(kubeConfigLocation(p, io));
  const level = Math.min(p.v, 10);
  const warn = createWarningWriter(io.stderr, { color: allowsColor(io.stderr, io.env) });
  // What only some gets use (--v logs, --record, --watch) comes from ./get-lazy.js when asked for.
  const { renderTrafficLogParts } = level >= 6 ? await import("./get-lazy.js") : {};
  // A live log: this process's pid in each klog header, as kubectl's log carries its own.
  const logFormat = {
    v: level as TrafficLevel,
    pid: process.pid,
    ...(p.kubectlVersion !== undefined ? { kubectlVersion: p.kubectlVersion } : {}),
  };
  // A watch is logged when its headers are in, as kubectl logs it (it may run until Ctrl-C); its end adds the rest.
  const started = new Set<number>();
  const recording =
    p.record !== undefined
      ? await (
          await import("./get-lazy.js")
        ).openCassetteRecording(resolve(io.cwd ?? process.cwd(), p.record))
      : undefined;
  const client = createClient({
    ...loaded.clientOptions,
    cacheDir: p.cacheDir !== undefined && p.cacheDir !== "" ? p.cacheDir : defaultKubectlCacheDir(io.env),
    ...(p.requestTimeoutMs !== undefined ? { requestTimeoutMs: p.requestTimeoutMs } : {}),
    ...(recording ? { recorder: recording } : {}),
    onStreamStart: (exchange) => {
      if (!renderTrafficLogParts) return;
      started.add(exchange.seq);
      const parts = renderTrafficLogParts(exchange, logFormat);
      io.stderr.write(parts.request + parts.response);
    },
    onExchange: (exchange) => {
      if (!renderTrafficLogParts) return;
      const parts = renderTrafficLogParts(exchange, logFormat);
      io.stderr.write(
        started.delete(exchange.seq) ? parts.body : parts.request + parts.response + parts.body,
      );
    },
    onWarning: (warning) => warn(warning),
    onClientWarning: (warning) => io.stderr.write(`Warning: ${warning.message}\n`),
  });
  const itemErrors: unknown[] = [];
  const requestErrors: unknown[] = [];
  const failures: unknown[] = [];
  let exitCode: number = EXIT.ok;
  try {
    const namespace = p.namespace ?? loaded.namespace;
    if (p.raw !== undefined) await runRaw(client, p.raw, io);
    else if (p.filenames.length > 0) {
      const { fetchFileObjects } = await import("./get-lazy.js");
      const fetched = await fetchFileObjects(client, p, namespace, io);
      const text = await renderGetOutput(prepared, fetched.bodies, p, {
        namespace,
        singleItemImplied: fetched.singleItemImplied,
        errors: fetched.itemErrors.length + fetched.requestErrors.length,
      });
      io.stdout.write(text.stdout);
      io.stderr.write(text.stderr);
      if (text.exitCode !== undefined && text.exitCode !== 0) exitCode = text.exitCode;
      itemErrors.push(...fetched.itemErrors);
      requestErrors.push(...fetched.requestErrors);
      if (itemErrors.length + requestErrors.length > 0) exitCode = EXIT.failure;
    } else {
      const selection = await selectResources(p.args, {
        resolve: (arg) => client.resolveArgument(arg),
        resources: async () => (await client.discover()).resources,
        selector: p.selector !== undefined || p.fieldSelector !== undefined,
        allNamespaces: p.allNamespaces,
        program: "kubewire",
      });
      if (p.watch || p.watchOnly) {
        const { runWatch } = await import("./get-lazy.js");
        exitCode = await runWatch(client, selection, prepared, p, namespace, io);
      } else {
        const { bodies, errors } = await fetchSelection(client, selection, p, namespace, io);
        const text = await renderGetOutput(prepared, bodies, p, {
          namespace,
          singleItemImplied: selection.singleItemImplied,
          errors: errors.length,
        });
        io.stdout.write(text.stdout);
        io.stderr.write(text.stderr);
        if (text.exitCode !== undefined && text.exitCode !== 0) exitCode = text.exitCode;
        for (const error of errors)
          (error instanceof ItemNamespaceError ? itemErrors : requestErrors).push(error);
        if (errors.length > 0) exitCode = EXIT.failure;
      }
    }
  } catch (error) {
    // A custom-columns row that failed: kubectl still prints the headers and rows before it (KubectlCustomColumnsError's
    // `printed`, read by its shape so that the printers stay out of the start-up bundle).
    const printed = (error as { printed?: unknown } | null)?.printed;
    if (typeof printed === "string") io.stdout.write(printed);
    kubectlErrorLine(error, { rethrowUnknown: true }); // a bug, not a failure to report: thrown again here
    failures.push(error);
    // Arguments kubectl's builder refuses are a command-line mistake; an unknown type is the server's answer.
    exitCode = error instanceof ResourceArgumentError && error.reason === "usage" ? EXIT.usage : EXIT.failure;
  } finally {
    // Closing waits for requests still in flight, so their --v log lines come before the error lines.
    await client.close();
  }
  io.stderr.write(
    kubectlErrorLines(itemErrors, requestErrors, failures, { flatten: p.printer.kind !== "table" }),
  );
  // Appended even when the command failed: the failing exchange is often the one worth keeping.
  await recording?.save();
  return exitCode;
}
