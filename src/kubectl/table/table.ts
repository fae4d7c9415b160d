import { parseJsonLossless } from "../../normalize/lossless-json.js";
import { compareUtf8 } from "../go/json.js";
import { goSprint } from "../go/sprint.js";
import { parseGoRfc3339 } from "../go/time-parse.js";
import { goWellFormed } from "../go/well-formed.js";
import { KubectlSortError, kubectlSortOrder, kubectlSortTableOrder } from "../sort/sort-by.js";
import { goMinorRelease, KUBECTL_RELEASES, NEWEST_KUBECTL_VERSION } from "../versions.js";
import type { KubectlVersion } from "../versions.js";
import { humanDuration } from "./human-duration.js";
import { TabWriter } from "./tabwriter.js";
import { isJsonObject } from "../../internal/json.js";

/** One server response to print, with what kubectl knows about its resource from discovery. */
export interface KubectlTableSource {
  /**
   * What the server sent, as text or parsed: a `meta.k8s.io` `Table` (what kubectl asked for), or an object or
   * list when the server ignored `as=Table` (kubectl then prints NAME and AGE itself).
   */
  body: unknown;
  /** The resource's kind, e.g. `ConfigMap`; for the `configmap/` name prefix. Defaults to what the body says. */
  kind?: string;
  /** The resource's API group (`""` for core), e.g. `apps`; part of the name prefix (`deployment.apps/`). */
  group?: string;
  /** False for cluster-scoped resources: no NAMESPACE column with `-A`. Default true. */
  namespaced?: boolean;
}

/** kubectl `get` flags that shape the table. */
export interface KubectlTableOptions {
  /** `-o wide`: include the columns of priority above 0. */
  wide?: boolean;
  /** `--no-headers`. */
  noHeaders?: boolean;
  /** `--show-kind`: prefix names with `kind/` even for a single type. */
  showKind?: boolean;
  /** `-A`: a NAMESPACE column first (from each row's object metadata). */
  allNamespaces?: boolean;
  /** `--show-labels`: a LABELS column last. */
  showLabels?: boolean;
  /** `-L key1,key2`: one column per label key, headed by the key's last path segment upper-cased. */
  labelColumns?: readonly string[];
  /** The namespace of the request, for "No resources found in <ns> namespace.". Default `default`. */
  namespace?: string;
  /** The clock for ages computed client-side (when the server sent no Table). Default: the current time. */
  now?: Date | number;
  /**
   * `--sort-by`: a jsonpath into each row's object (kubectl asks for them with `includeObject=Object`). Several
   * responses, or a list the server sent instead of a Table, sort as a whole first, as kubectl sorts its infos
   * (`RuntimeSorter`); then each Table's rows (`TableSorter`). A Table whose rows cannot be sorted prints nothing,
   * as kubectl drops its printer's error.
   *
   * @throws {KubectlSortError} when kubectl fails the command: a field that is not jsonpath or that no response
   * has, values it cannot compare (`fatal`, with what kubectl printed before it exited).
   */
  sortBy?: string;
  /** The kubectl release to print as (how creation times parse, how `--sort-by` compares strings). Default 1.33. */
  kubectlVersion?: KubectlVersion;
}

/** What kubectl writes: the table on stdout, "No resources found …" on stderr. */
export interface KubectlTableOutput {
  stdout: string;
  stderr: string;
}

const FORMATTED_EVENT_TYPES: Record<string, string> = {
  ADDED: "ADDED   ",
  MODIFIED: "MODIFIED",
  DELETED: "DELETED ",
  ERROR: "ERROR   ",
};

interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

interface Row {
  cells: unknown[];
  object: Record<string, unknown> | undefined;
}

type Obj = Record<string, unknown>;

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

