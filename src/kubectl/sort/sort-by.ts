import { KubewireError } from "../../errors.js";
import { compareUtf8 } from "../go/json.js";
import { goSort } from "../go/sort.js";
import { JsonPathExecutionError } from "../jsonpath/evaluate.js";
import { goKind, goNumber, goTypeName } from "../jsonpath/go-values.js";
import { KubectlJsonPath, KubectlJsonPathError, relaxedJsonPathExpression } from "../jsonpath/jsonpath.js";
import { naturalLess } from "../go/natural-less.js";
import { KUBECTL_RELEASES, NEWEST_KUBECTL_VERSION } from "../versions.js";
import type { KubectlVersion } from "../versions.js";
import { quantityNanos } from "./quantity.js";

/**
 * kubectl refused to sort (`couldn't find any field with path …`); `message` is kubectl's. When kubectl met values
 * it cannot compare it does not return an error but exits at once through klog (`klog.Exitf`): `fatal` then holds
 * the line it logs (after klog's `F` header, whose `file:line` it names) instead of `error: …`.
 */
export class KubectlSortError extends KubewireError {
  /** kubectl's `klog.Exitf` call, for values it cannot compare: where it is and what it logs. */
  readonly fatal: { file: string; text: string; stdout?: string } | undefined;

  /**
   * @param fatal for `klog.Exitf`: the `file:line` of the call, the text it logs, and (tables) what kubectl had
   * written to stdout before it exited.
   */
  constructor(message: string, fatal?: { file: string; text: string; stdout?: string }) {
    super("KUBEWIRE_KUBECTL_SORT", message);
    this.name = "KubectlSortError";
    this.fatal = fatal;
  }
}

/** Options of kubectl's sorting. */
export interface KubectlSortOptions {
  /** The kubectl release to sort as (1.27–1.30 compare strings in natural order, 1.31+ by bytes). Default 1.33. */
  kubectlVersion?: KubectlVersion;
}

/** `klog.Exitf` lines of kubectl `pkg/cmd/get/sorter.go`: RuntimeSort.Less, then TableSorter.Less, per release. */
const EXITF_LINES: Record<KubectlVersion, [objects: number, rows: number]> = {
  "1.27": [332, 378],
  "1.28": [332, 378],
  "1.29": [332, 378],
  "1.30": [331, 377],
  "1.31": [329, 375],
  "1.32": [329, 375],
  "1.33": [329, 375],
};

/** kubectl's `isLess` on two values a jsonpath found in unstructured objects (interface values). */
function isLess(i: unknown, j: unknown, natural: boolean): boolean {
  const ki = goKind(i);
  const kj = goKind(j);
  if (ki === "nil" && kj === "nil") return false;
  if (ki === "nil") return true;
  if (kj === "nil") return false;
  switch (ki) {
    case "int":
    case "uint":
    case "float":
      if (kj === ki) return goNumber(i) < goNumber(j);
      break;
    case "string":
      if (kj === "string") {
        const a = quantityNanos(i as string);
        const b = a === undefined ? undefined : quantityNanos(j as string);
        if (a === undefined || b === undefined)
          return natural ? naturalLess(i as string, j as string) : compareUtf8(i as string, j as string) < 0;
        return a < b;
      }
      break;
    default:
      throw new KubectlSortError(`unsortable type: ${goTypeName(i)}`);
  }
  throw new KubectlSortError("unsortable interface: interface");
}

/** The first value the sort field finds in each object (undefined: none), as kubectl's sorters read them. */
function sortKeys(objects: readonly unknown[], field: string, what: "objects" | "rows"): unknown[][] {
  let path: KubectlJsonPath;
  try {
    path = new KubectlJsonPath(field, { allowMissingKeys: true });
  } catch (error) {
    if (!(error instanceof KubectlJsonPathError)) throw error;
    const reason = error.message.replace(/^error parsing jsonpath .*?, /s, "");
    throw new KubectlSortError(what === "rows" ? `sorting error: ${reason}` : reason);
  }
  const found = objects.map((o) => {
    try {
      return path.findResults(o);
    } catch (error) {
      if (error instanceof JsonPathExecutionError) throw new KubectlSortError(error.message);
      throw error;
    }
  });
  if (objects.length > 0 && !found.some((r) => r.length > 0 && r[0]!.length > 0))
    throw new KubectlSortError(
      `couldn't find any field with path ${JSON.stringify(field)} in the list of objects`,
    );
  return found.map((r) => (r.length > 0 && r[0]!.length > 0 ? [r[0]![0]] : []));
}

