import { parseJsonLossless } from "../../normalize/lossless-json.js";
import { parseWarningHeaders } from "../../record/exchange/warnings.js";
import { redactUrl } from "../../record/redact/redact.js";
import type { Body, Exchange, WarningHeader } from "../../record/exchange/exchange.js";
import { yamlModule } from "../../internal/lazy-modules.js";
import { isKnownAllocation, isKnownDefault, knownAdmissionSource, UNKNOWN_MUTATOR } from "./knowledge.js";
import { diffJson } from "../diff.js";
import type { ChangeKind } from "../diff.js";
import { formatPath } from "../../internal/json-path.js";
import type { PathSegment } from "../../internal/json-path.js";
import { fieldSetChild, fieldSetNode, hasChildren, managedFieldsOf } from "./managed-fields.js";
import type { FieldSet, ManagedFieldsEntry } from "./managed-fields.js";
import { applyJsonPatch, applyMergePatch, applyStrategicPatch } from "./patch-apply.js";
import { sameQuantity } from "./quantity.js";
import { maskSecrets } from "../secret-mask.js";
import { isJsonObject } from "../../internal/json.js";
import { headerValue } from "../../internal/headers.js";

/**
 * Who changed a field between what the client sent and what the server returned:
 * - `server-populated`: the API server itself (uid, resourceVersion, creationTimestamp, generation, managedFields,
 *   the namespace from the URL, status, type information, allocated values, values re-encoded canonically);
 * - `defaulted`: API defaulting (the field is in managedFields: it was set before admission ran);
 * - `admission`: a mutating admission plugin or webhook (set, changed or removed after field tracking);
 * - `dropped`: sent but gone, and never tracked: a field the server does not know, pruned on decoding;
 * - `existing`: not sent by a patch and present before it (only without the object as it was before);
 * - `unknown`: no managedFields to tell, and not a known default or admission change.
 */
export const ADMISSION_GROUPS = [
  "server-populated",
  "defaulted",
  "admission",
  "dropped",
  "existing",
  "unknown",
] as const;
/** Who changed a field, as far as the evidence tells (one of {@link ADMISSION_GROUPS}). */
export type AdmissionGroup = (typeof ADMISSION_GROUPS)[number];

/** What the request did, from its method and content type. */
export const ADMISSION_OPERATIONS = [
  "create",
  "update",
  "patch",
  "apply",
  "read",
  "delete",
  "other",
] as const;
/** What a request did, one of {@link ADMISSION_OPERATIONS}. */
export type AdmissionOperation = (typeof ADMISSION_OPERATIONS)[number];

/** One field the server changed compared with what was sent. `old` is the sent value, `new` the returned one. */
export interface AdmissionChange {
  path: string;
  segments: PathSegment[];
  change: ChangeKind;
  group: AdmissionGroup;
  /** The evidence for the group, in words (e.g. which managedFields entry holds the field). */
  reason: string;
  /** For `admission`: the built-in plugin known to make this change, or that it is likely a webhook. */
  source?: string;
  old?: unknown;
  new?: unknown;
  /** True when a Secret value was replaced by `***`. */
  masked?: boolean;
}

/** The admission diff of one write: every change grouped, the warnings, and what could not be known. */
export interface AdmissionDiff {
  operation: AdmissionOperation;
  method?: string;
  url?: string;
  status?: number;
  /** The request was a server-side dry run (`dryRun=All`): nothing was stored. */
  dryRun: boolean;
  /** The field manager the request named (`fieldManager=`), or the one the server derived from its User-Agent. */
  fieldManager?: string;
  /** The server refused the request: its Status reason and message. */
  rejected?: { status?: number; reason?: string; message?: string };
  /** `Warning` headers of the response (PodSecurity, deprecations, webhooks' warnings). */
  warnings: WarningHeader[];
  changes: AdmissionChange[];
  /** How defaulting was told from admission: managedFields of the response, or known fields only. */
  evidence: "managedFields" | "known-fields" | "none";
  /** Why the diff is partial or empty although the request was a write (no body, truncated body...). */
  incomplete?: string;
}

