import { compareUtf8, marshalGoJson, marshalGoJsonIndent } from "../go/json.js";
import { GoByte, GoFloat, goKind, goNumber, goSprintValue, goTypeName } from "./go-values.js";
import type { JsonPathNode, ListNode } from "./parse.js";
import { goWellFormed } from "../go/well-formed.js";

/** A template that failed on the data (client-go's message: `array index out of bounds: …`, `x is not found`). */
export class JsonPathExecutionError extends Error {
  /** What the failing step returned along with its error (client-go's filters read it for `exists`). */
  readonly partial: unknown[];

  constructor(message: string, partial: unknown[] = []) {
    super(message);
    this.name = "JsonPathExecutionError";
    this.partial = partial;
  }
}

const fail = (message: string, partial: unknown[] = []) => new JsonPathExecutionError(message, partial);

/** A Go slice of the root's nodes: client-go narrows `Root.Nodes` in place while it ranges. */
interface NodeSlice {
  base: JsonPathNode[];
  start: number;
  end: number;
}

/** Map entries in a stable order (Go's map order is random; kubectl users cannot rely on any). */
function mapValues(o: Record<string, unknown>): unknown[] {
  return Object.keys(o)
    .sort(compareUtf8)
    .map((k) => o[k]);
}

function utf8Bytes(s: string): GoByte[] {
  return [...Buffer.from(s, "utf8")].map((b) => new GoByte(b));
}

/** The children a wildcard or `..` visits: a map's values, a slice's items, a string's bytes. */
function children(v: unknown): unknown[] | undefined {
  switch (goKind(v)) {
    case "map":
      return mapValues(v as Record<string, unknown>);
    case "slice":
      return v as unknown[];
    case "string":
      return utf8Bytes(v as string);
    default:
      return undefined;
  }
}

type Comparison = boolean;

/** text/template's `basicKind` and comparisons (client-go's fork of Go's template funcs). */
function compare(op: string, a: unknown, b: unknown): Comparison {
  const kindOf = (v: unknown) => {
    const k = goKind(v);
    if (k === "nil" || k === "slice" || k === "map") throw fail("invalid type for comparison");
    return k;
  };
  const k1 = kindOf(a);
  const k2 = kindOf(b);
  const equal = (): boolean => {
    if (k1 !== k2) {
      if ((k1 === "int" && k2 === "uint") || (k1 === "uint" && k2 === "int"))
        return goNumber(a) === goNumber(b);
      throw fail("incompatible types for comparison");
    }
    if (k1 === "int" || k1 === "uint") return goNumber(a) === goNumber(b);
    if (k1 === "float") return Number(goNumber(a)) === Number(goNumber(b));
    return a === b;
  };
  const less = (): boolean => {
    if (k1 !== k2) {
      if ((k1 === "int" && k2 === "uint") || (k1 === "uint" && k2 === "int"))
        return goNumber(a) < goNumber(b);
      throw fail("incompatible types for comparison");
    }
    if (k1 === "bool") throw fail("invalid type for comparison");
    if (k1 === "int" || k1 === "uint" || k1 === "float") return goNumber(a) < goNumber(b);
    return compareUtf8(a as string, b as string) < 0;
  };
  switch (op) {
    case "<":
      return less();
    case ">":
      return !(less() || equal());
    case "==":
      return equal();
    case "!=":
      return !equal();
    case "<=":
      return less() || equal();
    case ">=":
      return !less();
    default:
      throw fail(`unrecognized filter operator ${op}`);
  }
}

/**
 * client-go's `JSONPath` evaluator: `findResults` returns one list of values per printed piece (text, or an
 * action's results), ranges expanded. Values are JSON as kubectl decodes it (see `go-values.ts`).
 */
export class JsonPathEvaluator {
  readonly #allowMissingKeys: boolean;
  #beginRange = 0;
  #inRange = 0;
  #endRange = 0;
  #lastEnd: { base: JsonPathNode[]; index: number } | undefined;
  #rootSlice: NodeSlice;

  constructor(root: ListNode, options: { allowMissingKeys: boolean }) {
    this.#allowMissingKeys = options.allowMissingKeys;
    this.#rootSlice = { base: root.nodes, start: 0, end: root.nodes.length };
  }

  findResults(data: unknown): unknown[][] {
    const nodes = this.#rootSlice;
    const length = nodes.end - nodes.start;
    const full: unknown[][] = [];
    for (let i = 0; i < length; i++) {
      const node = nodes.base[nodes.start + i]!;
      const results = this.#walk([data], node);
      if (this.#endRange > 0 && this.#endRange <= this.#inRange) {
        this.#endRange--;
        this.#lastEnd = { base: nodes.base, index: nodes.start + i };
        break;
      }
      if (this.#beginRange > 0) {
        this.#beginRange--;
        this.#inRange++;
        const rest = { base: nodes.base, start: nodes.start + i + 1, end: nodes.end };
        if (results.length > 0) {
          for (const value of results) {
            this.#rootSlice = rest;
            full.push(...this.findResults(value));
          }
        } else {
          this.#rootSlice = rest;
          this.findResults(undefined);
        }
        this.#inRange--;
        for (let k = i + 1; k < length; k++) {
          if (this.#lastEnd?.base === nodes.base && this.#lastEnd.index === nodes.start + k) {
            i = k;
            break;
          }
        }
        continue;
      }
      full.push(results);
    }
    return full;
  }

