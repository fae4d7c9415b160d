import { KubewireError } from "../errors.js";
import { JsonPathExecutionError } from "./jsonpath/evaluate.js";
import { goSprintValue } from "./jsonpath/go-values.js";
import { KubectlJsonPath, KubectlJsonPathError, relaxedJsonPathExpression } from "./jsonpath/jsonpath.js";
import { TabWriter } from "./table/tabwriter.js";
import { goWellFormed } from "./go/well-formed.js";

/** A custom-columns specification kubectl refuses, or a column it cannot evaluate; `message` is kubectl's. */
export class KubectlCustomColumnsError extends KubewireError {
  /**
   * @param printed - when a column failed on an object: what kubectl had written by then (the headers and every
   * complete row before it), which its deferred tabwriter flush still prints before the error.
   */
  constructor(
    message: string,
    readonly printed?: string,
  ) {
    super("KUBEWIRE_KUBECTL_CUSTOM_COLUMNS", message);
    this.name = "KubectlCustomColumnsError";
  }
}

/** One column: its header and the jsonpath (relaxed: `.metadata.name` becomes `{.metadata.name}`). */
export interface KubectlColumn {
  header: string;
  fieldSpec: string;
}

function relaxed(spec: string): string {
  try {
    return relaxedJsonPathExpression(spec);
  } catch (error) {
    if (error instanceof KubectlJsonPathError) throw new KubectlCustomColumnsError(error.message);
    throw error;
  }
}

/**
 * kubectl's `-o custom-columns=<spec>` (`NAME:.metadata.name,DATA:.data`), parsed as kubectl parses it.
 *
 * @throws {KubectlCustomColumnsError} with kubectl's message for an empty or malformed spec.
 */
export function parseCustomColumns(spec: string): KubectlColumn[] {
  if (spec === "")
    throw new KubectlCustomColumnsError("custom-columns format specified but no custom columns given");
  return spec.split(",").map((part) => {
    const colon = part.indexOf(":");
    if (colon < 0)
      throw new KubectlCustomColumnsError(
        `unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`,
      );
    return { header: part.slice(0, colon), fieldSpec: relaxed(part.slice(colon + 1)) };
  });
}

/**
 * kubectl's `-o custom-columns-file=<file>` template: a line of headers and a line of field specs, each
 * separated by white space.
 *
 * @throws {KubectlCustomColumnsError} with kubectl's message when a line is missing or the counts differ.
 */
export function parseCustomColumnsTemplate(text: string): KubectlColumn[] {
  // bufio.Scanner lines: split on \n, a final \r dropped.
  const lines = text.split("\n").map((l) => l.replace(/\r$/, ""));
  if (text === "")
    throw new KubectlCustomColumnsError(
      "invalid template, missing header line. Expected format is one line of space separated headers, one line of space separated column specs.",
    );
  const words = (line: string) => line.split(/[\t\n\v\f\r \u0085\u00a0]+/).filter(Boolean);
  const headers = words(lines[0]!);
  if (lines.length < 2 || (lines.length === 2 && lines[1] === "" && text.endsWith("\n")))
    throw new KubectlCustomColumnsError(
      "invalid template, missing spec line. Expected format is one line of space separated headers, one line of space separated column specs.",
    );
  const specs = words(lines[1]!);
  if (headers.length !== specs.length)
    throw new KubectlCustomColumnsError(
      `number of headers (${headers.length}) and field specifications (${specs.length}) don't match`,
    );
  return headers.map((header, i) => ({ header, fieldSpec: relaxed(specs[i]!) }));
}

/** cli-runtime `EscapeTerminal`: escape sequences made visible. */
function escapeTerminal(s: string): string {
  return s.replace(/\x1b/g, "^[").replace(/\r/g, "\\r");
}

export interface KubectlCustomColumnsOptions {
  /** `--no-headers`. */
  noHeaders?: boolean;
}

/**
 * Exactly what kubectl prints for `-o custom-columns` over the objects it fetched: the headers (unless
 * `noHeaders`), then one row per object (each item of a List), each cell every value the column's jsonpath
 * finds, printed as Go prints them and joined by commas, `<none>` when it finds nothing; laid out by kubectl's
 * tabwriter.
 *
 * @throws {KubectlCustomColumnsError} when a column's jsonpath fails on an object (kubectl's message), its
 * `printed` what kubectl still prints (the headers and the rows before that object).
 *
 * @example
 * renderKubectlCustomColumns(list, parseCustomColumns("NAME:.metadata.name,KEYS:.data"));
 */
export function renderKubectlCustomColumns(
  object: unknown,
  columns: readonly KubectlColumn[],
  options: KubectlCustomColumnsOptions = {},
): string {
  const parsers = columns.map((c) => {
    try {
      return new KubectlJsonPath(c.fieldSpec, { allowMissingKeys: true });
    } catch (error) {
      if (error instanceof KubectlJsonPathError)
        throw new KubectlCustomColumnsError(error.message.replace(/^error parsing jsonpath .*?, /s, ""));
      throw error;
    }
  });
  const w = new TabWriter({ minwidth: 6, padding: 3, rememberWidths: true });
  if (!options.noHeaders) w.write(columns.map((c) => c.header).join("\t") + "\n");
  const o = object as { kind?: unknown; items?: unknown } | null;
  const objects =
    Array.isArray(o?.items) && typeof o.kind === "string" && o.kind.endsWith("List") ? o.items : [object];
  for (const item of objects as unknown[]) {
    const cells = parsers.map((parser) => {
      let values: unknown[][];
      try {
        values = parser.findResults(item);
      } catch (error) {
        if (!(error instanceof JsonPathExecutionError)) throw error;
        // kubectl writes a row only once every cell is found, and flushes its tabwriter on the way out.
        w.flush();
        throw new KubectlCustomColumnsError(error.message, w.takeOutput());
      }
      const strings = values.length === 0 || values[0]!.length === 0 ? ["<none>"] : [];
      for (const found of values)
        for (const v of found) strings.push(escapeTerminal(goWellFormed(goSprintValue(v))));
      return strings.join(",");
    });
    w.write(cells.join("\t") + "\n");
  }
  w.flush();
  return w.takeOutput();
}