/** Sorts `order` (positions into `keys`) with Go's sort.Sort and kubectl's Less. */
function sortPositions(
  keys: unknown[][],
  field: string,
  what: "objects" | "rows",
  options: KubectlSortOptions,
): number[] {
  const version = options.kubectlVersion ?? NEWEST_KUBECTL_VERSION;
  const natural = KUBECTL_RELEASES[version].sortStrings === "natural";
  const less = (a: unknown, b: unknown): boolean => {
    try {
      return isLess(a, b, natural);
    } catch (error) {
      if (!(error instanceof KubectlSortError)) throw error;
      // klog.Exitf("Field %s in %T is an unsortable type: %s, err: %v", field, …): the values' reflect kind is
      // always interface (they come out of unstructured maps); %T is what the sorter holds.
      const holder = what === "rows" ? "[][][]reflect.Value" : "*unstructured.Unstructured";
      const line = EXITF_LINES[version][what === "rows" ? 1 : 0];
      throw new KubectlSortError(error.message, {
        file: `sorter.go:${line}`,
        text: `Field ${field} in ${holder} is an unsortable type: interface, err: ${error.message}`,
      });
    }
  };
  const order = keys.map((_, i) => i);
  const current = [...keys];
  goSort({
    len: () => order.length,
    less: (a, b) => {
      const ka = current[a]!;
      const kb = current[b]!;
      if (ka.length === 0) return true;
      if (kb.length === 0) return false;
      return less(ka[0], kb[0]);
    },
    swap: (a, b) => {
      [order[a], order[b]] = [order[b]!, order[a]!];
      [current[a], current[b]] = [current[b]!, current[a]!];
    },
  });
  return order;
}

/**
 * kubectl's `--sort-by` on a list's items (`SortObjects`): the new order, as positions into `items`. The field
 * is a relaxed jsonpath (`.metadata.name`, `{.metadata.name}`); numbers compare as numbers, strings that are
 * quantities as quantities (`1Gi` > `900Mi`), other strings by bytes (1.31+) or in natural order (`a9` < `a10`,
 * 1.27–1.30); a missing value sorts first. Go's unstable sort decides between equal keys, as in kubectl.
 *
 * @throws {KubectlSortError} when no item has the field, or the values cannot be compared (kubectl's words;
 * `fatal` then says what kubectl's `klog.Exitf` logs).
 */
export function kubectlSortOrder(
  items: readonly unknown[],
  sortBy: string,
  options: KubectlSortOptions = {},
): number[] {
  if (items.length === 0) return [];
  let field: string;
  try {
    field = relaxedJsonPathExpression(sortBy);
  } catch (error) {
    if (error instanceof KubectlJsonPathError) throw new KubectlSortError(error.message);
    throw error;
  }
  return sortPositions(sortKeys(items, field, "objects"), field, "objects", options);
}

/**
 * kubectl's `TableSorter`: the order of a server-side Table's rows by each row's object (kubectl asks for
 * `includeObject=Object` when it sorts). A field that does not parse as relaxed jsonpath is used as given.
 */
export function kubectlSortTableOrder(
  rowObjects: readonly unknown[],
  sortBy: string,
  options: KubectlSortOptions = {},
): number[] {
  let field = sortBy;
  try {
    field = relaxedJsonPathExpression(sortBy);
  } catch {
    // kubectl's SortingPrinter falls back to the expression as written.
  }
  return sortPositions(sortKeys(rowObjects, field, "rows"), field, "rows", options);
}
