import { readFile } from "node:fs/promises";
import type { ErrorObject, ValidateFunction } from "ajv";
import { KubewireError } from "../../errors.js";
import { parseJsonLossless } from "../../normalize/lossless-json.js";
import { ajvClass } from "../../internal/lazy-modules.js";
import { formatPath } from "../../internal/json-path.js";
import type { PathSegment } from "../../internal/json-path.js";
import { isJsonObject } from "../../internal/json.js";

/** An OpenAPI document kubewire cannot use (no `components.schemas` or `definitions`). */
export class OpenApiDocumentError extends KubewireError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("KUBEWIRE_OPENAPI_DOCUMENT", message, options);
    this.name = "OpenApiDocumentError";
  }
}

/**
 * One problem with an object: where (a jq-style path), which rule, and the JSON type of the value found there
 * (`absent` when missing). Never the value itself, so a Secret's data cannot leak through an error.
 */
export interface ValidationIssue {
  path: string;
  /**
   * The rule: a JSON Schema keyword (`type`, `required`, `enum`, `format`, `oneOf`, `minimum`...),
   * `unknown-field` for a field the schema does not have, `type-meta` for a missing apiVersion or kind, or
   * `no-schema` when no document describes the object's kind.
   */
  rule: string;
  message: string;
  valueType: string;
}

/**
 * What {@link OpenApiValidator.validate} found, with every issue and the schema it checked against.
 */
export interface ValidationResult {
  valid: boolean;
  issues: ValidationIssue[];
  /** The schema the object was checked against (its OpenAPI component name), when one was found. */
  schema?: string;
}

/** Options of {@link createOpenApiValidator}, saying how strict to be about fields the schema does not declare. */
export interface OpenApiValidatorOptions {
  /**
   * Fields the schema does not declare: `error` (the default, as the API server's `fieldValidation=Strict` and
   * kubectl's default `--validate=strict`) or `ignore`. Schemas with `x-kubernetes-preserve-unknown-fields` keep
   * any field either way.
   */
  unknownFields?: "error" | "ignore";
}

/**
 * Options of one {@link OpenApiValidator.validate} call, the type to assume when the object does not name one.
 */
export interface ValidateOptions {
  /** Validate against this type when the object does not say (its missing apiVersion/kind is still an issue). */
  apiVersion?: string;
  kind?: string;
}

/** A validator over one or more OpenAPI documents; each schema is compiled once, on first use, and cached. */
export interface OpenApiValidator {
  validate(object: unknown, options?: ValidateOptions): ValidationResult;
  /** How many schemas have been compiled so far (each GroupVersionKind at most once). */
  readonly compilations: number;
  /** The `apiVersion`/`kind` pairs the documents describe. */
  kinds(): { apiVersion: string; kind: string }[];
}

type Obj = Record<string, unknown>;

/**
 * The schema as kubewire validates it: OpenAPI and Kubernetes extensions turned into plain JSON Schema that ajv
 * checks (int-or-string, preserve-unknown-fields, embedded resources, strict unknown fields).
 */
function prepare(schema: unknown, strictFields: boolean): unknown {
  if (Array.isArray(schema)) return schema.map((s) => prepare(s, strictFields));
  if (!isJsonObject(schema)) return schema;
  const out: Obj = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === "properties" || k === "patternProperties") {
      out[k] = isJsonObject(v)
        ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, prepare(s, strictFields)]))
        : v;
    } else if (k === "items" || k === "additionalProperties" || k === "not") {
      out[k] = typeof v === "boolean" ? v : prepare(v, strictFields);
    } else if (k === "allOf" || k === "anyOf" || k === "oneOf") {
      out[k] = prepare(v, strictFields);
    } else if (k === "description" || k === "default" || k === "example") {
      // Not needed to validate; dropping them keeps the compiled code small.
    } else out[k] = v;
  }
  if (
    out["x-kubernetes-int-or-string"] === true &&
    !("type" in out) &&
    !("anyOf" in out) &&
    !("oneOf" in out)
  )
    out.type = ["integer", "string"];
  if (out["x-kubernetes-embedded-resource"] === true) {
    const required = Array.isArray(out.required) ? (out.required as string[]) : [];
    out.required = [...new Set([...required, "apiVersion", "kind"])];
  }
  const preserve = out["x-kubernetes-preserve-unknown-fields"] === true;
  if (strictFields && !preserve && isJsonObject(out.properties) && !("additionalProperties" in out))
    out.additionalProperties = false;
  return out;
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const FORMATS = {
  int32: {
    type: "number" as const,
    validate: (n: number) => Number.isInteger(n) && n >= INT32.min && n <= INT32.max,
  },
  int64: { type: "number" as const, validate: (n: number) => Number.isInteger(n) },
  float: true,
  double: true,
  byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  "date-time": /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  "int-or-string": true,
  // Formats Kubernetes uses loosely; the API server checks them itself.
  uri: true,
  email: true,
  hostname: true,
  ipv4: true,
  ipv6: true,
  cidr: true,
  mac: true,
  uuid: true,
  password: true,
  duration: true,
  quantity: true,
} as const;

