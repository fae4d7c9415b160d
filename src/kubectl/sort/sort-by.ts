import { KubewireError } from "../../errors.js";
import { compareUtf8 } from "../go/json.js";
import { goSort } from "../go/sort.js";
import { JsonPathExecutionError } from "../jsonpath/evaluate.js";
import { goKind, goNumber, goTypeName } from "../jsonpath/go-values.js";
import { KubectlJsonPath, KubectlJsonPathError, relaxedJsonPathExpression } from "../jsonpath/jsonpath.js";
import { quantityNanos } from "./quantity.js";

/** kubectl refused to sort (`couldn't find any field with path …`); `message` is kubectl's. */
export class KubectlSortError extends KubewireError {
  constructor(message: string) {
    super("KUBEWIRE_KUBECTL_SORT", message);
    this.name = "KubectlSortError";
  }
}

/** kubectl's `isLess` on two values a jsonpath found in unstructured objects (interface values). */
function isLess(i: unknown, j: unknown): boolean {
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
        if (a === undefined || b === undefined) return compareUtf8(i as string, j as string) < 0;
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
function sortPositions(keys: unknown[][]): number[] {
  const order = keys.map((_, i) => i);
  const current = [...keys];
  goSort({
    len: () => order.length,
    less: (a, b) => {
      const ka = current[a]!;
      const kb = current[b]!;
      if (ka.length === 0) return true;
      if (kb.length === 0) return false;
      return isLess(ka[0], kb[0]);
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
 * quantities as quantities (`1Gi` > `900Mi`), other strings by bytes; a missing value sorts first. Go's
 * unstable sort decides between equal keys, as in kubectl.
 *
 * @throws {KubectlSortError} when no item has the field, or the values cannot be compared (kubectl's words).
 */
export function kubectlSortOrder(items: readonly unknown[], sortBy: string): number[] {
  if (items.length === 0) return [];
  let field: string;
  try {
    field = relaxedJsonPathExpression(sortBy);
  } catch (error) {
    if (error instanceof KubectlJsonPathError) throw new KubectlSortError(error.message);
    throw error;
  }
  return sortPositions(sortKeys(items, field, "objects"));
}

/**
 * kubectl's `TableSorter`: the order of a server-side Table's rows by each row's object (kubectl asks for
 * `includeObject=Object` when it sorts). A field that does not parse as relaxed jsonpath is used as given.
 */
export function kubectlSortTableOrder(rowObjects: readonly unknown[], sortBy: string): number[] {
  let field = sortBy;
  try {
    field = relaxedJsonPathExpression(sortBy);
  } catch {
    // kubectl's SortingPrinter falls back to the expression as written.
  }
  return sortPositions(sortKeys(rowObjects, field, "rows"));
}
