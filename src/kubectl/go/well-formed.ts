/**
 * A string as Go holds it after decoding JSON: each lone surrogate (a `\udXXX` escape with no partner, which is no
 * character) is U+FFFD, the bytes kubectl writes for it.
 */
export function goWellFormed(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}
