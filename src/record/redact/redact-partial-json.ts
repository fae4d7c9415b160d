/**
 * Redaction of JSON text that does not parse: a body cut short. kubectl truncates the bodies it logs at 1024 or
 * 10240 bytes, and a dropped connection ends one early; a Secret in such a body must not survive because the text
 * is no longer a JSON document. A tokenizer walks the text keeping track of keys, and replaces the scalar values
 * that sit where a secret sits: everything under `data`/`stringData` when the text may be a Secret, and the value
 * of a credential key anywhere. It errs on the side of redacting: a truncated body is evidence, not data to replay.
 */

import {
  CREDENTIAL_NAME_WORD,
  isSecretFieldName,
  isSecretFlagItem,
  LAST_APPLIED,
  SECRET_ARGUMENT,
  SECRET_FLAG,
} from "./secret-policy.js";

const SECRET_MAP_KEY = /^(?:data|stringData)$/;

interface Frame {
  type: "object" | "array";
  /** The key this container sits under in its parent object (undefined in an array). */
  name: string | undefined;
  /** The key whose value comes next (objects only). */
  key: string | undefined;
  /** What JSON's grammar allows next. */
  expect: "key" | "colon" | "value" | "comma";
  /** Nothing in it yet: it may close at once. */
  empty: boolean;
  /** Inside a Secret's data map: every scalar below is a secret value. */
  secretValues: boolean;
  /** The previous string of an array (an exec plugin's `--token` before its value). */
  lastString?: string;
  /** An object whose `name` or `key` named a secret (`{"name":"DB_PASSWORD",`): its `value` after it is one. */
  secretEntry?: boolean;
}

/** A JSON string token from `start` (the opening quote); `end` is after the closing quote, or text.length if cut. */
function scanString(text: string, start: number): { end: number; closed: boolean; value: string } {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\") i += 2;
    else if (c === '"') return { end: i + 1, closed: true, value: decode(text.slice(start, i + 1)) };
    else i++;
  }
  return { end: text.length, closed: false, value: decodePartial(text.slice(start)) };
}

function decode(token: string): string {
  try {
    return JSON.parse(token) as string;
  } catch {
    return token.slice(1, -1);
  }
}

/** Decodes a string cut short: drops a dangling escape, then closes the quote. */
function decodePartial(token: string): string {
  for (let cut = token.length; cut >= Math.max(1, token.length - 6); cut--) {
    try {
      return JSON.parse(token.slice(0, cut) + '"') as string;
    } catch {
      // A partial escape such as `\u00`: try a shorter prefix.
    }
  }
  return token.slice(1);
}

/**
 * Redacts what is secret in a JSON text that may be cut short. `mayBeSecret` says whether `data`/`stringData`
 * maps hold Secret values (the URL addresses secrets, or the text names the Secret kind). Returns undefined when
 * nothing was replaced. `marker` turns a secret value into its redaction marker. A string value for which
 * `holdsDocument` is true (a kubeconfig or a Secret manifest inside a ConfigMap value) goes whole: cut short, it
 * cannot be parsed to redact in part. A text that is not a prefix of a JSON document (garbage, documents run
 * together) cannot be read token by token at all, and comes back whole as one marker.
 */