/** Options of the admission diff. */
export interface AdmissionDiffOptions {
  /**
   * The object as it was before a patch or apply request: the patch is applied to it to know what was asked for.
   * Without it, fields a patch did not send are reported as `existing`.
   */
  previous?: unknown;
  /** Keep Secret values (masked as `***` by default). */
  showSecrets?: boolean;
}

/** What {@link admissionDiffOfObjects} knows about the request besides the two objects. */
export interface AdmissionContext extends AdmissionDiffOptions {
  method?: string;
  url?: string;
  status?: number | undefined;
  /** The request's Content-Type (tells the kind of patch). */
  contentType?: string | undefined;
  /** The request's User-Agent (the server names the field manager after it when the request does not). */
  userAgent?: string | undefined;
  warnings?: WarningHeader[];
  /** Why the objects are not complete, if they are not. */
  incomplete?: string | undefined;
}

type Obj = Record<string, unknown>;

/** ObjectMeta fields the API server sets on every write (ObjectMeta: "Populated by the system. Read-only."). */
const SYSTEM_METADATA: Record<string, string> = {
  uid: "assigned by the API server when the object is created",
  resourceVersion:
    "set by the API server on every write to storage (absent from a dry run: nothing was stored)",
  creationTimestamp: "set by the API server when the object is created",
  generation: "set by the API server (incremented when the spec changes)",
  managedFields: "field ownership tracked by the API server for each manager",
  selfLink: "set by the API server",
  deletionTimestamp: "set by the API server when deletion starts",
  deletionGracePeriodSeconds: "set by the API server when deletion starts",
  namespace: "taken from the request URL",
};

function operationOf(method: string | undefined, contentType: string | undefined): AdmissionOperation {
  switch ((method ?? "").toUpperCase()) {
    case "POST":
      return "create";
    case "PUT":
      return "update";
    case "PATCH":
      return contentType?.includes("apply-patch") ? "apply" : "patch";
    case "GET":
    case "HEAD":
      return "read";
    case "DELETE":
      return "delete";
    default:
      return method ? "other" : "create";
  }
}

/** The URL's query parameters (parsed once: a URL costs more to parse than the rest of a small diff). */
function queryOf(url: string | undefined): URLSearchParams | undefined {
  if (!url) return undefined;
  try {
    return new URL(url, "http://kubewire.invalid").searchParams;
  } catch {
    return undefined;
  }
}

/** kube-apiserver names the manager after the User-Agent's first path segment when the request names none. */
function managerFromUserAgent(userAgent: string | undefined): string | undefined {
  if (!userAgent) return undefined;
  return userAgent.split("/")[0]!.slice(0, 128) || undefined;
}

function isEmptyValue(v: unknown): boolean {
  if (v === null || v === "" || v === false || v === 0) return true;
  if (Array.isArray(v)) return v.length === 0;
  return isJsonObject(v) && Object.keys(v).length === 0;
}

interface Owner {
  entry: ManagedFieldsEntry;
  node: FieldSet;
}

function ownersOf(entries: ManagedFieldsEntry[], object: unknown, segments: readonly PathSegment[]): Owner[] {
  return entries.flatMap((entry) => {
    const node = fieldSetNode(entry.fields, object, segments);
    return node ? [{ entry, node }] : [];
  });
}

function childrenOf(value: unknown): [string | number, unknown][] {
  if (Array.isArray(value)) return value.map((v, i): [number, unknown] => [i, v]);
  return isJsonObject(value) ? Object.entries(value) : [];
}

function childOwners(owners: Owner[], seg: string | number, item: unknown): Owner[] {
  return owners.flatMap((o) => {
    const node = fieldSetChild(o.node, seg, item);
    return node ? [{ entry: o.entry, node }] : [];
  });
}

/**
 * Whether managedFields own a value down to every leaf: an entry owns it whole (a leaf node: a scalar, an atomic
 * map or list, an empty struct), or every child is owned in turn.
 */
function fullyOwned(value: unknown, owners: Owner[]): boolean {
  if (owners.length === 0) return false;
  if (owners.some((o) => !hasChildren(o.node))) return true;
  return childrenOf(value).every(([seg, v]) => fullyOwned(v, childOwners(owners, seg, v)));
}

function describeOwners(owners: Owner[]): string {
  const names = [...new Set(owners.map((o) => `"${o.entry.manager}" (${o.entry.operation})`))];
  return names.join(", ");
}