/** Go's strings.ToUpper maps rune by rune (simple case mapping): `ß` stays `ß`, where JavaScript writes `SS`. */
function goToUpper(s: string): string {
  let out = "";
  for (const ch of s) {
    const up = ch.toUpperCase();
    out += [...up].length === 1 ? up : ch;
  }
  return out;
}

/** cli-runtime `WriteEscaped`: terminal escape sequences made visible. */
function escapeTerminal(s: string): string {
  return s.replace(/\x1b/g, "^[").replace(/\r/g, "\\r");
}

/** Go's `time.Duration` saturates at ±2^63-1 ns (about 292 years): `time.Since` of an older time is that. */
const MAX_DURATION_MS = 9223372036854.775;

/** cli-runtime `translateTimestampSince`: the AGE of an object, `<unknown>` without a creation time Go can read. */
function ageOf(metadata: Obj, now: number, goRelease: number): string {
  const created = metadata.creationTimestamp;
  const t = parseGoRfc3339(typeof created === "string" ? created : "", goRelease);
  if (t === undefined || t.zero) return "<unknown>";
  return humanDuration(Math.max(-MAX_DURATION_MS, Math.min(MAX_DURATION_MS, now - t.ms)));
}

/** A string cell: cut at the first line break (`...` appended), then escaped. */
function formatCell(cell: unknown): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell !== "string") return escapeTerminal(goWellFormed(goSprint(cell)));
  const s = goWellFormed(cell);
  const cut = s.search(/[\f\n\r]/);
  return cut < 0 ? escapeTerminal(s) : escapeTerminal(s.slice(0, cut)) + "...";
}

/** Go's `%s` of a decoded JSON value, as the kind prefix formats the name cell. */
function goSprintS(v: unknown): string {
  if (typeof v === "string") return v;
  if (v === null || v === undefined) return "%!s(<nil>)";
  if (typeof v === "boolean") return `%!s(bool=${v})`;
  if (
    typeof v === "bigint" ||
    (typeof v === "number" && Number.isInteger(v) && Math.abs(v) < 2 ** 63 && !Object.is(v, -0))
  )
    return `%!s(int64=${goSprint(v)})`;
  if (typeof v === "number") return `%!s(float64=${goSprint(v)})`;
  // fmt applies %s to each element of a slice and each key and value of a map (keys sorted), as %v does; a nil
  // inside one is `<nil>` (printValue), not the bad-verb form of a nil argument.
  const inner = (x: unknown) => (x === null || x === undefined ? "<nil>" : goSprintS(x));
  if (Array.isArray(v)) return `[${v.map(inner).join(" ")}]`;
  if (isJsonObject(v)) {
    const keys = Object.keys(v).sort(compareUtf8);
    return `map[${keys.map((k) => `${k}:${inner(v[k])}`).join(" ")}]`;
  }
  return goSprint(v);
}

/** apimachinery `labels.FormatLabels`: `k=v` sorted by key, comma-separated, `<none>` when empty. */
function formatLabels(labels: Record<string, string>): string {
  const keys = Object.keys(labels).sort(compareUtf8);
  return keys.length ? keys.map((k) => `${k}=${labels[k]}`).join(",") : "<none>";
}

function labelsOf(object: Obj | undefined): Record<string, string> {
  const labels = isJsonObject(object?.metadata) ? object.metadata.labels : undefined;
  if (!isJsonObject(labels)) return {};
  // Unstructured's GetLabels gives nothing when any value is not a string.
  return Object.values(labels).every((v) => typeof v === "string") ? (labels as Record<string, string>) : {};
}

/** The value of label `key` (`-L key`), "" without one: own keys only (`-L constructor` is a label like any). */
function labelValue(labels: Record<string, string>, key: string): string {
  return Object.hasOwn(labels, key) ? labels[key]! : "";
}

function namespaceOf(object: Obj | undefined): string {
  return isJsonObject(object?.metadata) ? str(object.metadata.namespace) : "";
}

function formatLabelHeader(key: string): string {
  const parts = key.split("/");
  return goToUpper(parts[parts.length - 1]!);
}

