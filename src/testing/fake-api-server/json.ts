/** Go's encoding/json escapes these inside strings (HTML safety, and JavaScript line terminators). */
const GO_ESCAPES: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/** JSON.stringify with Go's escapes: a value as encoding/json writes it, compact, without the encoder's newline. */
export function goJson(value: unknown): string {
  return escapeAsGo(JSON.stringify(value));
}

function escapeAsGo(text: string): string {
  return text.replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c]!);
}

/** JSON as kube-apiserver writes it (json.Encoder: Go's escapes, a trailing newline; indented for curl). */
export function encodeJson(value: unknown, pretty: boolean): string {
  return escapeAsGo(pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value)) + "\n";
}

/** A JSON object (not an array, not null). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
