import { KubewireError } from "../errors.js";
import { yamlModule } from "../internal/lazy-modules.js";
import { marshalGoJson } from "./go/json.js";
import { scanGoJsonValue } from "./go/json-scan.js";
import { goQuote } from "./go/quote.js";
import { KUBECTL_RELEASES, NEWEST_KUBECTL_VERSION } from "./versions.js";
import type { KubectlVersion } from "./versions.js";
import { redactJson } from "../record/redact/redact.js";
import { keylessMarker } from "../record/redact/redaction-marker.js";

// What cli-runtime's builder makes of manifest files (`kubectl get -f`, FileVisitor and StreamVisitor): each
// document decoded, Lists flattened, each object mapped from its apiVersion and kind to a resource.

/** An object of a manifest: what kubectl fetches it by. */
export interface ManifestObject {
  apiVersion: string;
  kind: string;
  name: string;
  /** As the manifest says; "" when it says none. */
  namespace: string;
}

/** A manifest's object, or why one of its documents cannot be used, with the source kubectl names in its errors. */
export type ManifestItem =
  { object: ManifestObject; source: string } | { error: ManifestObjectError; source: string };

/** What {@link kubectlResourceMapping} reads of a served resource (discovery's `ResourceInfo` has it). */
export interface MappableResource {
  group: string;
  version: string;
  kind: string;
  /** The plural name; subresources (`pods/log`) are never a mapping. */
  resource: string;
}

/** A manifest document kubectl's builder refuses; `message` is kubectl's (the other documents are still used). */
export class ManifestObjectError extends KubewireError {
  constructor(message: string) {
    super("KUBEWIRE_MANIFEST_OBJECT", message);
    this.name = "ManifestObjectError";
  }
}

/** Go's name of a JSON value's type, as `json: cannot unmarshal <type> into …` says it. */
function goJsonType(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "number";
  return "bool";
}

/** Go's `unicode.IsSpace`. */
function goIsSpace(cp: number): boolean {
  return (
    (cp >= 9 && cp <= 13) ||
    cp === 32 ||
    cp === 0x85 ||
    cp === 0xa0 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000
  );
}

const utf8Length = (cp: number) => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);

/**
 * apimachinery v0.33 `consumeWhitespace`, before it reads the rest of a JSON stream as YAML: white space up to the
 * first character that is not, or through the first line break. It reads four bytes at a time, so it gives up
 * (undefined) within four bytes of the end, and on a byte that is not UTF-8.
 */
function skipBeforeYaml(text: string, from: number): number | undefined {
  let left = Buffer.byteLength(text) - Buffer.byteLength(text.slice(0, from));
  for (let i = from; ;) {
    if (left < 4) return undefined;
    const cp = text.codePointAt(i)!;
    if (cp === 0xfffd) return undefined;
    if (!goIsSpace(cp)) return i;
    i += cp > 0xffff ? 2 : 1;
    left -= utf8Length(cp);
    if (cp === 10) return i;
  }
}

const JSON_SPACE = /^[ \t\r\n]*/;

/**
 * The documents of a manifest as apimachinery's YAMLOrJSONDecoder reads them: a stream whose first character is `{`
 * is JSON values one after another; anything else is YAML. A JSON syntax error is Go's, with its offset; from
 * kubectl 1.33 (`jsonStreamSyntaxError: "yaml"`) a stream of at most one JSON value before the error is read on
 * as YAML from there, and the JSON error stands only when that YAML fails too.
 */