function isTable(body: unknown): body is Obj {
  return (
    isJsonObject(body) &&
    body.kind === "Table" &&
    (body.apiVersion === "meta.k8s.io/v1" || body.apiVersion === "meta.k8s.io/v1beta1")
  );
}

function columnsOf(table: Obj): ColumnDefinition[] {
  const defs = Array.isArray(table.columnDefinitions) ? table.columnDefinitions : [];
  return defs.map((d: unknown) => {
    const o = isJsonObject(d) ? d : {};
    return {
      name: str(o.name),
      type: str(o.type),
      format: str(o.format),
      description: str(o.description),
      // An int32: Go's conversion keeps the low 32 bits of a larger integer.
      priority:
        typeof o.priority === "number" || typeof o.priority === "bigint"
          ? Number(BigInt.asIntN(32, BigInt(o.priority)))
          : 0,
    };
  });
}

function rowsOf(table: Obj): Row[] {
  const rows = Array.isArray(table.rows) ? table.rows : [];
  return rows.map((r: unknown) => {
    const o = isJsonObject(r) ? r : {};
    return {
      cells: Array.isArray(o.cells) ? [...(o.cells as unknown[])] : [],
      object: isJsonObject(o.object) ? o.object : undefined,
    };
  });
}

function sameColumns(a: ColumnDefinition[], b: ColumnDefinition[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (c, i) =>
        c.name === b[i]!.name &&
        c.type === b[i]!.type &&
        c.format === b[i]!.format &&
        c.description === b[i]!.description &&
        c.priority === b[i]!.priority,
    )
  );
}

function parseBody(body: unknown): unknown {
  return typeof body === "string" ? parseJsonLossless(body) : body;
}

function toSource(value: unknown): KubectlTableSource {
  return isJsonObject(value) && "body" in value && !("apiVersion" in value)
    ? (value as unknown as KubectlTableSource)
    : { body: value };
}

/** The group of an apiVersion (`apps/v1` → `apps`, `v1` → ``). */
function groupOf(apiVersion: unknown): string {
  const s = str(apiVersion);
  return s.includes("/") ? s.slice(0, s.indexOf("/")) : "";
}

interface PrintOptions {
  wide: boolean;
  noHeaders: boolean;
  withNamespace: boolean;
  withKind: boolean;
  kind: string;
  showLabels: boolean;
  labelColumns: readonly string[];
  now: number;
  goRelease: number;
}

/** cli-runtime's HumanReadablePrinter for one resource type: a server Table, or NAME/AGE for anything else. */
class TablePrinter {
  #lastColumns: ColumnDefinition[] = [];
  #printedHeaders = false;
  #printedFallbackHeader = false;

  constructor(
    private readonly w: TabWriter,
    private readonly o: PrintOptions,
  ) {}

