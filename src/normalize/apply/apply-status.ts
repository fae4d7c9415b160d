/**
 * The Status bodies the real server answers failed applies with: the 409 of conflicts (its message is what
 * kubectl prints after `error: `), 400s for bodies of the wrong type or with managedFields, 500s for bodies that do
 * not fit the schema, 409 for a uid on a create, and 422 for invalid PatchOptions (`fieldManager` missing on an
 * apply, `force` on other patches, unknown `dryRun` or `fieldValidation` values).
 */
import { KubewireError } from "../../errors.js";
import { goQuote } from "./go-text.js";
import { parseManagerIdentifier } from "./managed-fields.js";
import { pathToString } from "./path-element.js";
import type { Conflict } from "./updater.js";

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** A `meta.k8s.io/v1` Status, keys in the server's order. */
export interface Status {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure";
  message: string;
  reason?: string;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[] };
  code: number;
}

function status(code: number, message: string, reason?: string, details?: Status["details"]): Status {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    ...(reason ? { reason } : {}),
    ...(details ? { details } : {}),
    code,
  };
}

/** An apply the server refuses; `status` is the body it answers with. */
export class ApplyError extends KubewireError {
  readonly status: Status;
  readonly statusCode: number;
  constructor(st: Status) {
    super("KUBEWIRE_APPLY", st.message);
    this.name = "ApplyError";
    this.status = st;
    this.statusCode = st.code;
  }
}

export function badRequest(message: string): ApplyError {
  return new ApplyError(status(400, message, "BadRequest"));
}

/** An error the server did not wrap in a Status: a 500 without a reason. */
export function internalError(message: string): ApplyError {
  return new ApplyError(status(500, message));
}

/** `errors.NewConflict`: a 409 about one object of a resource (e.g. `deployments.apps`). */
export function conflictError(group: string, resource: string, name: string, why: string): ApplyError {
  const qualified = group ? `${resource}.${group}` : resource;
  return new ApplyError(
    status(409, `Operation cannot be fulfilled on ${qualified} ${goQuote(name)}: ${why}`, "Conflict", {
      name,
      ...(group ? { group } : {}),
      kind: resource,
    }),
  );
}

/** How a conflict message names a manager: `"kubectl"`, `"x" with subresource "status"`, `"curl" using v1`. */
export function printManager(identifier: string): string {
  let who;
  try {
    who = parseManagerIdentifier(identifier);
  } catch {
    return goQuote(identifier);
  }
  let out = goQuote(who.manager);
  if (who.subresource) out += ` with subresource ${goQuote(who.subresource)}`;
  if (who.operation === "Update") out += ` using ${who.apiVersion ?? ""}`;
  return out;
}

/** The message of an apply conflict error (`getConflictMessage`). */
export function conflictMessage(conflicts: readonly Conflict[]): string {
  if (conflicts.length === 1) {
    const c = conflicts[0]!;
    return `Apply failed with 1 conflict: conflict with ${printManager(c.manager)}: ${pathToString(c.path)}`;
  }
  const byManager = new Map<string, string[]>();
  for (const c of conflicts)
    byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), pathToString(c.path)]);
  const lines: string[] = [];
  for (const manager of [...byManager.keys()].sort()) {
    lines.push(`conflicts with ${printManager(manager)}:`);
    for (const p of byManager.get(manager)!) lines.push(`- ${p}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join("\n")}`;
}

/** The 409 Status of an apply conflict, one `FieldManagerConflict` cause per field. */
export function conflictStatus(conflicts: readonly Conflict[]): Status {
  return status(409, conflictMessage(conflicts), "Conflict", {
    causes: conflicts.map((c) => ({
      reason: "FieldManagerConflict",
      message: `conflict with ${printManager(c.manager)}`,
      field: pathToString(c.path),
    })),
  });
}

interface FieldError {
  type:
    | "FieldValueRequired"
    | "FieldValueForbidden"
    | "FieldValueTooLong"
    | "FieldValueInvalid"
    | "FieldValueNotSupported";
  field: string;
  body: string;
}

const ALLOWED_DRY_RUN = ["All"];
const ALLOWED_FIELD_VALIDATION = ["", "Ignore", "Strict", "Warn"];
export const FIELD_MANAGER_MAX_LENGTH = 128;

function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

function isPrint(ch: string): boolean {
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch);
}

