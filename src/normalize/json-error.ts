/**
 * What went wrong in a JSON parse, without quoting the input. V8's `JSON.parse` messages quote the text around the
 * fault (`Unexpected token 'a', "abcdefghij"... is not valid JSON`), and that text may be a Secret's value or a
 * token: kubewire's errors keep the kind of fault and its position, never the bytes.
 *
 * @example
 * try { JSON.parse(body); } catch (e) { throw new Error(`not JSON (${describeJsonError(e)})`); }
 */
export function describeJsonError(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : "";
  const token = /^Unexpected token '([^\n])', /.exec(message);
  // A single offending character is kept only when it is JSON syntax, never a letter that may start a secret (`<` says HTML).
  if (token) return `unexpected ${/^[{}[\]:,"<]$/.test(token[1]!) ? `'${token[1]}'` : "token"} in JSON`;
  // Messages that name a fault and a position and quote nothing ("Unterminated string in JSON at position 20").
  const safe =
    /^([A-Z][\w ',{}[\]-]*? (?:in|after) JSON(?: at position \d+)?|Unexpected end of JSON input)(?: \(line \d+ column \d+\))?$/.exec(
      message,
    );
  if (safe && !message.includes('"')) return safe[1]!;
  const position = /\bat (?:position|offset) (\d+)/.exec(message)?.[1];
  return position !== undefined ? `invalid JSON at position ${position}` : "invalid JSON";
}
