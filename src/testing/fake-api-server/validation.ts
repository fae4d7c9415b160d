/**
 * The validation the in-memory server applies, with kube-apiserver's messages (apimachinery `util/validation`,
 * `pkg/apis/core/validation`): names, labels, annotations, and the payload rules of Secrets and ConfigMaps. Not
 * every built-in kind's schema: objects of other kinds are stored as sent, after metadata validation.
 */
import { decodeBase64 } from "../../normalize/secret-data.js";
import type { FieldError } from "./status.js";

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** apimachinery `RegexError`: the message, examples and the regex (note Go's doubled space before "or"). */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let out = `${msg} (e.g. `;
  examples.forEach((e, i) => {
    if (i > 0) out += " or ";
    out += `'${e}', `;
  });
  return `${out}regex used for validation is '${fmt}')`;
}

const maxLenError = (n: number) => `must be no more than ${n} characters`;

const DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_LABEL = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
const DNS1035_LABEL = new RegExp(`^${DNS1035_LABEL_FMT}$`);

export function isDns1123Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!DNS1123_LABEL.test(value))
    errs.push(
      regexError(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
        DNS1123_LABEL_FMT,
        "my-name",
        "123-abc",
      ),
    );
  return errs;
}

export function isDns1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!DNS1123_SUBDOMAIN.test(value))
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN_FMT,
        "example.com",
      ),
    );
  return errs;
}

export function isDns1035Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!DNS1035_LABEL.test(value))
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        DNS1035_LABEL_FMT,
        "my-name",
        "abc-123",
      ),
    );
  return errs;
}

/** `path.IsValidPathSegmentName`: RBAC objects may be named almost anything that fits in a URL segment. */
export function isPathSegmentName(value: string): string[] {
  if (value === "." || value === "..") return [`may not be '${value}'`];
  const errs: string[] = [];
  for (const c of ["/", "%"]) if (value.includes(c)) errs.push(`may not contain '${c}'`);
  return errs;
}

const QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const QUALIFIED_NAME = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const QUALIFIED_NAME_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split("/");
  let name: string;
  if (parts.length === 1) {
    name = parts[0]!;
  } else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push("prefix part must be non-empty");
    else errs.push(...isDns1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push("name part must be non-empty");
  else if (name.length > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!QUALIFIED_NAME.test(name))
    errs.push(
      `name part ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")}`,
    );
  return errs;
}

const LABEL_VALUE_FMT = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
const LABEL_VALUE = new RegExp(`^${LABEL_VALUE_FMT}$`);

export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!LABEL_VALUE.test(value))
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE_FMT,
        "MyValue",
        "my_value",
        "12345",
      ),
    );
  return errs;
}

const CONFIG_KEY_FMT = "[-._a-zA-Z0-9]+";
const CONFIG_KEY = new RegExp(`^${CONFIG_KEY_FMT}$`);

export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!CONFIG_KEY.test(value))
    errs.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        CONFIG_KEY_FMT,
        "key.name",
        "KEY_NAME",
        "key-name",
      ),
    );
  if (value === ".") errs.push("must not be '.'");
  else if (value === "..") errs.push("must not be '..'");
  else if (value.startsWith("..")) errs.push("must not start with '..'");
  return errs;
}

/** `field.Path.Key(k)`: `data[tls.crt]`. */
export function keyPath(parent: string, key: string): string {
  return `${parent}[${key}]`;
}

/** Which naming rule a resource's object names follow (`ValidateObjectMeta`'s nameFn). */
export type NameRule = "subdomain" | "label" | "dns1035" | "path-segment";

export function nameRuleFor(group: string, resource: string): NameRule {
  if (group === "" && resource === "namespaces") return "label";
  if (group === "" && resource === "services") return "dns1035";
  if (group === "rbac.authorization.k8s.io") return "path-segment";
  return "subdomain";
}

