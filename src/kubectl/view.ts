import { KubewireError } from "../errors.js";
import { isJsonObject } from "../internal/json.js";
import { toKubectlObject } from "../normalize/kubectl-list.js";
import { kubectlListOf } from "../normalize/kubectl-list.js";
import { isList } from "../normalize/list.js";
import { parseJsonLosslessChecked } from "../normalize/lossless-json.js";
import type { KubectlViewOptions } from "../normalize/kubectl-list.js";
import { marshalGoJsonIndent } from "./go/json.js";
import { goDecodedStrings } from "./go/well-formed.js";
import type { KubectlVersion } from "./versions.js";

// kubectl's view and its JSON; -o yaml and -o name are rendered by view-output.ts, so that what needs only the
// view and its JSON (the CLI's get -o json, the diff, the report) does not import the YAML emitter with it.
/**
 * Options of {@link kubectlView} and {@link toKubectlView}, what kubectl's view keeps and whether one object was
 * named.
 */
export interface KubectlViewRenderOptions extends KubectlViewOptions {
  /**
   * The command named exactly one object (`kubectl get cm hello-world`), so kubectl prints it bare. Anything else
   * (a type, a selector, several names or types, `-A`) prints a List, even for a single match.
   */
  singleObject?: boolean | undefined;
}

/**
 * What kubectl would have done instead of printing: its exact stderr (`error: ...\n`) and exit code. kubectl
 * prints nothing on stdout in these cases. The message is go-yaml's or kubectl's text, never object content.
 */
export class KubectlOutputError extends KubewireError {
  /** Exactly what kubectl writes to stderr, final newline included. */
  readonly stderr: string;
  /** What kubectl had already printed to stdout when it failed (names before a bad object in `-o name`). */
  readonly stdout: string;
  /** kubectl's exit code. */
  readonly exitCode: number;
  readonly kubectlVersion: KubectlVersion;

  constructor(stderr: string, exitCode: number, kubectlVersion: KubectlVersion, stdout = "") {
    super("KUBEWIRE_KUBECTL_OUTPUT", stderr.replace(/^error: /, "").trimEnd());
    this.name = "KubectlOutputError";
    this.stderr = stderr;
    this.stdout = stdout;
    this.exitCode = exitCode;
    this.kubectlVersion = kubectlVersion;
  }
}

/** Responses as given (text or parsed values), parsed, with what the parse proved about them. */
export interface ParsedResponses {
  values: unknown[];
  /** Parsed from text with no literal that could be -0 (so kubectl's re-decoding changes nothing). */
  negativeZeroFree: boolean[];
  /** For a response given as text, its first number literal beyond a float64 (`1e400`), which kubectl refuses. */
  overflow?: (string | undefined)[];
}

/** Accepts raw response text (parsed keeping every digit) or already-parsed values. */
export function parseResponses(raws: unknown): ParsedResponses {
  const values: unknown[] = [];
  const negativeZeroFree: boolean[] = [];
  const overflow: (string | undefined)[] = [];
  for (const raw of Array.isArray(raws) ? (raws as unknown[]) : [raws]) {
    if (typeof raw === "string") {
      const { value, negativeZeroFree: free, overflow: tooLarge } = parseJsonLosslessChecked(raw);
      // Go decodes a lone surrogate as U+FFFD: every printer (templates too) and the key order see that.
      values.push(goDecodedStrings(value, raw));
      negativeZeroFree.push(free);
      overflow.push(tooLarge);
    } else {
      values.push(raw);
      negativeZeroFree.push(false);
      overflow.push(undefined);
    }
  }
  return { values, negativeZeroFree, overflow };
}

/**
 * The object kubectl prints for one or more `get` responses: a List (kind and apiVersion restored on items,
 * managedFields hidden, server list metadata dropped), or the bare object when exactly one was named.
 * {@link toKubectlView} renders it as the bytes of `-o json|yaml|name`.
 *
 * @example
 * kubectlView(configMapListBody).kind; // "List"
 * kubectlView(configMapBody, { singleObject: true }).kind; // "ConfigMap"
 */
export function kubectlView(raws: unknown, options: KubectlViewRenderOptions = {}): Record<string, unknown> {
  return kubectlViewOf(parseResponses(raws), options);
}

/** {@link kubectlView} of responses already parsed. */
export function kubectlViewOf(
  responses: ParsedResponses,
  options: KubectlViewRenderOptions = {},
): Record<string, unknown> {
  const { values, negativeZeroFree } = responses;
  if (options.singleObject && values.length === 1) return toKubectlObject(values[0], options);
  return kubectlListOf(values, options, (i) => negativeZeroFree[i] === true);
}

/**
 * Exactly what `kubectl get ... -o json` prints for the given raw server responses, byte for byte: Go's
 * `json.MarshalIndent` with four spaces and a final newline.
 *
 * @example
 * process.stdout.write(renderKubectlJson(rawListBody));
 */
export function renderKubectlJson(raws: unknown, options: KubectlViewRenderOptions = {}): string {
  return marshalGoJsonIndent(kubectlView(raws, options)) + "\n";
}

