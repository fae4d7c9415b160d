import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { KUBECTL_TABLE_ACCEPT, KUBECTL_VERSIONS } from "../../kubectl/index.js";
import { readFlags } from "../flags.js";
import type { FlagSpec } from "../flags.js";
import { CliFailure, EXIT, UsageError } from "../io.js";
import type { CliIO } from "../io.js";

export const GET_USAGE = `Usage: kubewire get [(-o|--output=)FORMAT] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags]

Fetches objects as kubectl get does (kubeconfig, context, namespace, discovery and its disk cache, pagination)
and prints them byte for byte as kubectl 1.33 prints them.

Examples:
  kubewire get pods                       kubewire get cm,secrets -o name
  kubewire get all -A                     kubewire get cm/a secret/b -o yaml
  kubewire get cm -o jsonpath='{range .items[*]}{.metadata.name}{"\\n"}{end}'
  kubewire get cm -o go-template='{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}'
  kubewire get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName --sort-by=.metadata.name
  kubewire get cm -w                      kubewire get --raw /version
  kubewire get -f deploy.yaml             kubewire get -f manifests/ -R -o name

Options:
  -o, --output=FORMAT           json, yaml, name, wide, jsonpath=…, jsonpath-file=…, jsonpath-as-json=…,
                                custom-columns=…, custom-columns-file=…, go-template=…, go-template-file=…
                                (template=, templatefile=), or raw (the server's bytes); default a table
  -n, --namespace=NS            the namespace (default: the context's)
  -A, --all-namespaces          every namespace
  -f, --filename=FILE,...       the objects of these files (YAML or JSON; a directory's .json/.yaml/.yml files;
                                - for standard input), fetched from the server by kind and name
  -R, --recursive               with -f, walk directories' sub-directories too
  -l, --selector=SEL            label selector, e.g. app=blog
      --field-selector=SEL      field selector, e.g. status.phase=Running
  -w, --watch                   after listing, watch for changes
      --watch-only              watch for changes without printing the list first
      --output-watch-events     print watch events (type and object) with --watch or --watch-only
      --show-labels             a LABELS column
  -L, --label-columns=KEY,...   a column per label key
      --show-kind               kind/ before names
      --no-headers              no header line (tables and custom columns)
      --sort-by=JSONPATH        sort by a field, e.g. .metadata.creationTimestamp
      --ignore-not-found        a missing object is not an error
      --raw=PATH                GET a path and print the body as received
      --chunk-size=N            items per page (default 500; 0: one request)
      --show-managed-fields     keep metadata.managedFields in json and yaml output
      --allow-missing-template-keys=BOOL  a missing key in a template is not an error (default true)
      --template=TEMPLATE       the jsonpath or Go template when -o gives none (alone: a Go template)
      --request-timeout=DUR     give up after DUR (1s, 2m, 3h; a bare number is seconds; 0: never)
      --kubeconfig=FILE         the kubeconfig file to use
      --context=NAME            the kubeconfig context to use
      --cache-dir=DIR           kubectl's cache directory (default $KUBECACHEDIR or ~/.kube/cache), shared with kubectl
  -v, --v=N                     log the traffic to stderr as kubectl --v=N does (6 to 10)
      --kubectl-version=1.NN    the kubectl to imitate: --v log format, --sort-by order (1.27 to 1.33; default newest)
      --record=FILE             append every exchange (redacted) to a cassette file (kept only if the run succeeds)
  -h, --help                    this help

Not supported (kubectl flags kubewire does not have): -k/--kustomize, -f with a URL, -f with --watch or a
selector, --subresource, --server-print=false, and the global connection flags
other than --kubeconfig, --context, -n, --request-timeout and --cache-dir.
`;

const SPECS: FlagSpec[] = [
  { name: "output", short: "o", type: "string" },
  { name: "namespace", short: "n", type: "string" },
  { name: "all-namespaces", short: "A", type: "bool" },
  { name: "filename", short: "f", type: "slice" },
  { name: "recursive", short: "R", type: "bool" },
  { name: "selector", short: "l", type: "string" },
  { name: "field-selector", type: "string" },
  { name: "watch", short: "w", type: "bool" },
  { name: "watch-only", type: "bool" },
  { name: "output-watch-events", type: "bool" },
  { name: "show-labels", type: "bool" },
  { name: "label-columns", short: "L", type: "slice" },
  { name: "show-kind", type: "bool" },
  { name: "no-headers", type: "bool" },
  { name: "sort-by", type: "string" },
  { name: "ignore-not-found", type: "bool" },
  { name: "raw", type: "string" },
  { name: "chunk-size", type: "int" },
  { name: "show-managed-fields", type: "bool" },
  { name: "allow-missing-template-keys", type: "bool" },
  { name: "template", type: "string" },
  { name: "request-timeout", type: "string" },
  { name: "kubeconfig", type: "string" },
  { name: "context", type: "string" },
  { name: "cache-dir", type: "string" },
  { name: "v", short: "v", type: "level" },
  { name: "kubectl-version", type: "string" },
  { name: "record", type: "string" },
  { name: "help", short: "h", type: "bool" },
];

