import { bodyBytes } from "../../../../src/record/index.js";
import type { Body, Exchange, HeaderMap, LogPart } from "../../../../src/record/index.js";

/**
 * What a reader lists of an imported exchange, in the vocabulary of fixtures/pasted-logs/*.expected.json (its
 * README describes each field).
 */
export interface ReaderView {
  method: string;
  url: string;
  host?: string;
  status: number | "absent" | null;
  durationMs: number | "absent";
  error?: string;
  requestHeaders: number | "absent";
  requestBody: string;
  responseHeaders?: number | "absent";
  responseBody?: string;
  elided?: true;
}

function headerCount(headers: HeaderMap): number {
  return Object.values(headers).reduce((n, v) => n + (Array.isArray(v) ? v.length : 1), 0);
}

function body(b: Body | undefined, absent: boolean): string {
  if (absent) return "absent";
  if (!b) return "none";
  const held = bodyBytes(b).length;
  return b.truncated ? `truncated ${held} of ${b.bytes > held ? b.bytes : "?"}` : `whole ${held}`;
}

export function readerView(ex: Exchange): ReaderView {
  const absent = (part: LogPart) => ex.fromLog?.absent?.includes(part) === true;
  const view: ReaderView = {
    method: ex.request.method,
    url: ex.request.url,
    status: ex.response ? (absent("status") ? "absent" : ex.response.status) : null,
    durationMs: absent("duration") ? "absent" : ex.durationMs,
    requestHeaders: absent("requestHeaders") ? "absent" : headerCount(ex.request.headers),
    requestBody: body(ex.request.body, absent("requestBody")),
  };
  if (ex.fromLog?.host) view.host = ex.fromLog.host;
  if (!ex.response) view.error = ex.error?.code ?? ex.error?.name ?? "none";
  else {
    view.responseHeaders = absent("responseHeaders") ? "absent" : headerCount(ex.response.headers);
    view.responseBody = body(ex.response.body, absent("responseBody"));
  }
  if (ex.fromLog?.elided) view.elided = true;
  return view;
}

/** The expected view with `whole` sizes taken from the actual one where the expected gives none. */
export function comparable(expected: ReaderView, actual: ReaderView | undefined): ReaderView {
  if (!actual) return expected;
  const out = { ...expected };
  if (expected.responseBody === "whole" && actual.responseBody?.startsWith("whole "))
    out.responseBody = actual.responseBody;
  if (expected.requestBody === "whole" && actual.requestBody.startsWith("whole "))
    out.requestBody = actual.requestBody;
  return out;
}