/**
 * What `kubectl get` does with the responses: the object it prints (the view without what it could not decode or
 * type) and the errors it reports after printing it, in order.
 */
export interface KubectlGetResult {
  view: Record<string, unknown>;
  /** kubectl's error messages (without `error: `), in the order it reports them; empty when it succeeds. */
  errors: string[];
  /** kubectl prints nothing on stdout: the one object named could not be decoded. */
  printsNothing: boolean;
}

const TYPELESS = 'unable to get type info from the object "*unstructured.Unstructured": ';
const MISSING_KIND = `${TYPELESS}Object 'Kind' is missing in 'object has no kind field '`;
const MISSING_VERSION = `${TYPELESS}Object 'apiVersion' is missing in 'object has no apiVersion field'`;

/** Go's name for the JSON type of a value that `json.Unmarshal` cannot put into a map. */
function goJsonType(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (typeof value === "boolean") return "bool";
  return typeof value === "string" ? "string" : "number";
}

/**
 * Why kubectl cannot decode a response at all (apimachinery's unstructured decoding, then cli-runtime's flattening
 * of lists), or undefined. A response that fails contributes nothing to the List, whatever else it holds.
 */
function responseError(raw: unknown, overflow: string | undefined): string | undefined {
  // Go's decoder keeps the first literal it cannot convert, in text order, anywhere in the body.
  if (overflow !== undefined)
    return `json: cannot unmarshal number ${overflow} into Go value of type float64`;
  if (!isList(raw)) return undefined;
  const items: unknown[] = raw.items ?? [];
  // decodeToList decodes every item into a map: null is an empty one, anything but an object fails.
  const bad = items.find((item) => item !== null && !isJsonObject(item));
  if (bad !== undefined)
    return `json: cannot unmarshal ${goJsonType(bad)} into Go value of type map[string]interface {}`;
  // cli-runtime flattens every object with an `items` array as a list; an item is never one (meta.ExtractList).
  if (items.some((item) => isJsonObject(item) && Array.isArray(item.items)))
    return "*unstructured.Unstructured is not a list: no Items field in this object";
  return undefined;
}

/**
 * Why cli-runtime refuses an item of a list when it builds its Info (the unstructured typer's `ObjectKinds`): no
 * kind, or no version, read as `Unstructured.GroupVersionKind` reads them (an apiVersion with two slashes or more
 * does not parse, and then there is no kind either).
 */
function itemTypeError(item: unknown): string | undefined {
  const o = isJsonObject(item) ? item : {};
  const kind = typeof o.kind === "string" ? o.kind : "";
  const apiVersion = typeof o.apiVersion === "string" ? o.apiVersion : "";
  const slash = apiVersion.indexOf("/");
  if (kind === "" || (slash >= 0 && apiVersion.indexOf("/", slash + 1) >= 0)) return MISSING_KIND;
  const version = apiVersion === "/" ? "" : apiVersion.slice(slash + 1);
  return version === "" ? MISSING_VERSION : undefined;
}

/** A list response with its null items as the empty objects Go decodes them to; the response itself otherwise. */
function nullItemsAsObjects(raw: unknown): unknown {
  const items: unknown[] | undefined = isList(raw) ? (raw.items ?? undefined) : undefined;
  if (!items?.includes(null)) return raw;
  return { ...(raw as Record<string, unknown>), items: items.map((item) => (item === null ? {} : item)) };
}

/**
 * {@link kubectlViewOf} as `kubectl get` ends with it: responses it cannot decode (a number beyond a float64, an
 * item that is not an object, an item holding an `items` array) and list items it cannot type (no kind, no
 * apiVersion) are left out of the List and reported, in order. When exactly one object was named, a response that
 * cannot be decoded prints nothing.
 */
export function kubectlGetOf(
  responses: ParsedResponses,
  options: KubectlViewRenderOptions = {},
): KubectlGetResult {
  const { values, negativeZeroFree, overflow = [] } = responses;
  const failed = values.map((raw, i) => responseError(raw, overflow[i]));
  if (options.singleObject && values.length === 1) {
    if (failed[0] !== undefined) return { view: {}, errors: [failed[0]], printsNothing: true };
    return { view: toKubectlObject(values[0], options), errors: [], printsNothing: false };
  }
  const kept: number[] = [];
  failed.forEach((error, i) => {
    if (error === undefined) kept.push(i);
  });
  const view = kubectlListOf(
    kept.map((i) => nullItemsAsObjects(values[i])),
    options,
    (k) => negativeZeroFree[kept[k]!] === true,
  );
  const items = view.items as unknown[];
  const errors: string[] = [];
  const keptItems: unknown[] = [];
  let next = 0;
  values.forEach((raw, i) => {
    if (failed[i] !== undefined) {
      errors.push(failed[i]);
      return;
    }
    if (!isList(raw)) {
      keptItems.push(items[next++]);
      return;
    }
    for (let n = (raw.items ?? []).length; n > 0; n--) {
      const item = items[next++];
      const error = itemTypeError(item);
      if (error === undefined) keptItems.push(item);
      else errors.push(error);
    }
  });
  if (keptItems.length !== items.length) view.items = keptItems;
  return { view, errors, printsNothing: false };
}
