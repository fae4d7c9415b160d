import { KubeApiError, KubeHttpError, KubeNetworkError, KubewireError } from "../../index.js";

/** A request the server or the network refused: kubectl reports it and goes on with the other requests. */
export function isRequestFailure(error: unknown): boolean {
  return error instanceof KubeApiError || error instanceof KubeHttpError || error instanceof KubeNetworkError;
}

/** apimachinery `NewGenericServerResponse`: the reason and message client-go gives an answer that is no Status. */
function genericServerResponse(status: number, body: string): [string, string] {
  switch (status) {
    case 409:
      return ["Conflict", "the server reported a conflict"];
    case 404:
      return ["NotFound", "the server could not find the requested resource"];
    case 400:
      return ["BadRequest", "the server rejected our request for an unknown reason"];
    case 401:
      return ["Unauthorized", "the server has asked for the client to provide credentials"];
    case 403:
      return ["Forbidden", body];
    case 405:
      return ["MethodNotAllowed", "the server does not allow this method on the requested resource"];
    case 406:
      return [
        "NotAcceptable",
        "the server was unable to respond with a content type that the client supports",
      ];
    case 415:
      return [
        "UnsupportedMediaType",
        "the server was unable to respond with a content type that the client supports",
      ];
    case 422:
      return ["Invalid", "the server rejected our request due to an error in our request"];
    case 429:
      return [
        "TooManyRequests",
        "the server has received too many requests and has asked us to try again later",
      ];
    case 503:
      return ["ServiceUnavailable", "the server is currently unable to handle the request"];
    case 504:
      return [
        "Timeout",
        "the server was unable to return a response in the time allotted, but may still be processing the request",
      ];
    default:
      if (status >= 500)
        return [
          "InternalError",
          `an error on the server (${JSON.stringify(body)}) has prevented the request from succeeding`,
        ];
      return ["", `the server responded with the status code ${status} but did not return more information`];
  }
}

/** kubectl's `StandardErrorMessage` for what the server or the network said; undefined for anything else. */
function standardErrorMessage(error: unknown): string | undefined {
  if (error instanceof KubeHttpError) {
    const [reason, message] = genericServerResponse(error.statusCode, error.body.trim());
    if (reason === "Unauthorized") return `error: You must be logged in to the server (${message})`;
    return reason ? `Error from server (${reason}): ${message}` : `Error from server: ${message}`;
  }
  if (error instanceof KubeApiError) {
    const { reason, message } = error.status;
    if (reason === "Unauthorized") return `error: You must be logged in to the server (${message ?? ""})`;
    return reason ? `Error from server (${reason}): ${message ?? ""}` : `Error from server: ${message ?? ""}`;
  }
  if (error instanceof KubeNetworkError && error.code !== "KUBEWIRE_ABORTED") {
    const cause = error.cause as { code?: string; message?: string } | undefined;
    if (cause?.code === "ECONNREFUSED") {
      let host = error.request.url;
      try {
        host = new URL(error.request.url).host;
      } catch {
        // keep the URL as it is
      }
      return `The connection to the server ${host} was refused - did you specify the right host or port?`;
    }
    return `Unable to connect to the server: ${cause?.message ?? error.message}`;
  }
  return undefined;
}

/**
 * The line kubectl prints for a failure (with its newline): the server's and the network's errors in kubectl's
 * words, kubewire's own errors as `error: <message>`. Anything else is a bug: thrown again when asked, for the
 * CLI's one error report.
 */
export function kubectlErrorLine(error: unknown, options: { rethrowUnknown?: boolean } = {}): string {
  const standard = standardErrorMessage(error);
  if (standard !== undefined) return `${standard}\n`;
  if (error instanceof KubewireError || !options.rethrowUnknown) {
    const message = error instanceof Error ? error.message : String(error);
    return message.startsWith("error: ")
      ? `${message}\n`
      : `error: ${message}${message.endsWith("\n") ? "" : "\n"}`;
  }
  throw error;
}

/**
 * What `klog.Exitf` writes before kubectl exits: klog's header (`Fmmdd hh:mm:ss.uuuuuu`, local time, this
 * process's pid right-aligned in 7 columns, as kubectl writes its own; klog `FormatHeader`), then the text.
 */
export function klogFatal(fatal: { file: string; text: string }, now = new Date()): string {
  const p2 = (n: number) => String(n).padStart(2, "0");
  const micros = String(now.getMilliseconds() * 1000).padStart(6, "0");
  const time = `${p2(now.getHours())}:${p2(now.getMinutes())}:${p2(now.getSeconds())}.${micros}`;
  const pid = String(process.pid).slice(-7).padStart(7, " ");
  return `F${p2(now.getMonth() + 1)}${p2(now.getDate())} ${time} ${pid} ${fatal.file}] ${fatal.text}\n`;
}
