/**
 * Requests that got an error instead of a response, as logs mention them. A transport failure reaches a log as
 * Go's `url.Error` text, `Get "https://…/api?timeout=32s": dial tcp …: connection refused` (Go 1.14+ quotes the
 * URL; older Go does not), inside messages of klog lines at any verbosity (`memcache.go`, `cached_discovery.go`,
 * `reflector.go`, `helpers.go`) and of kubectl's own error output. Each such mention is a failed request, unless
 * it repeats one the log already showed (see the correlator).
 */

export interface FailureMention {
  method: string;
  url: string;
  /** Go's error text after the URL. */
  message: string;
}

/** Go's `url.Error`: an operation named after the method (`Get`, `Post`…), the URL, then the error. */
const URL_ERROR =
  /\b(Get|Post|Put|Patch|Delete|Head|Options) (?:"(https?:\/\/[^"\s]+)"|(https?:\/\/\S+?)): (.+)$/;

/** A `url.Error` in a message, or undefined. */
export function failureMention(text: string): FailureMention | undefined {
  if (!text.includes("://")) return undefined;
  const m = URL_ERROR.exec(text);
  if (!m) return undefined;
  // In a structured value the error may end with the closing quote of the value that holds it.
  return { method: m[1]!.toUpperCase(), url: (m[2] ?? m[3])!, message: m[4]!.replace(/"$/, "") };
}

/**
 * kubectl's own error output (not klog lines): `Unable to connect to the server: …`, `error: …`, `Error from server
 * …: …`, possibly behind quote markers or a prompt's symbols, but never behind words (a sentence that quotes an
 * error is prose, not the error).
 */
const KUBECTL_ERROR_LINE =
  /^[\s>#|*$%-]*(?:Unable to connect to the server|[Ee]rror(?: from server(?: \([A-Za-z]+\))?)?|[Ff]atal|panic): /;

/** A failure that kubectl printed as its own error output, or undefined. */
export function outputFailureMention(line: string): FailureMention | undefined {
  return KUBECTL_ERROR_LINE.test(line) ? failureMention(line) : undefined;
}

/** A Go transport error's text, classified like Node's error codes. */
export function failureCode(message: string): string | undefined {
  if (/connection refused/.test(message)) return "ECONNREFUSED";
  if (/no such host|server misbehaving|name resolution/.test(message)) return "ENOTFOUND";
  if (/connection reset|broken pipe/.test(message)) return "ECONNRESET";
  if (/no route to host/.test(message)) return "EHOSTUNREACH";
  if (/network is unreachable/.test(message)) return "ENETUNREACH";
  if (/timeout|timed out|deadline exceeded/i.test(message)) return "ETIMEDOUT";
  if (/x509:|tls:|certificate/.test(message)) return "ETLS";
  if (/HTTP response to HTTPS client|malformed HTTP/.test(message)) return "EPROTO";
  if (/EOF$/.test(message)) return "EOF";
  return undefined;
}
