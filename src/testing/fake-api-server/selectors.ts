/**
 * Label and field selectors, parsed like apimachinery's `labels.Parse` and `fields.ParseSelector` (the same
 * grammar, the same error messages), and matched against objects.
 */
import { isQualifiedName, isValidLabelValue } from "./validation.js";

// ---------------------------------------------------------------------------------------------------------------
// Label selectors (apimachinery pkg/labels/selector.go)
// ---------------------------------------------------------------------------------------------------------------

type Token = "error" | "eos" | ")" | "," | "!" | "==" | "=" | ">" | "id" | "in" | "<" | "!=" | "notin" | "(";

const STRING_TO_TOKEN: Record<string, Token> = {
  ")": ")",
  ",": ",",
  "!": "!",
  "==": "==",
  "=": "=",
  ">": ">",
  in: "in",
  "<": "<",
  "!=": "!=",
  notin: "notin",
  "(": "(",
};

const isWhitespace = (c: string) => c === " " || c === "\t" || c === "\r" || c === "\n";
const isSpecial = (c: string) => "=!(),><".includes(c);

function lex(s: string): { tok: Token; lit: string }[] {
  const items: { tok: Token; lit: string }[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos]!)) pos++;
    if (pos >= s.length) {
      items.push({ tok: "eos", lit: "" });
      return items;
    }
    if (isSpecial(s[pos]!)) {
      let buffer = "";
      let last: { tok: Token; lit: string } | undefined;
      while (pos < s.length && isSpecial(s[pos]!)) {
        buffer += s[pos];
        const t = STRING_TO_TOKEN[buffer];
        if (t) {
          last = { tok: t, lit: buffer };
          pos++;
        } else if (last) {
          break;
        } else {
          pos++;
        }
      }
      items.push(last ?? { tok: "error", lit: `error expected: keyword found '${buffer}'` });
      continue;
    }
    let buffer = "";
    while (pos < s.length && !isSpecial(s[pos]!) && !isWhitespace(s[pos]!)) buffer += s[pos++];
    const t = STRING_TO_TOKEN[buffer];
    items.push({ tok: t ?? "id", lit: buffer });
  }
}

export type LabelOperator = "in" | "notin" | "=" | "==" | "!=" | "exists" | "!" | "gt" | "lt";

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

/** A bad selector: the message is the one kube-apiserver answers 400 BadRequest with. */
export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SelectorError";
  }
}

const BINARY_OPERATORS = ["in", "notin", "=", "==", "!=", "gt", "lt"];

