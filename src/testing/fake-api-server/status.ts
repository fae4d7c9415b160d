/**
 * `Status` bodies shaped exactly like kube-apiserver's (apimachinery `api/errors`): the same field order, the same
 * messages, the same `details` (for NotFound/Conflict/AlreadyExists the `kind` is the resource, for Invalid it is
 * the Kind). Checked field by field against real recordings in test/testing/fake-api-server-status.test.ts.
 */

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface StatusBody {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, unknown>;
  status: "Success" | "Failure";
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** A group and a resource (`configmaps`, `deployments.apps`), as NotFound and Conflict messages name them. */
export interface GroupResource {
  group: string;
  resource: string;
}

/** A group and a kind (`ConfigMap`, `Deployment.apps`), as Invalid messages name them. */
export interface GroupKind {
  group: string;
  kind: string;
}

export function qualifiedResource(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

function qualifiedKind(gk: GroupKind): string {
  return gk.group ? `${gk.kind}.${gk.group}` : gk.kind;
}

/** Go's `%q` for the strings that appear in API messages (names, keys): JSON quoting is the same for them. */
export function goQuoted(s: string): string {
  return JSON.stringify(s);
}

function details(d: StatusDetails): StatusDetails {
  // Go's struct field order: name, group, kind, uid, causes, retryAfterSeconds; empty fields omitted.
  const out: StatusDetails = {};
  if (d.name) out.name = d.name;
  if (d.group) out.group = d.group;
  if (d.kind) out.kind = d.kind;
  if (d.uid) out.uid = d.uid;
  if (d.causes && d.causes.length > 0) out.causes = d.causes;
  if (d.retryAfterSeconds) out.retryAfterSeconds = d.retryAfterSeconds;
  return out;
}

/** A Status body with kube-apiserver's key order. */
export function statusBody(
  code: number,
  reason: string | undefined,
  message: string | undefined,
  d?: StatusDetails,
  status: "Success" | "Failure" = "Failure",
): StatusBody {
  // Built in kube-apiserver's order: kind, apiVersion, metadata, status, message, reason, details, code.
  const ordered = { kind: "Status", apiVersion: "v1", metadata: {}, status } as StatusBody;
  if (message) ordered.message = message;
  if (reason) ordered.reason = reason;
  if (d) ordered.details = details(d);
  ordered.code = code;
  return ordered;
}

/** An API error the server answers with: the Status body, and extra headers (Retry-After) when any. */
export class ApiStatusError extends Error {
  readonly status: StatusBody;
  readonly headers: Record<string, string>;

  constructor(status: StatusBody, headers: Record<string, string> = {}) {
    // An answer, not a bug: skip the stack trace (a contended object makes thousands of these).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(status.message ?? status.reason ?? "error");
    Error.stackTraceLimit = limit;
    this.name = "ApiStatusError";
    this.status = status;
    this.headers = headers;
  }
}

export const OPTIMISTIC_LOCK_MESSAGE =
  "the object has been modified; please apply your changes to the latest version and try again";

export function notFound(gr: GroupResource, name: string): ApiStatusError {
  return new ApiStatusError(
    statusBody(404, "NotFound", `${qualifiedResource(gr)} ${goQuoted(name)} not found`, {
      name,
      group: gr.group,
      kind: gr.resource,
    }),
  );
}

/** 404 for a path the server does not serve at all (x11-unknown-resource-404). */
export function resourceNotFound(): ApiStatusError {
  return new ApiStatusError(
    statusBody(404, "NotFound", "the server could not find the requested resource", {}),
  );
}

export function alreadyExists(gr: GroupResource, name: string): ApiStatusError {
  return new ApiStatusError(
    statusBody(409, "AlreadyExists", `${qualifiedResource(gr)} ${goQuoted(name)} already exists`, {
      name,
      group: gr.group,
      kind: gr.resource,
    }),
  );
}

export function conflict(gr: GroupResource, name: string, detail = OPTIMISTIC_LOCK_MESSAGE): ApiStatusError {
  return new ApiStatusError(
    statusBody(
      409,
      "Conflict",
      `Operation cannot be fulfilled on ${qualifiedResource(gr)} ${goQuoted(name)}: ${detail}`,
      {
        name,
        group: gr.group,
        kind: gr.resource,
      },
    ),
  );
}

/** The closed set of field error types (apimachinery `field.ErrorType`), with the words they print. */
export const FIELD_ERROR_TYPES = {
  FieldValueNotFound: "Not found",
  FieldValueRequired: "Required value",
  FieldValueDuplicate: "Duplicate value",
  FieldValueInvalid: "Invalid value",
  FieldValueNotSupported: "Unsupported value",
  FieldValueForbidden: "Forbidden",
  FieldValueTooLong: "Too long",
  FieldValueTooMany: "Too many",
  InternalError: "Internal error",
} as const;
export type FieldErrorType = keyof typeof FIELD_ERROR_TYPES;

/** One validation error (`field.Error`). */
export interface FieldError {
  type: FieldErrorType;
  field: string;
  detail?: string;
  /** The bad value, printed for types that print one; omit for Required/Forbidden/TooLong. */
  value?: unknown;
  /** A value rendered by the caller, when Go prints it in its own way (`0x0` for a uint64 zero). */
  valueText?: string;
}

function printValue(e: FieldError): string {
  if (e.valueText !== undefined) return e.valueText;
  const v = e.value;
  if (v === undefined || v === null) return "null";
  if (typeof v === "string") return goQuoted(v);
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  return JSON.stringify(v);
}

/** `field.Error.ErrorBody()`: the message without the field path. */
export function fieldErrorBody(e: FieldError): string {
  const words = FIELD_ERROR_TYPES[e.type];
  const printsValue = ![
    "FieldValueRequired",
    "FieldValueForbidden",
    "FieldValueTooLong",
    "InternalError",
  ].includes(e.type);
  let s = printsValue ? `${words}: ${printValue(e)}` : words;
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

export function fieldErrorString(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/** 422 Invalid, with one cause per field error, like `errors.NewInvalid`. */
export function invalid(gk: GroupKind, name: string, errors: FieldError[]): ApiStatusError {
  // utilerrors.NewAggregate drops duplicate messages; one error prints bare, several in brackets.
  const messages = [...new Set(errors.map(fieldErrorString))];
  const aggregate = messages.length === 1 ? messages[0] : `[${messages.join(", ")}]`;
  const message = `${qualifiedKind(gk)} ${goQuoted(name)} is invalid${aggregate ? `: ${aggregate}` : ""}`;
  return new ApiStatusError(
    statusBody(422, "Invalid", message, {
      name,
      group: gk.group,
      kind: gk.kind,
      causes: errors.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field })),
    }),
  );
}

export function badRequest(message: string): ApiStatusError {
  return new ApiStatusError(statusBody(400, "BadRequest", message));
}

/** 410 Expired: a continue token or resourceVersion older than the server's history. */
export function expired(message: string): ApiStatusError {
  return new ApiStatusError(statusBody(410, "Expired", message));
}

export function methodNotSupported(gr: GroupResource, action: string): ApiStatusError {
  return new ApiStatusError(
    statusBody(
      405,
      "MethodNotAllowed",
      `${action} is not supported on resources of kind ${goQuoted(qualifiedResource(gr))}`,
      {
        group: gr.group,
        kind: gr.resource,
      },
    ),
  );
}

/** 405 for a verb the resource (or subresource) does not serve: the real server's generic answer. */
export function methodNotAllowed(): ApiStatusError {
  return new ApiStatusError(
    statusBody(
      405,
      "MethodNotAllowed",
      "the server does not allow this method on the requested resource",
      {},
    ),
  );
}

export function unsupportedMediaType(accepted: readonly string[]): ApiStatusError {
  return new ApiStatusError(
    statusBody(
      415,
      "UnsupportedMediaType",
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(", ")}`,
    ),
  );
}

export function internalError(message: string): ApiStatusError {
  return new ApiStatusError(
    statusBody(500, "InternalError", `Internal error occurred: ${message}`, { causes: [{ message }] }),
  );
}

export function tooManyRequests(retryAfterSeconds = 1): ApiStatusError {
  return new ApiStatusError(
    statusBody(429, "TooManyRequests", "Too many requests, please try again later.", { retryAfterSeconds }),
    { "Retry-After": String(retryAfterSeconds) },
  );
}

export function unauthorized(): ApiStatusError {
  return new ApiStatusError(statusBody(401, "Unauthorized", "Unauthorized"));
}

/** 504 for a list or get at a resourceVersion the server has not reached yet. */
export function tooLargeResourceVersion(requested: number, current: number): ApiStatusError {
  return new ApiStatusError(
    statusBody(504, "Timeout", `Too large resource version: ${requested}, current: ${current}`, {
      causes: [{ reason: "ResourceVersionTooLarge", message: "Too large resource version" }],
      retryAfterSeconds: 1,
    }),
    { "Retry-After": "1" },
  );
}