  printTable(table: Obj, eventType?: string): void {
    let columns = columnsOf(table);
    const rows = rowsOf(table);
    let noHeaders = this.o.noHeaders;
    if (this.#printedHeaders && (columns.length === 0 || sameColumns(columns, this.#lastColumns)))
      noHeaders = true;
    if (columns.length === 0) columns = this.#lastColumns;
    else if (!sameColumns(columns, this.#lastColumns)) {
      this.#lastColumns = columns;
      this.#printedHeaders = false;
    }
    if (rows.length > 0) this.#printedHeaders = true;
    columns = this.#decorate(columns, rows);
    if (eventType !== undefined) {
      // cli-runtime adds the EVENT column after decorating, so it comes before NAMESPACE.
      columns = [{ name: "Event", type: "string", format: "", description: "", priority: 0 }, ...columns];
      // cli-runtime's formatEventType pads the types it knows to eight characters.
      const cell = FORMATTED_EVENT_TYPES[eventType] ?? eventType;
      for (const row of rows) row.cells.unshift(cell);
    }
    if (!noHeaders) {
      if (rows.length === 0) return;
      const headers = columns.filter((c) => this.o.wide || c.priority === 0).map((c) => goToUpper(c.name));
      this.w.write(headers.join("\t") + "\n");
    }
    for (const row of rows) {
      const cells: string[] = [];
      for (let i = 0; i < row.cells.length && i < columns.length; i++) {
        if (!this.o.wide && columns[i]!.priority !== 0) continue;
        cells.push(formatCell(row.cells[i]));
      }
      this.w.write(cells.join("\t") + "\n");
    }
  }

  /** cli-runtime `decorateTable`: NAMESPACE first, label columns last, `kind/` before names. */
  #decorate(columns: ColumnDefinition[], rows: Row[]): ColumnDefinition[] {
    const o = this.o;
    const includeLabels = o.labelColumns.length > 0 || o.showLabels;
    const width = columns.length + o.labelColumns.length + (o.withNamespace ? 1 : 0) + (o.showLabels ? 1 : 0);
    const nameColumn =
      o.withKind && o.kind !== "" ? columns.findIndex((c) => c.format === "name" && c.type === "string") : -1;
    let decorated = columns;
    if (width !== columns.length) {
      const extra = (name: string): ColumnDefinition => ({
        name,
        type: "string",
        format: "",
        description: "",
        priority: 0,
      });
      decorated = [
        ...(o.withNamespace ? [extra("Namespace")] : []),
        ...columns,
        ...o.labelColumns.map((k) => extra(formatLabelHeader(k))),
        ...(o.showLabels ? [extra("Labels")] : []),
      ];
    }
    if (!includeLabels && !o.withNamespace && nameColumn === -1) return decorated;
    for (const row of rows) {
      if (nameColumn !== -1 && nameColumn < row.cells.length)
        row.cells[nameColumn] = `${o.kind.toLowerCase()}/${goSprintS(row.cells[nameColumn])}`;
      if (!row.object) {
        if (o.withNamespace) row.cells.unshift(null);
        // Go's loop re-reads len(row.Cells) as it appends, so it fills only about half of the gap.
        for (let j = 0; j < width - row.cells.length; j++) row.cells.push(null);
        continue;
      }
      if (o.withNamespace) row.cells.unshift(namespaceOf(row.object));
      if (includeLabels) {
        const labels = labelsOf(row.object);
        for (const key of o.labelColumns) row.cells.push(labelValue(labels, key));
        if (o.showLabels) row.cells.push(formatLabels(labels));
      }
    }
    return decorated;
  }

  /** The client-side fallback (cli-runtime `printObjectMeta`): NAME and AGE from the object's metadata. */
  printObject(object: Obj): void {
    const o = this.o;
    if (!this.#printedFallbackHeader && !o.noHeaders) {
      const headers = [
        ...(o.withNamespace ? ["NAMESPACE"] : []),
        "NAME",
        "AGE",
        ...o.labelColumns.map(formatLabelHeader),
        ...(o.showLabels ? ["LABELS"] : []),
      ];
      this.w.write(headers.join("\t") + "\n");
    }
    this.#printedFallbackHeader = true;
    const metadata = isJsonObject(object.metadata) ? object.metadata : {};
    const age = ageOf(metadata, o.now, o.goRelease);
    let line = o.withNamespace ? namespaceOf(object) + "\t" : "";
    const name = str(metadata.name);
    line += (o.withKind && o.kind !== "" ? `${o.kind.toLowerCase()}/${name}` : name) + "\t" + age;
    if (o.labelColumns.length > 0 || o.showLabels) {
      const labels = labelsOf(object);
      for (const key of o.labelColumns) line += "\t" + labelValue(labels, key);
      if (o.showLabels) line += "\t" + formatLabels(labels);
    }
    this.w.write(line + "\n");
  }
}

interface Info {
  table?: Obj;
  object?: Obj;
  kind: string;
  group: string;
  namespaced: boolean;
  /** Printed as nothing: kubectl's sorting printer failed on it (and kubectl ignores that error). */
  skip?: boolean;
  /** An item of a list response (kubectl flattens lists into their items). */
  listItem?: boolean;
}

/** A JSON value apimachinery's unstructured converter puts in a string field: a string, or null (""). */
const isStringField = (v: unknown) => v === undefined || v === null || typeof v === "string";
/** …in an integer field: an integer, or a float without a fraction (1.0, 1e3), or null (0). */
const isIntField = (v: unknown) =>
  v === undefined || v === null || typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v));