/** Parses a label selector (`app=blog,tier in (web,api),!legacy`); throws {@link SelectorError}. */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  const items = lex(selector);
  let position = 0;
  // In a value context, `in` and `notin` are plain identifiers.
  const asValue = (t: Token): Token => (t === "in" || t === "notin" ? "id" : t);
  const lookahead = (values: boolean) => {
    const it = items[position]!;
    return { tok: values ? asValue(it.tok) : it.tok, lit: it.lit };
  };
  const consume = (values: boolean) => {
    const it = items[position++]!;
    return { tok: values ? asValue(it.tok) : it.tok, lit: it.lit };
  };

  const parseRequirement = (): LabelRequirement => {
    let operator: LabelOperator | undefined;
    let { tok, lit } = consume(true);
    if (tok === "!") {
      operator = "!";
      ({ tok, lit } = consume(true));
    }
    if (tok !== "id") throw new Error(`found '${lit}', expected: identifier`);
    const keyErrors = isQualifiedName(lit);
    if (keyErrors.length > 0)
      throw new Error(`Invalid value: ${JSON.stringify(lit)}: ${keyErrors.join("; ")}`);
    const key = lit;
    const next = lookahead(true).tok;
    if (next === "eos" || next === ",") return { key, operator: operator ?? "exists", values: [] };
    if (operator === "!") return { key, operator, values: [] };
    const op = consume(false);
    const opMap: Partial<Record<Token, LabelOperator>> = {
      in: "in",
      "=": "=",
      "==": "==",
      ">": "gt",
      "<": "lt",
      notin: "notin",
      "!=": "!=",
    };
    const parsedOp = opMap[op.tok];
    if (!parsedOp) throw new Error(`found '${op.lit}', expected: ${BINARY_OPERATORS.join(", ")}`);
    let values: string[];
    if (parsedOp === "in" || parsedOp === "notin") {
      const open = consume(true);
      if (open.tok !== "(") throw new Error(`found '${open.lit}' expected: '('`);
      const first = lookahead(true);
      if (first.tok === ")") {
        consume(true);
        values = [""];
      } else if (first.tok === "id" || first.tok === ",") {
        const set = new Set<string>();
        for (;;) {
          const t = consume(true);
          if (t.tok === "id") {
            set.add(t.lit);
            const t2 = lookahead(true);
            if (t2.tok === ",") continue;
            if (t2.tok === ")") break;
            throw new Error(`found '${t2.lit}', expected: ',' or ')'`);
          } else if (t.tok === ",") {
            if (set.size === 0) set.add("");
            const t2 = lookahead(true).tok;
            if (t2 === ")") {
              set.add("");
              break;
            }
            if (t2 === ",") set.add("");
          } else {
            throw new Error(`found '${t.lit}', expected: ',', or identifier`);
          }
        }
        if (consume(true).tok !== ")") throw new Error(`found '${first.lit}', expected: ')'`);
        values = [...set].sort();
      } else {
        throw new Error(`found '${first.lit}', expected: ',', ')' or identifier`);
      }
    } else {
      const v = lookahead(true);
      if (v.tok === "eos" || v.tok === ",") values = [""];
      else {
        const t = consume(true);
        if (t.tok !== "id") throw new Error(`found '${t.lit}', expected: identifier`);
        values = [t.lit];
      }
    }
    for (const v of values) {
      const errs = isValidLabelValue(v);
      if (errs.length > 0)
        throw new Error(`values[0][${key}]: Invalid value: ${JSON.stringify(v)}: ${errs.join("; ")}`);
    }
    if ((parsedOp === "gt" || parsedOp === "lt") && !/^[-+]?\d+$/.test(values[0]!))
      throw new Error(
        `values[0]: Invalid value: ${JSON.stringify(values[0])}: for 'Gt', 'Lt' operators, the value must be an integer`,
      );
    return { key, operator: parsedOp, values };
  };

  const requirements: LabelRequirement[] = [];
  for (;;) {
    const { tok, lit } = lookahead(true);
    if (tok === "eos") break;
    if (tok !== "id" && tok !== "!")
      throw new SelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
    try {
      requirements.push(parseRequirement());
    } catch (error) {
      throw new SelectorError(`unable to parse requirement: ${(error as Error).message}`);
    }
    const t = consume(true);
    if (t.tok === "eos") break;
    if (t.tok === ",") {
      const t2 = lookahead(true);
      if (t2.tok !== "id" && t2.tok !== "!")
        throw new SelectorError(`found '${t2.lit}', expected: identifier after ','`);
      continue;
    }
    throw new SelectorError(`found '${t.lit}', expected: ',' or 'end of string'`);
  }
  return requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Whether a label set satisfies every requirement. */
