import { KubeApiError, KubeHttpError, KubeNetworkError, KubewireError } from "../../index.js";

/** A request the server or the network refused: kubectl reports it and goes on with the other requests. */
export function isRequestFailure(error: unknown): boolean {
  return error instanceof KubeApiError || error instanceof KubeHttpError || error instanceof KubeNetworkError;
}

/** kubectl's `StandardErrorMessage` for what the server or the network said; undefined for anything else. */
function standardErrorMessage(error: unknown): string | undefined {
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
