/**
 * Redaction of JSON text that does not parse: a body cut short. kubectl truncates the bodies it logs at 1024 or
 * 10240 bytes, and a dropped connection ends one early; a Secret in such a body must not survive because the text
 * is no longer a JSON document. A tokenizer walks the text keeping track of keys, and replaces the scalar values
 * that sit where a secret sits: everything under `data`/`stringData` when the text may be a Secret, and the value
 * of a credential key anywhere. It errs on the side of redacting: a truncated body is evidence, not data to replay.
 */

/** Keys whose scalar value is a credential in any object (TokenRequest, TokenReview, ExecCredential, kubeconfig). */
const CREDENTIAL_KEY =
  /^(?:token|password|passwd|clientKeyData|client-key-data|client-key|id-token|refresh-token|access-token|idToken|refreshToken|accessToken|bearerToken|kubectl\.kubernetes\.io\/last-applied-configuration)$/i;
const SECRET_MAP_KEY = /^(?:data|stringData)$/;

interface Frame {
  type: "object" | "array";
  /** The key whose value comes next (objects only). */
  key: string | undefined;
  expectingKey: boolean;
  /** Inside a Secret's data map: every scalar below is a secret value. */
  secretValues: boolean;
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
 * nothing was replaced. `marker` turns a secret value into its redaction marker.
 */
export function redactPartialJsonText(
  text: string,
  mayBeSecret: boolean,
  marker: (value: string) => string,
): string | undefined {
  const stack: Frame[] = [];
  let out = "";
  let copied = 0;
  let changed = false;

  const valueIsSecret = (): boolean => {
    const top = stack.at(-1);
    if (!top) return false;
    if (top.secretValues) return true;
    if (top.type !== "object" || top.key === undefined) return false;
    if (CREDENTIAL_KEY.test(top.key)) return top.key.includes("last-applied") ? mayBeSecret : true;
    return false;
  };
  const afterValue = () => {
    const top = stack.at(-1);
    if (top?.type === "object") {
      top.key = undefined;
      top.expectingKey = false;
    }
  };
  const replace = (start: number, end: number, replacement: string) => {
    out += text.slice(copied, start) + replacement;
    copied = end;
    changed = true;
  };

  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "{" || c === "[") {
      const top = stack.at(-1);
      const secretValues =
        Boolean(top?.secretValues) ||
        (mayBeSecret && top?.type === "object" && top.key !== undefined && SECRET_MAP_KEY.test(top.key));
      stack.push({
        type: c === "{" ? "object" : "array",
        key: undefined,
        expectingKey: c === "{",
        secretValues,
      });
      i++;
    } else if (c === "}" || c === "]") {
      stack.pop();
      afterValue();
      i++;
    } else if (c === ",") {
      const top = stack.at(-1);
      if (top?.type === "object") top.expectingKey = true;
      i++;
    } else if (c === ":") {
      i++;
    } else if (c === '"') {
      const token = scanString(text, i);
      const top = stack.at(-1);
      if (top?.type === "object" && top.expectingKey && top.key === undefined) {
        top.key = token.value;
        top.expectingKey = false;
      } else {
        if (valueIsSecret()) {
          const m = JSON.stringify(marker(token.value));
          replace(i, token.end, token.closed ? m : m.slice(0, -1));
        }
        afterValue();
      }
      i = token.end;
    } else if (/[-0-9tfn]/.test(c)) {
      let end = i + 1;
      while (end < text.length && /[-+.0-9a-zA-Z]/.test(text[end]!)) end++;
      const raw = text.slice(i, end);
      if (raw !== "null" && valueIsSecret()) replace(i, end, JSON.stringify(marker(raw)));
      afterValue();
      i = end;
    } else {
      i++;
    }
  }
  return changed ? out + text.slice(copied) : undefined;
}
