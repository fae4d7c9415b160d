import { isNotFound, KubeApiError, KubeHttpError, KubeNetworkError, KubewireError } from "../../index.js";
import type { KubeClient } from "../../index.js";

/** A list item kubectl refuses (`kubectlRequireNamespace`'s message): reported, the other items printed. */
export class ItemNamespaceError extends KubewireError {
  constructor(message: string) {
    super("KUBEWIRE_ITEM_NAMESPACE", message);
    this.name = "ItemNamespaceError";
  }
}

/** A request the server or the network refused: kubectl reports it and goes on with the other requests. */
export function isRequestFailure(error: unknown): boolean {
  return error instanceof KubeApiError || error instanceof KubeHttpError || error instanceof KubeNetworkError;
}

/**
 * cli-runtime `Info.Get`: a named object not found in a namespace other than `default` sends kubectl to look up the
 * namespace, and when that is not found either, the namespace's NotFound is what it reports (`namespaces "typo" not
 * found`, the mistake the user made). Any other answer leaves the object's error.
 */
export async function namedGetFailure(
  client: KubeClient,
  error: unknown,
  namespace: string,
): Promise<unknown> {
  if (!(error instanceof KubeApiError) || !isNotFound(error)) return error;
  if (namespace === "" || namespace === "default") return error;
  try {
    await client.get("v1", "namespaces", namespace);
  } catch (lookup) {
    if (lookup instanceof KubeApiError && isNotFound(lookup)) return lookup;
  }
  return error;
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

/**
 * A list request the server answered as NotFound or BadRequest: cli-runtime's `Selector` puts what it listed before
 * the server's message (`Unable to list "/v1, Resource=pods": …`, or with a selector `Unable to find … that match
 * label selector …`).
 */
export class ListFailure {
  constructor(
    readonly error: KubeApiError | KubeHttpError,
    readonly prefix: string,
  ) {}
}

/** The failure of a list request as kubectl reports it: {@link ListFailure} where cli-runtime rewords it. */
export function listFailure(
  error: unknown,
  resource: { group: string; version: string; resource: string },
  selectors: { label?: string | undefined; field?: string | undefined },
): unknown {
  const api = error instanceof KubeApiError;
  if (!api && !(error instanceof KubeHttpError)) return error;
  // apierrors.IsNotFound / IsBadRequest: the reason, or the code when the reason is not one apimachinery knows.
  const reason = api ? error.status.reason : genericServerResponse(error.statusCode, "")[0];
  const known = reason === "NotFound" || reason === "BadRequest";
  const byCode =
    (reason === undefined || reason === "") && (error.statusCode === 404 || error.statusCode === 400);
  if (!known && !byCode) return error;
  const gvr = JSON.stringify(`${resource.group}/${resource.version}, Resource=${resource.resource}`);
  const prefix =
    selectors.label === undefined && selectors.field === undefined
      ? `Unable to list ${gvr}: `
      : `Unable to find ${gvr} that match label selector ${JSON.stringify(selectors.label ?? "")}, field selector ${JSON.stringify(selectors.field ?? "")}: `;
  return new ListFailure(error, prefix);
}

/** Go's `err.Error()` of a StatusError (its message) or of anything else kubewire reports. */
function errorText(error: unknown): string {
  if (error instanceof ListFailure) return error.prefix + errorText(error.error);
  if (error instanceof KubeApiError) return error.status.message ?? "";
  if (error instanceof KubeHttpError) return genericServerResponse(error.statusCode, error.body.trim())[1];
  return error instanceof Error ? error.message : String(error);
}

/** kubectl's `StandardErrorMessage` for what the server or the network said; undefined for anything else. */
function standardErrorMessage(error: unknown): string | undefined {
  if (error instanceof ListFailure) {
    const inner = error.error;
    const reason =
      inner instanceof KubeApiError ? inner.status.reason : genericServerResponse(inner.statusCode, "")[0];
    return reason
      ? `Error from server (${reason}): ${errorText(error)}`
      : `Error from server: ${errorText(error)}`;
  }
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
  if (error instanceof KubewireError || error instanceof ListFailure || !options.rethrowUnknown) {
    const message = errorText(error);
    return message.startsWith("error: ")
      ? `${message}\n`
      : `error: ${message}${message.endsWith("\n") ? "" : "\n"}`;
  }
  throw error;
}

/** Go's error values as kubectl's visitors nest them: one error, or a `utilerrors.Aggregate`. */
type GoError = { one: unknown } | { all: GoError[] };

/** `utilerrors.Aggregate.Error()`: one error's text, or the distinct texts of every error in it, in brackets. */
function goErrorText(e: GoError): string {
  if ("one" in e) return errorText(e.one);
  if (e.all.length === 1) return goErrorText(e.all[0]!);
  const seen = new Set<string>();
  const visit = (x: GoError): void => {
    if ("one" in x) seen.add(errorText(x.one));
    else x.all.forEach(visit);
  };
  visit(e);
  const texts = [...seen];
  return texts.length === 1 ? texts[0]! : `[${texts.join(", ")}]`;
}

/** kubectl's `messageForError`: its `StandardErrorMessage`, else `err.Error()`. */
function messageForError(e: GoError): string {
  return ("one" in e ? standardErrorMessage(e.one) : undefined) ?? goErrorText(e);
}

/**
 * kubectl's `CheckErr` over what `get` returns, with the nesting cli-runtime's builder gives its errors: the items
 * it refused (`itemErrors`, reported by the visitor as they come) before an aggregate of the requests that failed
 * (`requestErrors`), then `printErrors`. The generic printers (`-o json|yaml|name|…`) flatten that; the table
 * printer does not, so there several failed requests next to refused items print as one `[a, b]` line, and a
 * single failed request as its bare message. One error in all is `error: …` (or kubectl's words for the
 * server's); several are a line each without `error: `.
 */
export function kubectlErrorLines(
  itemErrors: readonly unknown[],
  requestErrors: readonly unknown[],
  printErrors: readonly unknown[],
  options: { flatten: boolean; rethrowUnknown?: boolean },
): string {
  for (const error of [...itemErrors, ...requestErrors, ...printErrors]) kubectlErrorLine(error, options);
  const one = (x: unknown): GoError => ({ one: x });
  let top: GoError[];
  if (options.flatten) top = [...itemErrors, ...requestErrors, ...printErrors].map(one);
  else {
    const visited: GoError[] = itemErrors.map(one);
    if (requestErrors.length > 0) visited.push({ all: requestErrors.map(one) });
    top = [];
    if (visited.length > 0) top.push(visited.length === 1 ? visited[0]! : { all: visited });
    top.push(...printErrors.map(one));
  }
  if (top.length === 0) return "";
  // checkErr takes an aggregate of one error as that error.
  const checked: GoError = top.length === 1 ? top[0]! : { all: top };
  if ("one" in checked) return kubectlErrorLine(checked.one, options);
  return checked.all.map((e) => `${messageForError(e)}\n`).join("");
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