function jsonType(v: unknown): string {
  if (v === undefined) return "absent";
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number" || typeof v === "bigint")
    return Number.isInteger(Number(v)) ? "integer" : "number";
  return typeof v;
}

/**
 * bigint (from a lossless parse) as a number: ajv's `integer` does not know bigint, and validation needs no digits.
 * The object itself when there is nothing to change, the usual case: copying every object before validating it
 * cost more than ajv's check.
 */
function withoutBigints(v: unknown): unknown {
  return needsCopy(v) ? copyWithoutBigints(v) : v;
}

/** Whether {@link copyWithoutBigints} could give something else than the value: a bigint, or anything but plain JSON. */
function needsCopy(v: unknown): boolean {
  if (typeof v === "bigint") return true;
  if (typeof v !== "object" || v === null) return false;
  if (Array.isArray(v)) {
    for (const x of v) if (needsCopy(x)) return true;
    return false;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return true;
  for (const k in v) {
    if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
    if (k === "__proto__" || needsCopy((v as Obj)[k])) return true;
  }
  return false;
}

function copyWithoutBigints(v: unknown): unknown {
  if (typeof v === "bigint") return Number(v);
  if (Array.isArray(v))
    return v.some((x) => typeof x === "bigint" || typeof x === "object") ? v.map(copyWithoutBigints) : v;
  if (isJsonObject(v)) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) out[k] = copyWithoutBigints(x);
    return out;
  }
  return v;
}

/** A JSON pointer into `data` as path segments, indices where the data holds arrays. */
function pointerSegments(data: unknown, pointer: string): { segments: PathSegment[]; value: unknown } {
  const segments: PathSegment[] = [];
  let cur = data;
  if (pointer === "") return { segments, value: cur };
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(cur)) {
      segments.push(Number(key));
      cur = cur[Number(key)] as unknown;
    } else {
      segments.push(key);
      cur = isJsonObject(cur) ? cur[key] : undefined;
    }
  }
  return { segments, value: cur };
}

function branchTypes(schema: unknown): string {
  if (!Array.isArray(schema)) return "one of the allowed forms";
  const types = schema.map((s) => (isJsonObject(s) && typeof s.type === "string" ? s.type : "another form"));
  return types.join(" or ");
}