function fieldManagerErrors(fieldManager: string, field = "fieldManager"): FieldError[] {
  const errs: FieldError[] = [];
  if (utf8Length(fieldManager) > FIELD_MANAGER_MAX_LENGTH)
    errs.push({
      type: "FieldValueTooLong",
      field,
      body: `Too long: must have at most ${FIELD_MANAGER_MAX_LENGTH} bytes`,
    });
  let pos = 0;
  for (const ch of fieldManager) {
    if (!isPrint(ch)) {
      const code = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
      errs.push({
        type: "FieldValueInvalid",
        field,
        body: `Invalid value: ${goQuote(fieldManager)}: invalid character U+${code} (at position ${pos})`,
      });
    }
    pos += utf8Length(ch);
  }
  return errs;
}

export interface PatchOptions {
  fieldManager?: string;
  /** Present (true or false) when the request has a `force` parameter. */
  force?: boolean;
  dryRun?: readonly string[];
  fieldValidation?: string;
}

/**
 * The 422 Status the server answers a PATCH whose options are invalid (`ValidatePatchOptions`), or undefined.
 * `patchType` is the request's content type.
 */
export function patchOptionsStatus(options: PatchOptions, patchType: string): Status | undefined {
  const errs: FieldError[] = [];
  if (patchType !== "application/apply-patch+yaml") {
    if (options.force !== undefined)
      errs.push({
        type: "FieldValueForbidden",
        field: "force",
        body: "Forbidden: may not be specified for non-apply patch",
      });
  } else if (!options.fieldManager) {
    errs.push({
      type: "FieldValueRequired",
      field: "fieldManager",
      body: "Required value: is required for apply patch",
    });
  }
  errs.push(...fieldManagerErrors(options.fieldManager ?? ""));
  const dryRun = options.dryRun ?? [];
  if (!dryRun.every((d) => ALLOWED_DRY_RUN.includes(d)))
    errs.push({
      type: "FieldValueNotSupported",
      field: "dryRun",
      body: `Unsupported value: []string{${dryRun.map(goQuote).join(", ")}}: supported values: ${ALLOWED_DRY_RUN.map(goQuote).join(", ")}`,
    });
  const fv = options.fieldValidation ?? "";
  if (!ALLOWED_FIELD_VALIDATION.includes(fv))
    errs.push({
      type: "FieldValueNotSupported",
      field: "fieldValidation",
      body: `Unsupported value: ${goQuote(fv)}: supported values: ${ALLOWED_FIELD_VALIDATION.map(goQuote).join(", ")}`,
    });
  if (errs.length === 0) return undefined;
  const texts = errs.map((e) => `${e.field}: ${e.body}`);
  return status(
    422,
    `PatchOptions.meta.k8s.io "" is invalid: ${texts.length === 1 ? texts[0] : `[${texts.join(", ")}]`}`,
    "Invalid",
    {
      group: "meta.k8s.io",
      kind: "PatchOptions",
      causes: errs.map((e) => ({ reason: e.type, message: e.body, field: e.field })),
    },
  );
}

/**
 * The field manager the server records for a non-apply write without `fieldManager`: the User-Agent up to its
 * first `/`, printable characters only, at most 128 bytes.
 */
export function fieldManagerFromUserAgent(userAgent: string | undefined): string {
  let out = "";
  for (const ch of (userAgent ?? "").split("/")[0]!) {
    if (!isPrint(ch)) continue;
    if (utf8Length(out + ch) > FIELD_MANAGER_MAX_LENGTH) break;
    out += ch;
  }
  return out;
}