/** …in a struct or slice field: an object (array), or null. */
const isStructField = (v: unknown) => v === undefined || v === null || isJsonObject(v);
const isSliceField = (v: unknown) => v === undefined || v === null || Array.isArray(v);

/**
 * Whether kubectl's `decodeIntoTable` decodes the response into a metav1.Table: the unstructured converter
 * (`runtime.DefaultUnstructuredConverter.FromUnstructured`) refuses a field of the wrong JSON type (a priority of
 * 1.5 or "1", a column name 5, rows that are not an array), and each row's object must decode
 * (`UnstructuredJSONScheme`: a JSON object with a kind; null or none is fine). kubectl prints a Table it cannot
 * decode as any other object: NAME and AGE of the Table's own metadata.
 */
function decodesAsTable(table: Obj): boolean {
  const meta = table.metadata;
  if (!isStructField(meta)) return false;
  if (isJsonObject(meta)) {
    if (![meta.resourceVersion, meta.continue, meta.selfLink].every(isStringField)) return false;
    if (!isIntField(meta.remainingItemCount)) return false;
  }
  if (!isSliceField(table.columnDefinitions) || !isSliceField(table.rows)) return false;
  const columns = (table.columnDefinitions ?? []) as unknown[];
  const columnsDecode = columns.every(
    (c) =>
      c === null ||
      (isJsonObject(c) &&
        [c.name, c.type, c.format, c.description].every(isStringField) &&
        isIntField(c.priority)),
  );
  if (!columnsDecode) return false;
  return ((table.rows ?? []) as unknown[]).every((r) => {
    if (r === null) return true;
    if (!isJsonObject(r) || !isSliceField(r.cells) || !isSliceField(r.conditions)) return false;
    const conditions = (r.conditions ?? []) as unknown[];
    if (
      !conditions.every(
        (c) =>
          c === null || (isJsonObject(c) && [c.type, c.status, c.reason, c.message].every(isStringField)),
      )
    )
      return false;
    const object = r.object;
    if (object === undefined || object === null) return true;
    return isJsonObject(object) && typeof object.kind === "string" && object.kind !== "";
  });
}

function infosOf(source: KubectlTableSource): Info[] {
  const body = parseBody(source.body);
  const namespaced = source.namespaced ?? true;
  if (isTable(body) && decodesAsTable(body))
    return [{ table: body, kind: source.kind ?? "", group: source.group ?? "", namespaced }];
  if (!isJsonObject(body)) return [];
  // Not a Table: kubectl flattens a list into its items and prints each with NAME and AGE.
  const isList = Array.isArray(body.items);
  const objects = isList ? (body.items as unknown[]).filter(isJsonObject) : [body];
  const listItemKind = isList && str(body.kind).endsWith("List") ? str(body.kind).slice(0, -4) : "";
  return objects.map((object) => ({
    object,
    listItem: isList,
    kind: source.kind ?? (str(object.kind) || listItemKind),
    group: source.group ?? groupOf(object.apiVersion || body.apiVersion),
    namespaced,
  }));
}