export function redactPartialJsonText(
  text: string,
  mayBeSecret: boolean,
  marker: (value: string) => string,
  holdsDocument: (value: string) => boolean = () => false,
): string | undefined {
  const stack: Frame[] = [];
  let out = "";
  let copied = 0;
  let changed = false;

  /** `literal`: the value is `true`/`false` (a secret field name's flag says nothing; a Secret's data value does). */
  const valueIsSecret = (literal = false): boolean => {
    const top = stack.at(-1);
    if (!top) return false;
    if (top.secretValues) return true;
    // An array under a secret field name: each scalar in it is a secret value (see redactSecretArray).
    if (top.type === "array") return top.name !== undefined && isSecretFieldName(top.name) && !literal;
    if (top.key === undefined) return false;
    if (top.key === LAST_APPLIED) return mayBeSecret;
    if (isSecretFieldName(top.key)) return !literal;
    if (top.key === "value" && top.secretEntry === true) return !literal;
    // kubeconfig users: auth-provider config entries, exec plugin environment values.
    const parent = stack.at(-2);
    if (top.name === "config" && parent?.name === "auth-provider" && CREDENTIAL_NAME_WORD.test(top.key))
      return true;
    if (top.key === "value" && parent?.name === "env" && stack.at(-3)?.name === "exec") return true;
    return false;
  };
  /** An exec plugin argument's replacement (its flag kept), or undefined when the argument holds no credential. */
  const secretArgument = (value: string): string | undefined => {
    const top = stack.at(-1);
    if (top?.type !== "array") return undefined;
    const exec = top.name === "args" && stack.at(-2)?.name === "exec";
    const previous = top.lastString;
    top.lastString = value;
    // Any list: the item after a flag named like a secret standing alone (`["--password", "x"]`).
    const flag = previous !== undefined && (exec ? SECRET_FLAG.test(previous) : isSecretFlagItem(previous));
    if (flag && !value.startsWith("-")) return marker(value);
    if (!exec) return undefined;
    const m = SECRET_ARGUMENT.exec(value);
    return m ? `${m[1]}${marker(m[2]!)}` : undefined;
  };
  let rootDone = false;
  const inValuePosition = (): boolean => {
    const top = stack.at(-1);
    return top ? top.expect === "value" : !rootDone;
  };
  const afterValue = () => {
    const top = stack.at(-1);
    if (!top) {
      rootDone = true;
      return;
    }
    top.expect = "comma";
    top.empty = false;
    if (top.type === "object") top.key = undefined;
  };
  const replace = (start: number, end: number, replacement: string) => {
    out += text.slice(copied, start) + replacement;
    copied = end;
    changed = true;
  };

  // Only a prefix of a JSON document can be read token by token: text that breaks the grammar (garbage, two
  // documents run together) could put any secret where a key or plain text seems to be, so it goes whole.
  let broken = false;
  let i = 0;
  while (i < text.length && !broken) {
    const c = text[i]!;
    const top = stack.at(-1);
    if (c === "{" || c === "[") {
      if (!inValuePosition()) {
        broken = true;
        break;
      }
      const secretValues =
        Boolean(top?.secretValues) ||
        (mayBeSecret && top?.type === "object" && top.key !== undefined && SECRET_MAP_KEY.test(top.key));
      // An array in an array under a secret field name is under that name too (see redactSecretArray).
      const inSecretArray =
        c === "[" && top?.type === "array" && top.name !== undefined && isSecretFieldName(top.name);
      stack.push({
        type: c === "{" ? "object" : "array",
        name: top?.type === "object" ? top.key : inSecretArray ? top.name : undefined,
        key: undefined,
        expect: c === "{" ? "key" : "value",
        empty: true,
        secretValues,
      });
      i++;
    } else if (c === "}" || c === "]") {
      const closes =
        top?.type === (c === "}" ? "object" : "array") &&
        (top.expect === "comma" || (top.empty && top.expect === (c === "}" ? "key" : "value")));
      if (!closes) {
        broken = true;
        break;
      }
      stack.pop();
      afterValue();
      i++;
    } else if (c === ",") {
      if (top?.expect !== "comma") {
        broken = true;
        break;
      }
      top.expect = top.type === "object" ? "key" : "value";
      i++;
    } else if (c === ":") {
      if (top?.type !== "object" || top.expect !== "colon") {
        broken = true;
        break;
      }
      top.expect = "value";
      i++;
    } else if (c === '"') {
      const token = scanString(text, i);
      if (top?.type === "object" && top.expect === "key") {
        top.key = token.value;
        top.expect = "colon";
      } else if (inValuePosition()) {
        if (
          top?.type === "object" &&
          (top.key === "name" || top.key === "key") &&
          isSecretFieldName(token.value)
        )
          top.secretEntry = true;
        const argument =
          valueIsSecret() || holdsDocument(token.value) ? marker(token.value) : secretArgument(token.value);
        if (argument !== undefined) {
          const m = JSON.stringify(argument);
          replace(i, token.end, token.closed ? m : m.slice(0, -1));
        }
        afterValue();
      } else {
        broken = true;
        break;
      }
      i = token.end;
    } else if (/[-0-9tfn]/.test(c)) {
      let end = i + 1;
      while (end < text.length && /[-+.0-9a-zA-Z]/.test(text[end]!)) end++;
      const raw = text.slice(i, end);
      const literal =
        /^-?\d[\d.eE+-]*$/.test(raw) ||
        ["true", "false", "null"].includes(raw) ||
        (end === text.length && (raw === "-" || ["true", "false", "null"].some((w) => w.startsWith(raw))));
      if (!literal || !inValuePosition()) {
        broken = true;
        break;
      }
      if (raw !== "null" && valueIsSecret(raw === "true" || raw === "false"))
        replace(i, end, JSON.stringify(marker(raw)));
      afterValue();
      i = end;
    } else if (c === " " || c === "\n" || c === "\r" || c === "\t") {
      i++;
    } else {
      broken = true;
    }
  }
  if (broken) return marker(text);
  return changed ? out + text.slice(copied) : undefined;
}