function issuesOf(errors: ErrorObject[], data: unknown): ValidationIssue[] {
  // An int-or-string (oneOf/anyOf) mismatch is one issue, not one per branch.
  const unions = errors.filter((e) => e.keyword === "oneOf" || e.keyword === "anyOf");
  const inUnion = (e: ErrorObject) =>
    unions.some(
      (u) => u !== e && e.instancePath === u.instancePath && e.schemaPath.startsWith(u.schemaPath + "/"),
    );
  const seen = new Set<string>();
  const out: ValidationIssue[] = [];
  for (const e of errors) {
    if (inUnion(e)) continue;
    let { segments, value } = pointerSegments(data, e.instancePath);
    let rule = e.keyword;
    let message = e.message ?? rule;
    if (e.keyword === "additionalProperties") {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      segments = [...segments, key];
      value = isJsonObject(value) ? value[key] : undefined;
      rule = "unknown-field";
      message = `unknown field ${JSON.stringify(key)}`;
    } else if (e.keyword === "required") {
      const key = String((e.params as { missingProperty: string }).missingProperty);
      segments = [...segments, key];
      value = undefined;
      message = "required field is missing";
    } else if (e.keyword === "type") {
      message = `must be ${String((e.params as { type: string | string[] }).type)
        .split(",")
        .join(" or ")}`;
    } else if (e.keyword === "enum") {
      message = `must be one of: ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String).join(", ")}`;
    } else if (e.keyword === "oneOf" || e.keyword === "anyOf") {
      message = `must be ${branchTypes(e.schema)}`;
    }
    const issue = { path: formatPath(segments), rule, message, valueType: jsonType(value) };
    const key = `${issue.path} ${issue.rule} ${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(issue);
  }
  return out;
}

function groupOf(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf("/");
  return i < 0
    ? { group: "", version: apiVersion }
    : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/**
 * A validator for Kubernetes objects from the cluster's OpenAPI v3 documents (`GET /openapi/v3/<group-version>`,
 * parsed; v2's `definitions` work too). The schema is picked by the object's apiVersion and kind
 * (`x-kubernetes-group-version-kind`), `$ref`s resolve within each document, and every schema is compiled once and
 * cached: validating many objects costs one compilation per kind.
 *
 * @example
 * const validator = createOpenApiValidator(JSON.parse(coreV1Document));
 * validator.validate({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" }, data: { a: 1 } }).issues;
 * // [{ path: ".data.a", rule: "type", message: "must be string", valueType: "integer" }]
 */
export function createOpenApiValidator(
  documents: unknown,
  options: OpenApiValidatorOptions = {},
): OpenApiValidator {
  const docs = Array.isArray(documents) ? (documents as unknown[]) : [documents];
  const strictFields = (options.unknownFields ?? "error") === "error";
  const Ajv = ajvClass();
  const ajv = new Ajv({
    strict: false,
    logger: false,
    allErrors: true,
    verbose: true,
    validateSchema: false,
    formats: FORMATS,
  });
  /** `group/version/kind` → the document id and component name of its schema. */
  const byGvk = new Map<string, { ref: string; name: string }>();
  docs.forEach((doc, index) => {
    if (!isJsonObject(doc)) throw new OpenApiDocumentError(`OpenAPI document ${index} is not an object`);
    const components = isJsonObject(doc.components) ? doc.components : undefined;
    const v3 = components && isJsonObject(components.schemas) ? components.schemas : undefined;
    const v2 = isJsonObject(doc.definitions) ? doc.definitions : undefined;
    if (!v3 && !v2)
      throw new OpenApiDocumentError(
        `OpenAPI document ${index} has neither components.schemas (v3) nor definitions (v2)`,
      );
    const id = `https://kubewire.invalid/openapi/${index}.json`;
    const prepared = (schemas: Obj) =>
      Object.fromEntries(Object.entries(schemas).map(([name, s]) => [name, prepare(s, strictFields)]));
    ajv.addSchema(
      {
        $id: id,
        ...(v3 ? { components: { schemas: prepared(v3) } } : {}),
        ...(v2 ? { definitions: prepared(v2) } : {}),
      },
      undefined,
      undefined,
      false,
    );
    for (const [name, schema] of Object.entries(v3 ?? v2!)) {
      const gvks = isJsonObject(schema) ? schema["x-kubernetes-group-version-kind"] : undefined;
      if (!Array.isArray(gvks)) continue;
      for (const gvk of gvks) {
        if (!isJsonObject(gvk)) continue;
        if (typeof gvk.version !== "string" || typeof gvk.kind !== "string") continue;
        const key = `${typeof gvk.group === "string" ? gvk.group : ""}/${gvk.version}/${gvk.kind}`;
        if (!byGvk.has(key))
          byGvk.set(key, { ref: `${id}#/${v3 ? "components/schemas" : "definitions"}/${name}`, name });
      }
    }
  });

  const compiled = new Map<string, ValidateFunction>();
  let compilations = 0;
  const validatorFor = (ref: string): ValidateFunction => {
    let fn = compiled.get(ref);
    if (!fn) {
      fn = ajv.compile({ $ref: ref });
      compilations++;
      compiled.set(ref, fn);
    }
    return fn;
  };

  return {
    get compilations() {
      return compilations;
    },
    kinds() {
      return [...byGvk.keys()].map((k) => {
        const [group, version, kind] = k.split("/") as [string, string, string];
        return { apiVersion: group ? `${group}/${version}` : version, kind };
      });
    },
    validate(object: unknown, validateOptions: ValidateOptions = {}): ValidationResult {
      const issues: ValidationIssue[] = [];
      if (!isJsonObject(object))
        return {
          valid: false,
          issues: [{ path: ".", rule: "type", message: "must be object", valueType: jsonType(object) }],
        };
      const typeMeta = (field: "apiVersion" | "kind") => {
        const v = object[field];
        if (typeof v === "string" && v !== "") return v;
        issues.push({
          path: `.${field}`,
          rule: "type-meta",
          message:
            "an object sent to the API server needs apiVersion and kind; items of a built-in list come without them (normalize the list first)",
          valueType: jsonType(v),
        });
        return undefined;
      };
      const apiVersion = typeMeta("apiVersion") ?? validateOptions.apiVersion;
      const kind = typeMeta("kind") ?? validateOptions.kind;
      if (apiVersion === undefined || kind === undefined) return { valid: false, issues };
      const { group, version } = groupOf(apiVersion);
      const target = byGvk.get(`${group}/${version}/${kind}`);
      if (!target) {
        issues.push({
          path: ".",
          rule: "no-schema",
          message: `no schema for ${apiVersion} ${kind} in the OpenAPI documents given`,
          valueType: "object",
        });
        return { valid: false, issues };
      }
      const validate = validatorFor(target.ref);
      const data = withoutBigints(object);
      if (!validate(data)) issues.push(...issuesOf(validate.errors ?? [], data));
      return { valid: issues.length === 0, issues, schema: target.name };
    },
  };
}

/**
 * Reads a saved OpenAPI document (e.g. the body of `GET /openapi/v3/api/v1`), keeping every digit.
 *
 * @example
 * const validator = createOpenApiValidator(await readOpenApiDocument("openapi-v3-api-v1.json"));
 */
export async function readOpenApiDocument(file: string): Promise<unknown> {
  const text = await readFile(file, "utf8");
  try {
    return parseJsonLossless(text);
  } catch (cause) {
    throw new OpenApiDocumentError(`${file} is not a JSON document`, { cause });
  }
}