class Classifier {
  readonly out: AdmissionChange[] = [];
  readonly #kind: string;
  readonly #entries: ManagedFieldsEntry[];
  readonly #secret: boolean;

  constructor(
    private readonly sent: unknown,
    private readonly returned: unknown,
    private readonly existingMode: boolean,
    private readonly showSecrets: boolean,
    private readonly apply = false,
  ) {
    this.#kind = isJsonObject(returned) && typeof returned.kind === "string" ? returned.kind : "";
    this.#entries = managedFieldsOf(returned);
    // Every value is judged by the secret policy, as part of a document of the returned object's kind.
    this.#secret = !showSecrets;
  }

  get hasManagedFields(): boolean {
    return this.#entries.length > 0;
  }

  #push(
    segments: PathSegment[],
    change: ChangeKind,
    group: AdmissionGroup,
    reason: string,
    values: { old?: unknown; new?: unknown; source?: string; masked?: boolean | undefined },
  ): void {
    const c: AdmissionChange = { path: formatPath(segments), segments, change, group, reason };
    if (values.source) c.source = values.source;
    let masked = values.masked ?? false;
    for (const side of ["old", "new"] as const) {
      if (!(side in values)) continue;
      let v = values[side];
      if (this.#secret) {
        const m = maskSecrets(v, segments, isJsonObject(this.returned) ? this.returned : this.sent);
        // Masking returns the value itself when nothing in it is secret: only a copy needs comparing.
        if (m !== v && JSON.stringify(m) !== JSON.stringify(v)) masked = true;
        v = m;
      }
      c[side] = v;
    }
    if (masked) c.masked = true;
    this.out.push(c);
  }

  classify(d: {
    segments: PathSegment[];
    change: ChangeKind;
    old?: unknown;
    new?: unknown;
    masked?: boolean;
  }): void {
    const segs = d.segments;
    // Only the sides the change has (an added field has no old value, a removed one no new): made so, not deleted
    // afterwards, which turned each object into a slow dictionary one for every read that followed.
    const values: { old?: unknown; new?: unknown; masked: boolean | undefined } =
      d.change === "added"
        ? { new: d.new, masked: d.masked }
        : d.change === "removed"
          ? { old: d.old, masked: d.masked }
          : { old: d.old, new: d.new, masked: d.masked };
    const [top, second] = segs;
    if (segs.length === 1 && top === "metadata" && d.change === "added" && isJsonObject(d.new)) {
      // A patch without metadata: judge each field the server returned on its own.
      for (const [k, v] of Object.entries(d.new))
        this.classify({ segments: ["metadata", k], change: "added", new: v });
      return;
    }
    if (top === "metadata" && typeof second === "string" && second in SYSTEM_METADATA && segs.length >= 2) {
      return this.#push(segs, d.change, "server-populated", SYSTEM_METADATA[second]!, values);
    }
    const sentMeta = isJsonObject(this.sent) && isJsonObject(this.sent.metadata) ? this.sent.metadata : {};
    if (
      segs.length === 2 &&
      top === "metadata" &&
      second === "name" &&
      typeof sentMeta.generateName === "string"
    )
      return this.#push(segs, d.change, "server-populated", "generated from metadata.generateName", values);
    if (top === "status")
      return this.#push(
        segs,
        d.change,
        "server-populated",
        "status is written by the server, not by the request",
        values,
      );
    if ((top === "kind" || top === "apiVersion") && segs.length === 1)
      return this.#push(
        segs,
        d.change,
        "server-populated",
        "type information the server always returns",
        values,
      );
    if (isKnownAllocation(this.#kind, segs))
      return this.#push(segs, d.change, "server-populated", "allocated by the API server", values);

    if (d.change === "added") {
      if (d.new === null)
        return this.#push(
          segs,
          d.change,
          "server-populated",
          "a zero value the server's encoder writes (no omitempty)",
          values,
        );
      if (this.existingMode)
        return this.#push(
          segs,
          d.change,
          "existing",
          "not in the patch: present before the request, or set by the server now (pass the previous object to tell)",
          values,
        );
      return this.#added(segs, d.new);
    }
    if (d.change === "removed") {
      if (isEmptyValue(d.old))
        return this.#push(
          segs,
          d.change,
          "server-populated",
          "an empty value the server does not write back (omitempty)",
          values,
        );
      if (top === "stringData" && this.#kind === "Secret")
        return this.#push(
          segs,
          d.change,
          "server-populated",
          "stringData is write-only: the server merged it into data",
          values,
        );
      if (!this.hasManagedFields)
        return this.#push(
          segs,
          d.change,
          "dropped",
          "sent but not returned: unknown to the server, or removed by admission (no managedFields to tell)",
          values,
        );
      const owners = ownersOf(this.#entries, this.sent, segs);
      return owners.length
        ? this.#push(
            segs,
            d.change,
            "admission",
            `removed after field tracking: still owned by ${describeOwners(owners)} in managedFields`,
            {
              ...values,
              source: knownAdmissionSource(this.#kind, segs, d.old, this.returned) ?? UNKNOWN_MUTATOR,
            },
          )
        : this.#push(
            segs,
            d.change,
            "dropped",
            "sent but never tracked: a field this type does not have, pruned when the server decoded the request (fieldValidation=Strict would reject it)",
            values,
          );
    }
    // changed or type
    if (sameQuantity(d.old, d.new))
      return this.#push(
        segs,
        d.change,
        "server-populated",
        "the same quantity, re-encoded canonically by the server",
        values,
      );
    return this.#push(
      segs,
      d.change,
      "admission",
      "changed after it was sent: API defaulting only fills unset fields",
      {
        ...values,
        source: knownAdmissionSource(this.#kind, segs, d.new, this.returned) ?? UNKNOWN_MUTATOR,
      },
    );
  }

  /** An added field: defaulted where managedFields own it, admission where they do not. */
  #added(segs: PathSegment[], value: unknown): void {
    if (!this.hasManagedFields) return this.#addedByKnowledge(segs, value);
    const owners = ownersOf(this.#entries, this.returned, segs);
    if (owners.length === 0 && this.apply) return this.#addedOnApply(segs, value);
    this.#split(segs, value, owners);
  }

  /**
   * An added field no manager owns, on server-side apply: there managedFields hold only what the appliers sent, so
   * API defaults are unowned too and "not owned" does not mean admission. Known defaults and known plugins are told
   * apart; anything else cannot be.
   */
  #addedOnApply(segs: PathSegment[], value: unknown): void {
    if (isKnownDefault(this.#kind, segs))
      return this.#push(
        segs,
        "added",
        "defaulted",
        "a known API default (on server-side apply managedFields hold only what was applied)",
        { new: value },
      );
    const source = knownAdmissionSource(this.#kind, segs, value, this.returned);
    if (source) return this.#admissionAdded(segs, value);
    if (isJsonObject(value) && Object.keys(value).length > 0) {
      for (const [k, v] of Object.entries(value)) this.#addedOnApply([...segs, k], v);
      return;
    }
    if (Array.isArray(value) && value.length > 0 && value.every(isJsonObject)) {
      value.forEach((item, i) => this.#addedOnApply([...segs, i], item));
      return;
    }
    this.#push(
      segs,
      "added",
      "unknown",
      "not applied and not a known default: on server-side apply managedFields cannot tell defaulting from a mutating webhook",
      { new: value },
    );
  }

  #split(segs: PathSegment[], value: unknown, owners: Owner[]): void {
    if (owners.length === 0) return this.#admissionAdded(segs, value);
    if (fullyOwned(value, owners))
      return this.#push(
        segs,
        "added",
        "defaulted",
        `in managedFields of ${describeOwners(owners)}: set before admission ran, by API defaulting`,
        { new: value },
      );
    for (const [seg, v] of childrenOf(value)) this.#split([...segs, seg], v, childOwners(owners, seg, v));
  }

  /**
   * What admission added, with what the server defaulted inside it (the server decodes, and so defaults, what a
   * webhook patched in) and what a known built-in plugin added inside it split off.
   */
  #admissionAdded(segs: PathSegment[], value: unknown): void {
    if (Array.isArray(value) && value.length > 0 && value.every(isJsonObject)) {
      value.forEach((item, i) => this.#admissionAdded([...segs, i], item));
      return;
    }
    const source = knownAdmissionSource(this.#kind, segs, value, this.returned) ?? UNKNOWN_MUTATOR;
    const reason = "not in managedFields: added after field tracking, by mutating admission";
    if (!isJsonObject(value)) return this.#push(segs, "added", "admission", reason, { new: value, source });
    const rest: Obj = {};
    const inner: (() => void)[] = [];
    for (const [k, v] of Object.entries(value)) {
      const child = [...segs, k];
      if (isKnownDefault(this.#kind, child)) {
        inner.push(() =>
          this.#push(
            child,
            "added",
            "defaulted",
            "a known API default, applied to what admission added (defaulting runs again on a mutated object)",
            {
              new: v,
            },
          ),
        );
        continue;
      }
      if (Array.isArray(v) && v.every(isJsonObject)) {
        const kept = v.filter((item, i) => {
          const s = knownAdmissionSource(this.#kind, [...child, i], item, this.returned);
          if (s === undefined || s === source) return true;
          inner.push(() =>
            this.#push(
              [...child, i],
              "added",
              "admission",
              `${reason} (inside what another mutation added)`,
              { new: item, source: s },
            ),
          );
          return false;
        });
        rest[k] = kept;
        continue;
      }
      rest[k] = v;
    }
    this.#push(segs, "added", "admission", reason, { new: rest, source });
    for (const f of inner) f();
  }

  /** No managedFields: known defaults and known plugins only. */
  #addedByKnowledge(segs: PathSegment[], value: unknown): void {
    if (isKnownDefault(this.#kind, segs))
      return this.#push(segs, "added", "defaulted", "a known API default (no managedFields to confirm)", {
        new: value,
      });
    if (Array.isArray(value) && value.length > 0 && value.every(isJsonObject)) {
      value.forEach((item, i) => this.#addedByKnowledge([...segs, i], item));
      return;
    }
    const source = knownAdmissionSource(this.#kind, segs, value, this.returned);
    if (source)
      return this.#push(
        segs,
        "added",
        "admission",
        "a known admission plugin change (no managedFields to confirm)",
        {
          new: value,
          source,
        },
      );
    this.#push(
      segs,
      "added",
      "unknown",
      "not a known default or admission change, and no managedFields to tell",
      {
        new: value,
      },
    );
  }
}