  #walk(values: unknown[], node: JsonPathNode): unknown[] {
    switch (node.type) {
      case "list": {
        let cur = values;
        for (const n of node.nodes) cur = this.#walk(cur, n);
        return cur;
      }
      case "text":
        return [node.text];
      case "field":
        return this.#field(values, node.value);
      case "array":
        return this.#array(values, node);
      case "filter":
        return this.#filter(values, node);
      case "int":
        return values.map(() => node.value);
      case "float":
        return values.map(() => new GoFloat(node.value));
      case "bool":
        return values.map(() => node.value);
      case "wildcard":
        return values.flatMap((v) => (goKind(v) === "nil" ? [] : (children(v) ?? [])));
      case "recursive":
        return this.#recursive(values);
      case "union":
        return node.nodes.flatMap((list) => this.#walk(values, list));
      case "identifier":
        if (node.name === "range") {
          this.#beginRange++;
          return values;
        }
        if (node.name === "end") {
          if (this.#inRange > 0) {
            this.#endRange++;
            return [];
          }
          throw fail("not in range, nothing to end");
        }
        throw fail(`unrecognized identifier ${node.name}`, values);
    }
  }

  #field(values: unknown[], name: string): unknown[] {
    if (values.length === 0) return [];
    const results: unknown[] = [];
    for (const v of values) {
      if (goKind(v) !== "map") continue;
      const o = v as Record<string, unknown>;
      if (Object.hasOwn(o, name)) results.push(o[name] === undefined ? null : o[name]);
    }
    if (results.length === 0 && !this.#allowMissingKeys) throw fail(`${name} is not found`);
    return results;
  }

  #array(values: unknown[], node: Extract<JsonPathNode, { type: "array" }>): unknown[] {
    const result: unknown[] = [];
    for (const v of values) {
      if (goKind(v) === "nil") continue;
      const kind = goKind(v);
      if (kind !== "slice") throw fail(`${goTypeName(v)} is not array or slice`, values);
      const items = v as unknown[];
      const [p0, p1, p2] = node.params.map((p) => ({ ...p }));
      if (!p0!.known) p0!.value = 0;
      if (p0!.value < 0) p0!.value += items.length;
      if (!p1!.known) p1!.value = items.length;
      if (p1!.value < 0 || (p1!.value === 0 && p1!.derived)) p1!.value += items.length;
      const length = items.length;
      if (p1!.value === p0!.value) return result;
      if (p0!.value >= length || p0!.value < 0)
        throw fail(`array index out of bounds: index ${p0!.value}, length ${length}`, values);
      if (p1!.value > length || p1!.value < 0)
        throw fail(`array index out of bounds: index ${p1!.value - 1}, length ${length}`, values);
      if (p0!.value > p1!.value)
        throw fail(`starting index ${p0!.value} is greater than ending index ${p1!.value}`, values);
      const slice = items.slice(p0!.value, p1!.value);
      let step = 1;
      if (p2!.known) {
        if (p2!.value <= 0) throw fail("step must be > 0", values);
        step = p2!.value;
      }
      for (let i = 0; i < slice.length; i += step) result.push(slice[i]);
    }
    return result;
  }

  #recursive(values: unknown[]): unknown[] {
    const result: unknown[] = [];
    for (const v of values) {
      if (goKind(v) === "nil") continue;
      const kids = children(v) ?? [];
      if (kids.length !== 0) {
        result.push(v);
        result.push(...this.#recursive(kids));
      }
    }
    return result;
  }

  #filter(values: unknown[], node: Extract<JsonPathNode, { type: "filter" }>): unknown[] {
    const results: unknown[] = [];
    for (const v of values) {
      if (goKind(v) !== "slice")
        throw fail(`${goSprintValue(v)} is not array or slice and cannot be filtered`, values);
      for (const item of v as unknown[]) {
        let lefts: unknown[];
        try {
          lefts = this.#walk([item], node.left);
        } catch (error) {
          // An existence test reads what the failing step returned and ignores its error, as client-go does.
          if (node.operator !== "exists" || !(error instanceof JsonPathExecutionError)) throw error;
          lefts = error.partial;
        }
        if (node.operator === "exists") {
          if (lefts.length > 0) results.push(item);
          continue;
        }
        if (lefts.length === 0) continue;
        if (lefts.length > 1) throw fail("can only compare one element at a time", values);
        const rights = this.#walk([item], node.right);
        if (rights.length === 0) continue;
        if (rights.length > 1) throw fail("can only compare one element at a time", values);
        let pass: boolean;
        try {
          pass = compare(node.operator, lefts[0], rights[0]);
        } catch (error) {
          throw fail((error as Error).message, results);
        }
        if (pass) results.push(item);
      }
    }
    return results;
  }
}

/**
 * client-go `PrintResults` of one piece: maps and slices as compact Go JSON, everything else as `fmt.Print`
 * (`null` for a JSON null), separated by spaces; as an indented JSON array with `jsonpath-as-json`.
 */
export function printResults(results: unknown[], outputJson: boolean): string {
  if (outputJson) return marshalGoJsonIndent(results.map(toJsonValue)) + "\n";
  return results
    .map((r) => {
      const kind = goKind(r);
      if (kind === "map" || kind === "slice") return marshalGoJson(r);
      if (kind === "nil") return "null";
      // A parsed value may hold a lone surrogate, which a Go string cannot: U+FFFD, as Go decodes it.
      return goWellFormed(goSprintValue(r));
    })
    .join(" ");
}

function toJsonValue(v: unknown): unknown {
  if (v instanceof GoFloat || v instanceof GoByte) return v.value;
  return v;
}
