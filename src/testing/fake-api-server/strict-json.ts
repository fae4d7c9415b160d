/**
 * JSON request bodies read the way kube-apiserver's strict decoder reads them (sigs.k8s.io/json): the value, and
 * the paths of fields given twice (`data`, `spec.template.spec.containers[0].name`), in the order met. For a typed
 * (built-in) kind a repeated object merges into the first, as Go decodes a struct or a map twice; a repeated
 * array or scalar replaces it. For a custom resource (decoded as unstructured maps) the last value wins.
 */

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** The parsed body and the fields it repeats. */
export interface StrictJson {
  value: unknown;
  duplicates: string[];
}

function merge(into: unknown, value: unknown): unknown {
  if (!isObj(into) || !isObj(value)) return value;
  for (const [k, v] of Object.entries(value)) into[k] = k in into ? merge(into[k], v) : v;
  return into;
}

/**
 * Reads a JSON text, noting repeated fields. Returns undefined when the text has none (the common case), so the
 * caller keeps its own fast `JSON.parse`; throws SyntaxError when it is not JSON.
 */
export function readStrictJson(text: string, typed: boolean): StrictJson | undefined {
  const duplicates: string[] = [];
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r"))
      i++;
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string): unknown => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const out: Obj = {};
      ws();
      if (text[i] === "}") {
        i++;
        return out;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') throw new SyntaxError(`expected a key at offset ${i}`);
        const key = string();
        ws();
        if (text[i++] !== ":") throw new SyntaxError(`expected ':' at offset ${i - 1}`);
        const child = path ? `${path}.${key}` : key;
        const v = value(child);
        if (Object.prototype.hasOwnProperty.call(out, key)) {
          duplicates.push(child);
          out[key] = typed ? merge(out[key], v) : v;
        } else out[key] = v;
        ws();
        const sep = text[i++];
        if (sep === "}") return out;
        if (sep !== ",") throw new SyntaxError(`expected ',' or '}' at offset ${i - 1}`);
      }
    }
    if (c === "[") {
      i++;
      const out: unknown[] = [];
      ws();
      if (text[i] === "]") {
        i++;
        return out;
      }
      for (;;) {
        out.push(value(`${path}[${out.length}]`));
        ws();
        const sep = text[i++];
        if (sep === "]") return out;
        if (sep !== ",") throw new SyntaxError(`expected ',' or ']' at offset ${i - 1}`);
      }
    }
    if (c === '"') return string();
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!m) throw new SyntaxError(`unexpected character at offset ${i}`);
    i += m[0].length;
    return JSON.parse(m[0]) as unknown;
  };
  const result = value("");
  ws();
  if (i !== text.length) throw new SyntaxError(`unexpected data at offset ${i}`);
  return duplicates.length > 0 ? { value: result, duplicates } : undefined;
}