function bodyValue(
  body: Body | undefined,
  contentType: string | undefined,
): { value?: unknown; problem?: string } {
  if (!body) return { problem: "has no body" };
  if (body.truncated) return { problem: "body truncated" };
  if (body.kind === "json")
    return { value: body.raw !== undefined ? parseJsonLossless(body.raw) : body.value };
  if (body.kind === "text") {
    try {
      return {
        value: contentType?.includes("yaml")
          ? (yamlModule().parse(body.text) as unknown)
          : parseJsonLossless(body.text),
      };
    } catch {
      return { problem: "body is not JSON or YAML" };
    }
  }
  return { problem: `body is ${body.kind} (protobuf or a stream), which cannot be compared` };
}

/**
 * What the server changed compared with what a create, update, patch or apply request sent, from the recorded
 * exchange: each change grouped as server-populated, defaulted or admission (plus dropped, existing, unknown), with
 * the evidence, and the response's `Warning` headers. Works on server-side dry runs (nothing stored, same
 * changes). A refused request gives its Status and no changes.
 *
 * The rule that tells defaulting from admission: kube-apiserver records field ownership (managedFields) after
 * decoding and defaulting but before mutating admission, so a field the server added that a managedFields entry
 * owns was defaulted, and one that no entry owns was added by admission. Known fields are only the fallback.
 *
 * @example
 * const diff = admissionDiff(exchange);
 * diff.changes.filter((c) => c.group === "admission").map((c) => c.path);
 * // [".spec.volumes[0]", ".spec.containers[0].volumeMounts[0]", ".spec.serviceAccountName", ...]
 */
