import { KubewireError } from "../errors.js";
import { yamlModule } from "../internal/lazy-modules.js";
import { marshalGoJson } from "./go/json.js";
import { goQuote } from "./go/quote.js";
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

/** The documents of a YAML or JSON stream; a stream that opens with `{` is read as JSON values one after another. */
function documents(text: string, source: string): { values: unknown[]; error?: string } {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{")) {
    const values: unknown[] = [];
    let rest = trimmed;
    while (rest.length > 0) {
      const end = jsonValueEnd(rest);
      try {
        values.push(JSON.parse(rest.slice(0, end)));
      } catch (error) {
        return { values, error: `error parsing ${source}: ${(error as Error).message}` };
      }
      rest = rest.slice(end).trimStart();
    }
    return { values };
  }
  const values: unknown[] = [];
  for (const doc of yamlModule().parseAllDocuments(text, { version: "1.1", uniqueKeys: false })) {
    const problem = doc.errors[0];
    if (problem)
      return {
        values,
        error: `error parsing ${source}: error converting YAML to JSON: yaml: ${problem.message.split("\n")[0]}`,
      };
    values.push(doc.toJS({ maxAliasCount: 1000 }));
  }
  return { values };
}

/** Where the first JSON value of `text` ends (a balanced object or array; strings skipped). */
function jsonValueEnd(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "{" || c === "[") depth++;
    else if ((c === "}" || c === "]") && --depth === 0) return i + 1;
  }
  return text.length;
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
 * ends kubectl's reading. A document without a kind is quoted redacted (kubectl quotes it whole).
 *
 * @example
 * kubectlManifestObjects("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n", "a.yaml");
 * // [{ source: "a.yaml", object: { apiVersion: "v1", kind: "ConfigMap", name: "a", namespace: "" } }]
 */
export function kubectlManifestObjects(text: string, source: string): ManifestItem[] {
  const items: ManifestItem[] = [];
  const { values, error } = documents(text, source);
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