/** The printers of `kubewire get`: kubectl's, plus `raw`. */
export type GetPrinter =
  | { kind: "table"; wide: boolean }
  | { kind: "json" | "yaml" | "name" | "raw" }
  | { kind: "jsonpath"; template: string; asJson: boolean }
  | { kind: "go-template"; template: string }
  | { kind: "custom-columns"; spec: string; file: boolean };

/** The command line of `kubewire get`, read and checked as kubectl checks it. */
export interface GetArgs {
  args: string[];
  /** `-f`: files whose objects to fetch (`-` for standard input), instead of `args`. */
  filenames: string[];
  /** `-R`: walk the sub-directories of directories `-f` names. */
  recursive: boolean;
  printer: GetPrinter;
  namespace?: string;
  allNamespaces: boolean;
  selector?: string;
  fieldSelector?: string;
  watch: boolean;
  watchOnly: boolean;
  outputWatchEvents: boolean;
  showLabels: boolean;
  labelColumns: string[];
  showKind: boolean;
  noHeaders: boolean;
  sortBy?: string;
  ignoreNotFound: boolean;
  raw?: string;
  chunkSize: number;
  showManagedFields: boolean;
  allowMissingTemplateKeys: boolean;
  requestTimeoutMs?: number;
  kubeconfig?: string;
  context?: string;
  cacheDir?: string;
  v: number;
  kubectlVersion?: string;
  record?: string;
}

/** What kubectl asks the server for: its Table when a table prints, with the whole objects when it sorts them. */
export function printerRequestOptions(p: GetArgs): { accept?: string; includeObject?: "Object" } {
  if (p.printer.kind !== "table") return {};
  return {
    accept: KUBECTL_TABLE_ACCEPT,
    ...(p.sortBy !== undefined ? { includeObject: "Object" as const } : {}),
  };
}

/** kubectl's message for an `-o` it has no printer for (its formats, sorted). */
const ALLOWED_FORMATS =
  "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml";

function printerOf(output: string, template: string | undefined, io: CliIO): GetPrinter {
  // kubectl's PrintFlags: a --template without -o is a Go template.
  if (output === "" && template !== undefined && template !== "") output = "go-template";
  if (output === "" || output === "wide") return { kind: "table", wide: output === "wide" };
  if (output === "json" || output === "yaml" || output === "name" || output === "raw")
    return { kind: output };
  // cli-runtime's template printers: with --template, the whole -o value is the format (so `-o jsonpath=X
  // --template Y` matches no printer); without it, `format=value`.
  const eq = output.indexOf("=");
  const withTemplate = template !== undefined && template !== "";
  const format = withTemplate || eq < 0 ? output : output.slice(0, eq);
  const value = withTemplate ? template : eq < 0 ? "" : output.slice(eq + 1);
  const readTemplate = (file: string, what: string): string => {
    try {
      return readFileSync(resolve(io.cwd ?? process.cwd(), file), "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === "ENOENT" ? "no such file or directory" : (code ?? "cannot be read");
      throw new CliFailure(`error reading ${what} ${file}, open ${file}: ${why}`);
    }
  };
  switch (format) {
    case "jsonpath":
    case "jsonpath-file":
    case "jsonpath-as-json":
      if (value === "") throw new CliFailure("template format specified but no template given", EXIT.usage);
      return {
        kind: "jsonpath",
        template: format === "jsonpath-file" ? readTemplate(value, "--template") : value,
        asJson: format === "jsonpath-as-json",
      };
    case "custom-columns":
    case "custom-columns-file":
      if (value === "")
        throw new CliFailure("custom-columns format specified but no custom columns given", EXIT.usage);
      return format === "custom-columns-file"
        ? { kind: "custom-columns", spec: readTemplate(value, "template"), file: true }
        : { kind: "custom-columns", spec: value, file: false };
    case "go-template":
    case "go-template-file":
    case "template":
    case "templatefile":
      if (value === "") throw new CliFailure("template format specified but no template given", EXIT.usage);
      return {
        kind: "go-template",
        template:
          format === "go-template-file" || format === "templatefile"
            ? readTemplate(value, "--template")
            : value,
      };
    default:
      throw new CliFailure(
        `unable to match a printer suitable for the output format ${JSON.stringify(output)}, allowed formats are: ${ALLOWED_FORMATS}`,
        EXIT.usage,
      );
  }
}

/** client-go `ParseTimeout`: whole seconds, or a Go duration (`1s`, `1.5m`, `2h45m`); undefined for 0. */
export function parseRequestTimeout(text: string): number | undefined {
  const invalid = () =>
    new CliFailure(
      "Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)",
      EXIT.usage,
    );
  if (/^\d+$/.test(text)) return Number(text) * 1000 || undefined;
  const units: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    μs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  const m = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(text);
  if (!m && text !== "0") throw invalid();
  if (text === "0") return undefined;
  let ms = 0;
  for (const part of text.replace(/^[+-]/, "").matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g))
    ms += Number(part[1]) * units[part[2]!]!;
  if (m![1] === "-") ms = -ms;
  return ms === 0 ? undefined : Math.round(ms);
}