/**
 * Exactly what `kubectl get` prints without `-o` (or with `-o wide`) for the server's responses, byte for byte as
 * kubectl 1.27–1.33 print it: the server's columns upper-cased (priority columns only with `wide`), cells cut at
 * the first line break with `...`, escape characters made visible, laid out by kubectl's tabwriter (columns at
 * least 6 wide, 3 spaces of padding, widths in runes). Several responses of different types print as one table
 * each, names prefixed with `kind/` and a blank line between. No rows: nothing on stdout and "No resources
 * found in <ns> namespace." on stderr. When the server ignored `as=Table` kubectl prints NAME and AGE itself, with
 * ages relative to `now`.
 *
 * Pass each response as it came (or `{ body, kind, group, namespaced }` when it matters for `kind/` prefixes,
 * `-A` or the stderr message).
 *
 * @example
 * const { stdout } = renderKubectlTable(tableResponseText, { namespace: "default" });
 * // NAME          DATA   AGE
 * // hello-world   2      83s
 */
export function renderKubectlTable(tables: unknown, options: KubectlTableOptions = {}): KubectlTableOutput {
  const sources = (Array.isArray(tables) ? (tables as unknown[]) : [tables]).map(toSource);
  let infos = sources.flatMap(infosOf);
  const first = infos[0];
  const multipleKinds =
    infos.length >= 2 && infos.some((i) => i.kind !== first!.kind || i.group !== first!.group);
  if (!options.allNamespaces) {
    const namespace = options.namespace ?? "default";
    infos = infos.map((i) => withNamespace(i, namespace));
  }
  if (options.sortBy !== undefined) infos = sortInfos(infos, options.sortBy, options.kubectlVersion);
  const stream = new KubectlTableStream({
    ...options,
    showKind: (options.showKind ?? false) || multipleKinds,
  });
  let stdout = "";
  for (const info of infos) {
    let printed = info;
    if (
      options.sortBy !== undefined &&
      info.table &&
      Array.isArray(info.table.rows) &&
      info.table.rows.length > 1
    )
      try {
        printed = { ...info, table: sortRows(info.table, options.sortBy, options.kubectlVersion) };
      } catch (error) {
        if (!(error instanceof KubectlSortError)) throw error;
        // kubectl exits at once (klog.Exitf): what its tabwriter had not flushed is lost.
        if (error.fatal) throw new KubectlSortError(error.message, { ...error.fatal, stdout });
        printed = { ...info, skip: true };
      }
    stdout += stream.printInfo(printed, false);
  }
  stdout += stream.flush();
  return { stdout, stderr: stream.noResourcesMessage() };
}

/**
 * cli-runtime's resource builder fills the request's namespace into each namespaced list item that has none
 * (`SetNamespace`, `RequireNamespace`; a response itself carries the request's namespace), before kubectl sorts:
 * `--sort-by=.metadata.namespace` sees it.
 */
function withNamespace(info: Info, namespace: string): Info {
  const object = info.object;
  if (!info.listItem || !info.namespaced || !object || namespaceOf(object) !== "") return info;
  const metadata = isJsonObject(object.metadata) ? object.metadata : {};
  return { ...info, object: { ...object, metadata: { ...metadata, namespace } } };
}

/** kubectl's `RuntimeSorter` over the flattened responses: only when there are several. */
function sortInfos(infos: Info[], sortBy: string, kubectlVersion: KubectlVersion | undefined): Info[] {
  if (infos.length <= 1) return infos;
  const order = kubectlSortOrder(
    infos.map((i) => i.table ?? i.object),
    sortBy,
    kubectlVersion ? { kubectlVersion } : {},
  );
  return order.map((i) => infos[i]!);
}

/** kubectl's `TableSorter`: the rows in the order of their objects. */
function sortRows(table: Obj, sortBy: string, kubectlVersion: KubectlVersion | undefined): Obj {
  const rows = table.rows as unknown[];
  const order = kubectlSortTableOrder(
    rows.map((r) => (isJsonObject(r) ? r.object : undefined)),
    sortBy,
    kubectlVersion ? { kubectlVersion } : {},
  );
  return { ...table, rows: order.map((i) => rows[i]) };
}