function checkName(rule: NameRule, name: string): string[] {
  switch (rule) {
    case "label":
      return isDns1123Label(name);
    case "dns1035":
      return isDns1035Label(name);
    case "path-segment":
      return isPathSegmentName(name);
    case "subdomain":
      return isDns1123Subdomain(name);
  }
}

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** `ValidateObjectMeta` for the fields the server looks at: name, labels, annotations. */
export function validateObjectMeta(meta: Obj, rule: NameRule): FieldError[] {
  const errors: FieldError[] = [];
  const name = typeof meta.name === "string" ? meta.name : "";
  for (const msg of checkName(rule, name))
    errors.push({ type: "FieldValueInvalid", field: "metadata.name", value: name, detail: msg });
  if (isObj(meta.labels)) {
    for (const [k, v] of Object.entries(meta.labels)) {
      for (const msg of isQualifiedName(k))
        errors.push({ type: "FieldValueInvalid", field: "metadata.labels", value: k, detail: msg });
      for (const msg of isValidLabelValue(String(v)))
        errors.push({ type: "FieldValueInvalid", field: "metadata.labels", value: v, detail: msg });
    }
  }
  if (isObj(meta.annotations)) {
    let total = 0;
    for (const [k, v] of Object.entries(meta.annotations)) {
      for (const msg of isQualifiedName(k.toLowerCase()))
        errors.push({ type: "FieldValueInvalid", field: "metadata.annotations", value: k, detail: msg });
      total += k.length + String(v).length;
    }
    if (total > TOTAL_ANNOTATION_SIZE_LIMIT)
      errors.push({
        type: "FieldValueTooLong",
        field: "metadata.annotations",
        detail: `must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes`,
      });
  }
  return errors;
}

const MAX_SECRET_SIZE = 1024 * 1024;

/** `ValidateSecret`: keys, total size, and the keys each well-known type requires. Values are never printed. */
export function validateSecret(secret: Obj): FieldError[] {
  const errors: FieldError[] = [];
  const data = isObj(secret.data) ? (secret.data as Record<string, string>) : {};
  let total = 0;
  for (const [key, value] of Object.entries(data)) {
    for (const msg of isConfigMapKey(key))
      errors.push({ type: "FieldValueInvalid", field: keyPath("data", key), value: key, detail: msg });
    total += decodeBase64(value).length;
  }
  if (total > MAX_SECRET_SIZE)
    errors.push({
      type: "FieldValueTooLong",
      field: "data",
      detail: `must have at most ${MAX_SECRET_SIZE} bytes`,
    });
  const required = (key: string) => {
    if (!(key in data)) errors.push({ type: "FieldValueRequired", field: keyPath("data", key) });
  };
  switch (secret.type) {
    case "kubernetes.io/tls":
      required("tls.crt");
      required("tls.key");
      break;
    case "kubernetes.io/ssh-auth":
      required("ssh-privatekey");
      break;
    case "kubernetes.io/basic-auth":
      if (!("username" in data) && !("password" in data)) {
        required("username");
        required("password");
      }
      break;
    case "kubernetes.io/dockerconfigjson":
      required(".dockerconfigjson");
      break;
    case "kubernetes.io/dockercfg":
      required(".dockercfg");
      break;
    case "kubernetes.io/service-account-token": {
      const annotations =
        isObj(secret.metadata) && isObj(secret.metadata.annotations) ? secret.metadata.annotations : {};
      if (!annotations["kubernetes.io/service-account.name"])
        errors.push({
          type: "FieldValueRequired",
          field: `metadata.annotations[kubernetes.io/service-account.name]`,
        });
      break;
    }
  }
  return errors;
}

/** `ValidateConfigMap`: keys of data and binaryData, no key in both. */
export function validateConfigMap(cm: Obj): FieldError[] {
  const errors: FieldError[] = [];
  const data = isObj(cm.data) ? cm.data : {};
  const binary = isObj(cm.binaryData) ? cm.binaryData : {};
  for (const key of Object.keys(data))
    for (const msg of isConfigMapKey(key))
      errors.push({ type: "FieldValueInvalid", field: keyPath("data", key), value: key, detail: msg });
  for (const key of Object.keys(binary)) {
    for (const msg of isConfigMapKey(key))
      errors.push({ type: "FieldValueInvalid", field: keyPath("binaryData", key), value: key, detail: msg });
    if (key in data)
      errors.push({
        type: "FieldValueInvalid",
        field: keyPath("binaryData", key),
        value: key,
        detail: "duplicate of key present in data",
      });
  }
  return errors;
}

function deepEqualJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Update rules of Secrets and ConfigMaps: `type` is immutable, and `immutable: true` freezes the payload. */
export function validatePayloadUpdate(kind: "Secret" | "ConfigMap", next: Obj, prev: Obj): FieldError[] {
  const errors: FieldError[] = [];
  if (kind === "Secret" && (next.type ?? "Opaque") !== (prev.type ?? "Opaque"))
    errors.push({ type: "FieldValueInvalid", field: "type", value: next.type, detail: "field is immutable" });
  if (prev.immutable === true) {
    const frozen = "field is immutable when `immutable` is set";
    if (next.immutable !== true)
      errors.push({ type: "FieldValueForbidden", field: "immutable", detail: frozen });
    const fields = kind === "Secret" ? ["data"] : ["data", "binaryData"];
    for (const f of fields)
      if (!deepEqualJson(next[f], prev[f]))
        errors.push({ type: "FieldValueForbidden", field: f, detail: frozen });
  }
  return errors;
}