/** Reads `kubewire get`'s command line; "help" for `-h`. Every mistake is a usage error with kubectl's words. */
export function parseGetArgs(argv: string[], io: CliIO): GetArgs | "help" {
  const flags = readFlags(argv, SPECS);
  if (flags.bool("help")) return "help";
  const output = flags.string("output") ?? "";
  const raw = flags.string("raw");
  const args = flags.positionals;
  const watch = flags.bool("watch");
  const watchOnly = flags.bool("watch-only");
  const filenames = flags.list("filename");
  if (filenames.length > 0) {
    if (args.length > 0)
      throw new CliFailure(
        "when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well",
      );
    // kubewire's own limits: kubectl watches the files' objects, and filters them by label.
    if (watch || watchOnly) throw new CliFailure("kubewire get -f does not support --watch", EXIT.usage);
    if ((flags.string("selector") ?? "") !== "" || (flags.string("field-selector") ?? "") !== "")
      throw new CliFailure("kubewire get -f does not support -l or --field-selector", EXIT.usage);
  }
  if (raw !== undefined && raw !== "") {
    if (args.length > 0)
      throw new CliFailure("arguments may not be passed when --raw is specified", EXIT.usage);
    if (watch || watchOnly || (flags.string("selector") ?? "") !== "")
      throw new CliFailure(
        "--raw may not be specified with other flags that filter the server request or alter the output",
        EXIT.usage,
      );
    if (output !== "") throw new CliFailure("--raw and --output are mutually exclusive", EXIT.usage);
    if (!raw.startsWith("/"))
      throw new CliFailure(
        `--raw must be a valid URL path: parse ${JSON.stringify(raw)}: invalid URI for request`,
        EXIT.usage,
      );
  } else if (args.length === 0 && filenames.length === 0 && !watch && !watchOnly) {
    throw new UsageError("Required resource not specified.");
  }
  const showLabels = flags.bool("show-labels");
  if (showLabels && output !== "" && output !== "wide")
    throw new CliFailure(`--show-labels option cannot be used with ${output} printer`, EXIT.usage);
  if (flags.bool("output-watch-events") && !(watch || watchOnly))
    throw new CliFailure(
      "--output-watch-events option can only be used with --watch or --watch-only",
      EXIT.usage,
    );
  const chunk = flags.int("chunk-size");
  if (chunk !== undefined && (chunk < 0n || chunk > BigInt(Number.MAX_SAFE_INTEGER)))
    throw new UsageError("--chunk-size must be a whole number ≥ 0");
  const version = flags.string("kubectl-version");
  if (version !== undefined && !(KUBECTL_VERSIONS as readonly string[]).includes(version))
    throw new UsageError(`--kubectl-version must be one of ${KUBECTL_VERSIONS.join(", ")}`);
  const timeout = flags.string("request-timeout");
  const requestTimeoutMs = timeout === undefined ? undefined : parseRequestTimeout(timeout);
  const template = flags.string("template");
  const printer = raw ? ({ kind: "raw" } as const) : printerOf(output, template, io);
  const optional = <K extends string, V>(key: K, value: V | undefined) =>
    (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
  const nonEmpty = (s: string | undefined) => (s === undefined || s.trim() === "" ? undefined : s.trim());
  return {
    args,
    filenames,
    recursive: flags.bool("recursive"),
    printer,
    ...optional("namespace", flags.string("namespace")),
    allNamespaces: flags.bool("all-namespaces"),
    ...optional("selector", nonEmpty(flags.string("selector"))),
    ...optional("fieldSelector", nonEmpty(flags.string("field-selector"))),
    watch,
    watchOnly,
    outputWatchEvents: flags.bool("output-watch-events"),
    showLabels,
    labelColumns: flags.list("label-columns"),
    showKind: flags.bool("show-kind"),
    noHeaders: flags.bool("no-headers"),
    ...optional("sortBy", flags.string("sort-by") || undefined),
    ignoreNotFound: flags.bool("ignore-not-found"),
    ...optional("raw", raw || undefined),
    chunkSize: chunk === undefined ? 500 : Number(chunk),
    showManagedFields: flags.bool("show-managed-fields"),
    allowMissingTemplateKeys: flags.has("allow-missing-template-keys")
      ? flags.bool("allow-missing-template-keys")
      : true,
    ...optional("requestTimeoutMs", requestTimeoutMs),
    ...optional("kubeconfig", flags.string("kubeconfig")),
    ...optional("context", flags.string("context")),
    ...optional("cacheDir", flags.string("cache-dir")),
    v: Number(flags.int("v") ?? 0n),
    ...optional("kubectlVersion", version),
    ...optional("record", flags.string("record")),
  };
}
