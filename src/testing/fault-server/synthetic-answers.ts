/** Answers a fault server makes up instead of asking the upstream: Status objects, proxy pages, expiry. */

/** kube-apiserver's reason and message for the statuses a fault server answers with (`apierrors.New*`). */
const REASONS: Record<number, [string, string]> = {
  400: ["BadRequest", "the server rejected our request for an unknown reason"],
  401: ["Unauthorized", "Unauthorized"],
  403: ["Forbidden", "forbidden"],
  404: ["NotFound", "the server could not find the requested resource"],
  409: [
    "Conflict",
    "the object has been modified; please apply your changes to the latest version and try again",
  ],
  410: ["Expired", "too old resource version"],
  429: ["TooManyRequests", "Too many requests, please try again later."],
  500: ["InternalError", "Internal error occurred: injected by the fault server"],
  503: ["ServiceUnavailable", "the server is currently unable to handle the request"],
  504: [
    "Timeout",
    "the server was unable to return a response in the time allotted, but may still be processing the request",
  ],
};

/** The message kube-apiserver sends with a 410 for a continue token that etcd compacted away. */
export const EXPIRED_CONTINUE_MESSAGE =
  "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

/** A `Status` object as kube-apiserver writes it (compact JSON and a newline). */
export function statusObject(
  code: number,
  options: { reason?: string; message?: string; retryAfterSeconds?: number } = {},
): Record<string, unknown> {
  const [reason, message] = REASONS[code] ?? ["Unknown", `the server responded with the status code ${code}`];
  const status: Record<string, unknown> = {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: options.message ?? message,
    reason: options.reason ?? reason,
  };
  if (options.retryAfterSeconds !== undefined)
    status.details = { retryAfterSeconds: options.retryAfterSeconds };
  status.code = code;
  return status;
}

/** nginx's error page, the HTML a client most often meets in front of an API server. */
export function proxyErrorPage(status: number, statusText: string): string {
  const title = `${status} ${statusText}`;
  return (
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n` +
    `<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
  );
}

/** The `ERROR` event kube-apiserver sends on a watch whose resourceVersion is too old. */
export function expiredWatchEvent(resourceVersion: string | null): string {
  const object = statusObject(410, {
    message: `too old resource version: ${resourceVersion ?? "0"} (${Number(resourceVersion ?? 0) + 1})`,
  });
  return JSON.stringify({ type: "ERROR", object }) + "\n";
}
