import type { ResourceSelection } from "../../client/index.js";
import { toKubectlView } from "../../index.js";
import type { KubeClient, ResourceInfo } from "../../index.js";
import {
  KUBECTL_TABLE_ACCEPT,
  KubectlTableStream,
  kubectlView,
  renderKubectlCustomColumns,
} from "../../kubectl/index.js";
import { CliFailure, EXIT } from "../io.js";
import type { CliIO } from "../io.js";
import type { KubectlVersion } from "../../kubectl/index.js";
import type { GetArgs } from "./get-flags.js";
import type { PreparedPrinter } from "./get-output.js";
import { tableFlags } from "./get-tables.js";

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** kubectl's printer for one watched object at a time (its tabwriter flushed after each, widths remembered). */
function objectPrinter(
  prepared: PreparedPrinter,
  p: GetArgs,
  resource: ResourceInfo,
  namespace: string,
): (object: unknown, eventType?: string) => string {
  const printer = prepared.printer;
  if (printer.kind === "table") {
    const table = new KubectlTableStream(tableFlags(p, printer.wide, namespace));
    const source = (body: unknown) => ({
      body,
      kind: resource.kind,
      group: resource.group,
      namespaced: resource.namespaced,
    });
    return (object, eventType) => table.print(source(object), eventType === undefined ? {} : { eventType });
  }
  let printed = 0;
  let columnsHeader = !p.noHeaders;
  return (object, eventType) => {
    const view = kubectlView([object], { singleObject: true, showManagedFields: true });
    if (eventType !== undefined) return `${JSON.stringify({ type: eventType, object: view })}\n`;
    printed++;
    switch (printer.kind) {
      case "jsonpath":
        return prepared.jsonPath!.execute(view);
      case "go-template":
        return prepared.goTemplate!.execute(view);
      case "custom-columns": {
        const text = renderKubectlCustomColumns(view, prepared.columns!, { noHeaders: !columnsHeader });
        columnsHeader = false;
        return text;
      }
      case "raw":
        return `${JSON.stringify(object)}\n`;
      default: {
        const text = toKubectlView([view], {
          output: printer.kind,
          singleObject: true,
          showManagedFields: p.showManagedFields,
          ...(p.kubectlVersion !== undefined ? { kubectlVersion: p.kubectlVersion as KubectlVersion } : {}),
        });
        // kubectl's YAML printer separates documents after the first with ---.
        return printer.kind === "yaml" && printed > 1 ? `---\n${text}` : text;
      }
    }
  };
}

/**
 * `kubectl get --watch` / `--watch-only`: the list (or the named object), printed unless watch-only, then every
 * change from its resourceVersion until the server ends the watch, printed as it comes. One resource only, as
 * kubectl requires.
 */
export async function runWatch(
  client: KubeClient,
  selection: ResourceSelection,
  prepared: PreparedPrinter,
  p: GetArgs,
  namespace: string,
  io: CliIO,
): Promise<number> {
  const [first] = selection.requests;
  if (!first) return EXIT.ok;
  const kinds = new Set(selection.requests.map((r) => `${r.resource.group}/${r.resource.kind}`));
  if (kinds.size > 1) throw new CliFailure("you may only specify a single resource type");
  if (selection.requests.length > 1)
    throw new CliFailure(
      "watch is only supported on individual resources and resource collections - more than 1 resource was found",
    );
  if (p.sortBy !== undefined)
    io.stderr.write(
      p.watch
        ? "warning: --watch requested, --sort-by will be ignored for watch events received\n"
        : "warning: --watch-only requested, --sort-by will be ignored\n",
    );
  const { resource, name } = first;
  const apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version;
  const human = prepared.printer.kind === "table";
  const accept = human ? { accept: KUBECTL_TABLE_ACCEPT } : {};
  const ns = resource.namespaced && !p.allNamespaces ? { namespace } : {};
  const print = objectPrinter(prepared, p, resource, namespace);
  const out = (object: unknown, eventType?: string) =>
    io.stdout.write(print(object, p.outputWatchEvents ? (eventType ?? "ADDED") : undefined));

  let resourceVersion = "0";
  // A watch of one object starts with a synthetic ADDED event for it, which kubectl does not print twice.
  let skipFirst = false;
  if (name !== undefined) {
    const { raw } = await client.get(apiVersion, resource.resource, name, { ...ns, ...accept });
    if (!p.watchOnly) out(JSON.parse(raw) as unknown);
    skipFirst = true;
  } else {
    for await (const page of client.listPages(apiVersion, resource.resource, {
      ...ns,
      ...(p.selector !== undefined ? { labelSelector: p.selector } : {}),
      ...(p.fieldSelector !== undefined ? { fieldSelector: p.fieldSelector } : {}),
      limit: p.chunkSize,
      ...accept,
    })) {
      const body = JSON.parse(page.raw) as unknown;
      if (isObj(body) && isObj(body.metadata) && typeof body.metadata.resourceVersion === "string")
        resourceVersion = body.metadata.resourceVersion;
      if (p.watchOnly) continue;
      if (human) out(body);
      else for (const item of page.list.items) out(item);
    }
  }
  // --request-timeout bounds the whole watch, as client-go's http.Client.Timeout does: kubectl then ends quietly,
  // exit 0 (the API server ignores `timeout=` on a watch, so only the client ends it).
  const deadline = p.requestTimeoutMs !== undefined ? AbortSignal.timeout(p.requestTimeoutMs) : undefined;
  try {
    await watchAndPrint(deadline);
  } catch (error) {
    if (!deadline?.aborted) throw error;
  }
  return EXIT.ok;

  async function watchAndPrint(signal: AbortSignal | undefined): Promise<void> {
    for await (const event of client.watch(apiVersion, resource.resource, {
      ...(signal ? { signal } : {}),
      ...ns,
      ...(p.selector !== undefined ? { labelSelector: p.selector } : {}),
      ...(name !== undefined
        ? { fieldSelector: `metadata.name=${name}` }
        : p.fieldSelector !== undefined
          ? { fieldSelector: p.fieldSelector }
          : {}),
      resourceVersion,
      resume: false,
      ...accept,
    })) {
      if (skipFirst) {
        skipFirst = false;
        continue;
      }
      out(event.object, event.type);
    }
  }
}