export function admissionDiff(exchange: Exchange, options: AdmissionDiffOptions = {}): AdmissionDiff {
  const contentType = headerValue(exchange.request.headers, "content-type");
  const sent = bodyValue(exchange.request.body, contentType);
  const response = exchange.response;
  const returned = bodyValue(response?.body, headerValue(response?.headers, "content-type"));
  const warnings = exchange.warnings ?? (response ? parseWarningHeaders(response.headers) : []);
  const incomplete = exchange.error
    ? `no response: ${exchange.error.name}`
    : sent.problem && !["GET", "HEAD", "DELETE"].includes(exchange.request.method.toUpperCase())
      ? `request ${sent.problem}`
      : returned.problem
        ? `response ${returned.problem}`
        : undefined;
  return admissionDiffOfObjects(sent.value, returned.value, {
    ...options,
    method: exchange.request.method,
    url: exchange.request.url,
    status: response?.status,
    contentType,
    userAgent: headerValue(exchange.request.headers, "user-agent"),
    warnings,
    incomplete,
  });
}

/**
 * The admission diff of an object that was sent and the object the server returned (see {@link admissionDiff}).
 * Either may be undefined when it is not known (the diff then holds only the warnings and says why).
 *
 * @example
 * admissionDiffOfObjects(manifest, dryRunResponse, { method: "POST", url: ".../pods?dryRun=All" });
 */