export function matchLabels(
  requirements: readonly LabelRequirement[],
  labels: Record<string, string>,
): boolean {
  return requirements.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const value = labels[r.key];
    switch (r.operator) {
      case "in":
      case "=":
      case "==":
        return has && r.values.includes(value!);
      case "notin":
      case "!=":
        return !has || !r.values.includes(value!);
      case "exists":
        return has;
      case "!":
        return !has;
      case "gt":
      case "lt": {
        if (!has || !/^[-+]?\d+$/.test(value!)) return false;
        const a = BigInt(value!);
        const b = BigInt(r.values[0]!);
        return r.operator === "gt" ? a > b : a < b;
      }
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Field selectors (apimachinery pkg/fields/selector.go)
// ---------------------------------------------------------------------------------------------------------------

export interface FieldRequirement {
  field: string;
  operator: "=" | "!=";
  value: string;
}

function splitTerms(selector: string): string[] {
  if (selector.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < selector.length; i++) {
    if (escaped) escaped = false;
    else if (selector[i] === "\\") escaped = true;
    else if (selector[i] === ",") {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

function splitTerm(term: string): [string, string, string] | undefined {
  let escaped = false;
  for (let i = 0; i < term.length; i++) {
    if (escaped) {
      escaped = false;
      continue;
    }
    if (term[i] === "\\") {
      escaped = true;
      continue;
    }
    for (const op of ["!=", "==", "="]) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

function unescapeValue(s: string): string {
  if (!/[\\=,]/.test(s)) return s;
  let out = "";
  let escaped = false;
  for (const c of s) {
    if (escaped) {
      if (c !== "\\" && c !== "," && c !== "=")
        throw new SelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c;
      escaped = false;
      continue;
    }
    if (c === "\\") escaped = true;
    else if (c === "," || c === "=")
      throw new SelectorError(`invalid field selector: unescaped character in value: ${c}`);
    else out += c;
  }
  if (escaped) throw new SelectorError("invalid field selector: invalid escape sequence: \\");
  return out;
}

/** Parses a field selector (`metadata.name=a,type!=Opaque`); throws {@link SelectorError}. */
export function parseFieldSelector(selector: string): FieldRequirement[] {
  const out: FieldRequirement[] = [];
  for (const part of splitTerms(selector).sort()) {
    if (part === "") continue;
    const split = splitTerm(part);
    if (!split) throw new SelectorError(`invalid selector: '${selector}'; can't understand '${part}'`);
    const [field, op, rhs] = split;
    out.push({ field, operator: op === "!=" ? "!=" : "=", value: unescapeValue(rhs) });
  }
  return out;
}

/** The field selectors a resource supports beyond `metadata.name` and `metadata.namespace` (kube-apiserver 1.28). */
const EXTRA_FIELDS: Record<string, readonly string[]> = {
  "/secrets": ["type"],
  "/pods": [
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.schedulerName",
    "spec.serviceAccountName",
    "spec.hostNetwork",
    "status.phase",
    "status.podIP",
    "status.nominatedNodeName",
  ],
  "/events": [
    "involvedObject.kind",
    "involvedObject.namespace",
    "involvedObject.name",
    "involvedObject.uid",
    "involvedObject.apiVersion",
    "involvedObject.resourceVersion",
    "involvedObject.fieldPath",
    "reason",
    "reportingComponent",
    "source",
    "type",
  ],
  "/namespaces": ["status.phase"],
  "/nodes": ["spec.unschedulable"],
  "/replicationcontrollers": ["status.replicas"],
  "apps/replicasets": ["status.replicas"],
  "batch/jobs": ["status.successful"],
  "certificates.k8s.io/certificatesigningrequests": ["spec.signerName"],
};

function fieldValue(obj: Record<string, unknown>, path: string): string {
  if (path === "source") {
    // Events: `source` selects on source.component.
    path = "source.component";
  }
  let cur: unknown = obj;
  for (const part of path.split(".")) {
    cur = typeof cur === "object" && cur !== null ? (cur as Record<string, unknown>)[part] : undefined;
  }
  if (cur === undefined || cur === null)
    return path === "spec.unschedulable" || path === "spec.hostNetwork" ? "false" : "";
  return typeof cur === "string" ? cur : JSON.stringify(cur);
}

/**
 * Checks that every field in the selector is supported for the resource. Kinds with fields of their own refuse
 * others with their conversion function's words (`field label not supported: x`); every other kind with
 * apimachinery's default conversion's.
 */
export function checkFieldSelector(
  requirements: readonly FieldRequirement[],
  group: string,
  resource: string,
): void {
  const extra = EXTRA_FIELDS[`${group}/${resource}`];
  for (const r of requirements) {
    if (r.field === "metadata.name" || r.field === "metadata.namespace" || extra?.includes(r.field)) continue;
    throw new SelectorError(
      extra
        ? `field label not supported: ${r.field}`
        : `${JSON.stringify(r.field)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
    );
  }
}

export function matchFields(
  requirements: readonly FieldRequirement[],
  obj: Record<string, unknown>,
): boolean {
  return requirements.every((r) => {
    const v = fieldValue(obj, r.field);
    return r.operator === "=" ? v === r.value : v !== r.value;
  });
}

/**
 * A `metav1.LabelSelector` (`matchLabels`, `matchExpressions`) as its selector string
 * (`metav1.LabelSelectorAsSelector(s).String()`): requirements sorted by key, set values sorted.
 */
export function formatLabelSelector(selector: unknown): string {
  if (typeof selector !== "object" || selector === null) return "";
  const s = selector as { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
  const requirements: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(s.matchLabels ?? {}))
    requirements.push({ key, text: `${key}=${value}` });
  for (const e of s.matchExpressions ?? []) {
    const { key, operator, values } = e as { key: string; operator: string; values?: string[] };
    const set = [...new Set(values ?? [])].sort().join(",");
    const text =
      operator === "In"
        ? `${key} in (${set})`
        : operator === "NotIn"
          ? `${key} notin (${set})`
          : operator === "Exists"
            ? key
            : `!${key}`;
    requirements.push({ key, text });
  }
  return requirements
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => r.text)
    .join(",");
}

/** A set-based selector map (`ReplicationController.spec.selector`) as its selector string. */
export function formatSelectorMap(selector: unknown): string {
  if (typeof selector !== "object" || selector === null) return "";
  return Object.entries(selector as Record<string, string>)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
}
