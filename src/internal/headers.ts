/** Headers as Node and undici hand them over, and as exchanges store them: a name, one value or several. */
export type HeaderRecord = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * The first value of a header, its name matched case-insensitively (HTTP header names are; a recorded exchange
 * keeps them as they were sent, in any case). Undefined when the header is absent.
 */
export function headerValue(headers: HeaderRecord | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const lower = name.toLowerCase();
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() !== lower) continue;
    const value = headers[key];
    return typeof value === "string" || value === undefined ? value : value[0];
  }
  return undefined;
}