/**
 * kubectl's table printer kept across calls, as `kubectl get --watch` uses it: one object (or event) at a time,
 * each call returning what kubectl writes for it (its tabwriter flushed after each), with the widths it has seen
 * remembered, headers printed once per resource type, and a blank line between types.
 *
 * @example
 * const table = new KubectlTableStream({ namespace: "default" });
 * process.stdout.write(table.print(listTable));
 * for await (const event of watch) process.stdout.write(table.print(event.object));
 */
export class KubectlTableStream {
  readonly #options: KubectlTableOptions;
  readonly #now: number;
  readonly #w = new TabWriter({ minwidth: 6, padding: 3, rememberWidths: true });
  #printer: TablePrinter | undefined;
  #lastKey: string | undefined;
  #separatorReady = false;
  #written = 0;
  #allNamespaced: boolean;

  constructor(options: KubectlTableOptions = {}) {
    this.#options = options;
    this.#now = options.now === undefined ? Date.now() : new Date(options.now).getTime();
    this.#allNamespaced = !options.allNamespaces;
  }

  /**
   * What kubectl prints for one response or watch event: a Table, a list or an object (`{ body, kind, group,
   * namespaced }` too); `eventType` (`--output-watch-events`) adds kubectl's EVENT column.
   */
  print(source: unknown, options: { eventType?: string } = {}): string {
    let out = "";
    for (const info of infosOf(toSource(source))) out += this.printInfo(info, false, options.eventType);
    return out + this.flush();
  }

  /** @internal One flattened response; `flush`: lay out what is buffered now, as kubectl does after a watch event. */
  printInfo(info: Info, flush: boolean, eventType?: string): string {
    const options = this.#options;
    this.#allNamespaced = this.#allNamespaced && info.namespaced;
    const key = `${info.group}/${info.kind}`;
    let out = "";
    if (this.#printer === undefined || key !== this.#lastKey) {
      this.#w.flush();
      out += this.#drain();
      this.#w.resetRememberedWidths();
      if (this.#lastKey !== undefined && !options.noHeaders && this.#written > 0) this.#separatorReady = true;
      this.#printer = new TablePrinter(this.#w, {
        wide: options.wide ?? false,
        noHeaders: options.noHeaders ?? false,
        withNamespace: (options.allNamespaces ?? false) && info.namespaced,
        withKind: options.showKind ?? false,
        kind: info.group ? `${info.kind}.${info.group}` : info.kind,
        showLabels: options.showLabels ?? false,
        labelColumns: options.labelColumns ?? [],
        now: this.#now,
        goRelease: goMinorRelease(KUBECTL_RELEASES[options.kubectlVersion ?? NEWEST_KUBECTL_VERSION]),
      });
      this.#lastKey = key;
    }
    if (info.skip) {
      // Nothing printed (kubectl's printer returned an error it ignores).
    } else if (info.table) this.#printer.printTable(info.table, eventType);
    else this.#printer.printObject(info.object!);
    if (flush) this.#w.flush();
    return out + this.#drain();
  }

  /** Lays out and returns whatever the tabwriter still holds. */
  flush(): string {
    this.#w.flush();
    return this.#drain();
  }

  #drain(): string {
    const text = this.#w.takeOutput();
    if (text === "") return "";
    const out = (this.#separatorReady ? "\n" : "") + text;
    this.#separatorReady = false;
    this.#written += out.length;
    return out;
  }

  /** Whether anything was printed so far. */
  get written(): boolean {
    return this.#written > 0;
  }

  /** kubectl's message when nothing was printed ("No resources found in default namespace."), else "". */
  noResourcesMessage(): string {
    if (this.#written > 0) return "";
    return this.#allNamespaced
      ? `No resources found in ${this.#options.namespace ?? "default"} namespace.\n`
      : "No resources found\n";
  }
}