export function admissionDiffOfObjects(
  sent: unknown,
  returned: unknown,
  context: AdmissionContext = {},
): AdmissionDiff {
  const operation = operationOf(context.method, context.contentType);
  const query = queryOf(context.url);
  const result: AdmissionDiff = {
    operation,
    dryRun: query?.get("dryRun") === "All",
    warnings: context.warnings ?? [],
    changes: [],
    evidence: "none",
  };
  if (context.method) result.method = context.method.toUpperCase();
  // A token in the query (`?access_token=`) is a credential: the diff shows the URL as a recording would.
  if (context.url) result.url = redactUrl(context.url).url;
  if (context.status !== undefined) result.status = context.status;
  const manager = query?.get("fieldManager") ?? managerFromUserAgent(context.userAgent);
  if (manager) result.fieldManager = manager;

  const failed =
    (context.status !== undefined && (context.status < 200 || context.status > 299)) ||
    (isJsonObject(returned) && returned.kind === "Status" && returned.status === "Failure");
  if (failed) {
    const status = isJsonObject(returned) && returned.kind === "Status" ? returned : {};
    result.rejected = {};
    if (context.status !== undefined) result.rejected.status = context.status;
    if (typeof status.reason === "string") result.rejected.reason = status.reason;
    if (typeof status.message === "string") result.rejected.message = status.message;
    return result;
  }
  if (operation === "read" || operation === "delete" || operation === "other") {
    if (context.incomplete) result.incomplete = context.incomplete;
    return result;
  }
  if (context.incomplete || sent === undefined || returned === undefined) {
    result.incomplete =
      context.incomplete ??
      (sent === undefined ? "the request body is not known" : "the response body is not known");
    return result;
  }

  let expected: unknown = sent;
  let existingMode = false;
  if (operation === "patch" || operation === "apply") {
    const type = context.contentType ?? "";
    if (context.previous !== undefined) {
      try {
        expected = type.includes("json-patch")
          ? applyJsonPatch(context.previous, sent)
          : type.includes("merge-patch") && !type.includes("strategic")
            ? applyMergePatch(context.previous, sent)
            : applyStrategicPatch(context.previous, sent);
      } catch (e) {
        result.incomplete = `the patch does not apply to the previous object: ${(e as Error).message}`;
        return result;
      }
    } else if (type.includes("json-patch")) {
      result.incomplete = "a JSON patch lists operations, not an object: pass the previous object to compare";
      return result;
    } else existingMode = context.status !== 201;
  }

  const classifier = new Classifier(
    expected,
    returned,
    existingMode,
    context.showSecrets ?? false,
    operation === "apply",
  );
  result.evidence = classifier.hasManagedFields ? "managedFields" : "known-fields";
  for (const d of diffJson(expected, returned, {
    aggregate: false,
    indexFrom: "new",
    showSecrets: true, // the classifier masks, knowing the Secret the paths are in
  }))
    classifier.classify(d);
  result.changes = classifier.out;
  return result;
}

/** The changes of an admission diff in one group. */
export function admissionChanges(diff: AdmissionDiff, group: AdmissionGroup): AdmissionChange[] {
  return diff.changes.filter((c) => c.group === group);
}