function documents(
  text: string,
  source: string,
  version: KubectlVersion,
): { values: unknown[]; error?: string } {
  const values: unknown[] = [];
  const fail = (error: string) => ({ values, error: `error parsing ${source}: ${error}` });
  let first = 0;
  while (first < text.length && goIsSpace(text.codePointAt(first)!)) first++;
  let yamlFrom = 0;
  let jsonError: string | undefined;
  if (text[first] === "{") {
    let count = 0;
    for (let at = 0; ;) {
      const start = at + JSON_SPACE.exec(text.slice(at))![0].length;
      if (start >= text.length) return { values };
      const scan = scanGoJsonValue(text, start);
      if ("end" in scan) {
        values.push(JSON.parse(text.slice(start, scan.end)));
        count++;
        at = scan.end;
        continue;
      }
      const raw = "eof" in scan ? "unexpected EOF" : scan.error;
      jsonError = "eof" in scan ? raw : `json: offset ${scan.offset}: ${raw}`;
      if (KUBECTL_RELEASES[version].jsonStreamSyntaxError === "error") return fail(jsonError);
      // More than one JSON value: an unambiguous JSON stream, whose error is not wrapped.
      if (count > 1) return fail(raw);
      const from = skipBeforeYaml(text, at);
      if (from === undefined) return fail(jsonError);
      yamlFrom = from;
      break;
    }
  }
  for (const doc of yamlModule().parseAllDocuments(text.slice(yamlFrom), {
    version: "1.1",
    uniqueKeys: false,
  })) {
    const problem = doc.errors[0];
    if (problem) {
      // The decoder's first YAML document failing too: the JSON error is the one kubectl reports.
      if (jsonError !== undefined) return fail(jsonError);
      // The message's own words, without the excerpt of the text the yaml package adds (it may hold a secret).
      const what = problem.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
      const line = problem.linePos?.[0].line;
      return fail(
        `error converting YAML to JSON: yaml: ${line !== undefined ? `line ${line}: ` : ""}${what}`,
      );
    }
    values.push(doc.toJS({ maxAliasCount: 1000 }));
    jsonError = undefined;
  }
  return { values };
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** One document as cli-runtime's builder takes it: skipped when empty, flattened when a List, else one object. */
function visitDocument(value: unknown, source: string, out: ManifestItem[]): void {
  if (value === null || value === undefined) return;
  if (typeof value !== "object" || Array.isArray(value)) {
    out.push({
      source,
      error: new ManifestObjectError(
        `unable to decode ${goQuote(source)}: json: cannot unmarshal ${goJsonType(value)} into Go value of type unstructured.detector`,
      ),
    });
    return;
  }
  const obj = value as Record<string, unknown>;
  if (str(obj.kind) === "") {
    // kubectl quotes the document; a Secret without a kind is still a Secret.
    const shown = marshalGoJson(redactJson(obj, { marker: keylessMarker }));
    out.push({
      source,
      error: new ManifestObjectError(
        `unable to decode ${goQuote(source)}: Object 'Kind' is missing in '${shown}'`,
      ),
    });
    return;
  }
  if (Array.isArray(obj.items) && str(obj.kind).endsWith("List")) {
    for (const item of obj.items) visitDocument(item, source, out);
    return;
  }
  const metadata = (typeof obj.metadata === "object" && obj.metadata !== null ? obj.metadata : {}) as Record<
    string,
    unknown
  >;
  out.push({
    source,
    object: {
      apiVersion: str(obj.apiVersion),
      kind: str(obj.kind),
      name: str(metadata.name),
      namespace: str(metadata.namespace),
    },
  });
}

/**
 * The objects of one manifest file (a YAML or JSON stream) as `kubectl get -f` reads them: empty documents
 * skipped, Lists flattened, each document that is no object, has no kind or is not YAML reported with kubectl's
 * words (`unable to decode "f.yaml": …`, `error parsing f.yaml: …`), in order. A YAML error ends the file, as it
 * ends kubectl's reading; a JSON one is worded as `options.kubectlVersion` words it (default the newest). A
 * document without a kind is quoted redacted (kubectl quotes it whole).
 *
 * @example
 * kubectlManifestObjects("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n", "a.yaml");
 * // [{ source: "a.yaml", object: { apiVersion: "v1", kind: "ConfigMap", name: "a", namespace: "" } }]
 */
export function kubectlManifestObjects(
  text: string,
  source: string,
  options: { kubectlVersion?: KubectlVersion } = {},
): ManifestItem[] {
  const items: ManifestItem[] = [];
  const { values, error } = documents(text, source, options.kubectlVersion ?? NEWEST_KUBECTL_VERSION);
  for (const value of values) visitDocument(value, source, items);
  if (error !== undefined) items.push({ source, error: new ManifestObjectError(error) });
  return items;
}

/** The resource an object's apiVersion and kind map to, or kubectl's "resource mapping not found" error. */
export function kubectlResourceMapping<R extends MappableResource>(
  object: ManifestObject,
  source: string,
  resources: readonly R[],
): R | ManifestObjectError {
  const slash = object.apiVersion.indexOf("/");
  const group = slash < 0 ? "" : object.apiVersion.slice(0, slash);
  const version = slash < 0 ? object.apiVersion : object.apiVersion.slice(slash + 1);
  const found = resources.find(
    (r) =>
      r.kind.toLowerCase() === object.kind.toLowerCase() &&
      r.group === group &&
      r.version === version &&
      !r.resource.includes("/"),
  );
  if (found) return found;
  return new ManifestObjectError(
    `resource mapping not found for name: ${goQuote(object.name)} namespace: ${goQuote(object.namespace)} from ${goQuote(source)}: no matches for kind ${goQuote(object.kind)} in version ${goQuote(object.apiVersion)}\nensure CRDs are installed first`,
  );
}
