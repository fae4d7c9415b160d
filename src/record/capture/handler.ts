import type { Dispatcher } from "undici";

/**
 * undici hands dispatchers either the current handler API (`onRequestStart`, `onResponseStart`, ...) or the
 * legacy one (`onConnect`, `onHeaders`, ...), depending on the caller (`fetch` still uses the legacy one). Code in
 * kubewire speaks only the current API; this adapter lets it serve both, as undici's own WrapHandler does.
 */
export type Handler = Required<
  Pick<
    Dispatcher.DispatchHandler,
    "onRequestStart" | "onResponseStart" | "onResponseData" | "onResponseEnd" | "onResponseError"
  >
>;

export function toHandler(handler: Dispatcher.DispatchHandler): Handler {
  if (handler.onRequestStart) {
    return {
      onRequestStart: (c, ctx) => handler.onRequestStart?.(c, ctx),
      onResponseStart: (c, s, h, m) => handler.onResponseStart?.(c, s, h, m),
      onResponseData: (c, d) => handler.onResponseData?.(c, d),
      onResponseEnd: (c, t) => handler.onResponseEnd?.(c, t),
      onResponseError: (c, e) => handler.onResponseError?.(c, e),
    };
  }
  return {
    onRequestStart: (controller) =>
      handler.onConnect?.((reason) => controller.abort(reason ?? new Error("aborted"))),
    onResponseStart: (controller, status, headers, message) => {
      const raw: Buffer[] = [];
      for (const [k, v] of Object.entries(headers)) {
        for (const one of Array.isArray(v) ? v : [v])
          raw.push(Buffer.from(k, "latin1"), Buffer.from(String(one), "latin1"));
      }
      if (handler.onHeaders?.(status, raw, () => controller.resume(), message ?? "") === false)
        controller.pause();
    },
    onResponseData: (controller, chunk) => {
      if (handler.onData?.(chunk) === false) controller.pause();
    },
    onResponseEnd: () => handler.onComplete?.([]),
    onResponseError: (_controller, error) => {
      if (!handler.onError) throw error;
      handler.onError(error);
    },
  };
}

/** Normalises undici's request header forms (object, flat array, iterable of pairs) into an ordered record. */
export function headersToRecord(
  headers: Dispatcher.DispatchOptions["headers"],
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const add = (key: string, value: unknown) => {
    if (value === undefined || value === null) return;
    const values = (Array.isArray(value) ? (value as unknown[]) : [value]).map((v) =>
      typeof v === "string" ? v : String(v as string | number),
    );
    const existing = out[key];
    if (existing === undefined) out[key] = values.length === 1 ? (values[0] as string) : values;
    else out[key] = [...(Array.isArray(existing) ? existing : [existing]), ...values];
  };
  if (!headers) return out;
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) add(String(headers[i]), headers[i + 1]);
  } else if (typeof (headers as Iterable<unknown>)[Symbol.iterator] === "function") {
    for (const pair of headers as Iterable<[string, string | string[] | undefined]>) add(pair[0], pair[1]);
  } else {
    for (const [k, v] of Object.entries(headers as Record<string, unknown>)) add(k, v);
  }
  return out;
}
