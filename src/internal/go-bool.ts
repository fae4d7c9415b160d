const GO_TRUE = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const GO_FALSE = new Set(["0", "f", "F", "FALSE", "false", "False"]);

/**
 * Go's `strconv.ParseBool`: exactly these twelve spellings, `undefined` for anything else (Go's syntax error).
 * kube-apiserver reads `?pretty=` with it; the other boolean query parameters it reads another way (query-flag.ts).
 */
export function parseGoBool(s: string): boolean | undefined {
  if (GO_TRUE.has(s)) return true;
  if (GO_FALSE.has(s)) return false;
  return undefined;
}
