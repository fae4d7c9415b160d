/** One step of a path into a JSON document: an object key, an array index, or `*` for "every item". */
export type PathSegment = string | number | { all: true };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Renders a path jq-style: `.items[*].metadata.managedFields`, `.metadata.annotations["a.b/c"]`. */
export function formatPath(segments: readonly PathSegment[]): string {
  if (segments.length === 0) return ".";
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (typeof s === "object") out += "[*]";
    else if (IDENTIFIER.test(s)) out += `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}
