/**
 * The data a report page holds: embedded once, as JSON, and read by the page's script. Everything in it comes
 * from redacted exchanges; what the report derives (kubectl's view, the differences, the admission diff, the curl
 * command) is derived from those.
 */
import type { HeaderMap, WarningHeader } from "../record/exchange/exchange.js";

/**
 * A body as the page shows it. JSON bodies are embedded as their exact text, not as values: the page's data is
 * then mostly strings, which are quick to write and to parse, and a body is parsed only when it is opened.
 */
export interface ReportBody {
  kind: "json" | "text" | "binary" | "stream";
  bytes: number;
  truncated?: true;
  /** `json` and `text`: the exact text. */
  text?: string;
  /** `binary`: the bytes, base64. */
  base64?: string;
  /** `stream`: `[atMs, text]` per chunk, `atMs` after the response headers. */
  chunks?: [number, string][];
}

export interface ReportMessage {
  /** Headers as they crossed the wire: names as received, repeated headers as arrays. */
  headers: HeaderMap;
  body?: ReportBody;
}

/** One difference between the server's answer and what kubectl prints, for the difference table. */
export interface ReportDifference {
  path: string;
  change: string;
  /** The server's value, previewed (`absent` when it has none). */
  server: string;
  /** kubectl's value, previewed. */
  kubectl: string;
  explanation: string;
  transformation?: string;
  /** Aggregated over this many list items (`[*]` in the path). */
  count?: number;
}

/** kubectl's view of a list response: `kubectl get -o json` of it, and how it differs from the server's JSON. */
export interface ReportKubectlView {
  /** The view as Go's `encoding/json` writes it, compact; `kubectl get -o json` prints it indented by four spaces. */
  json?: string;
  differences?: ReportDifference[];
  /** Why there is no view (kubectl would have failed, or the body could not be read). */
  error?: string;
}

export interface ReportAdmissionChange {
  path: string;
  change: string;
  group: string;
  reason: string;
  source?: string;
  /** What the client sent, previewed. */
  sent: string;
  /** What the server returned, previewed. */
  returned: string;
}

/** What the API server (defaulting, admission) changed in a write, grouped by who changed it. */
export interface ReportAdmission {
  operation: string;
  dryRun: boolean;
  fieldManager?: string;
  evidence: string;
  incomplete?: string;
  rejected?: { status?: number; reason?: string; message?: string };
  changes: ReportAdmissionChange[];
}

/** One exchange, as the page lists and opens it. */
export interface ReportExchange {
  seq: number;
  /** Milliseconds from the report's first request to this one. */
  at: number;
  /** Request sent → response headers. */
  duration: number;
  /** Request sent → end of the body (a watch: when the stream ended). */
  total?: number;
  method: string;
  verb: string;
  /** The URL, redacted. */
  url: string;
  status?: number;
  statusText?: string;
  /** `configmaps`, `deployments.apps`, `pods/log`; absent for non-resource URLs. */
  resource?: string;
  namespace?: string;
  name?: string;
  /** The `kind` of the response (or of the request body when the response has none). */
  kind?: string;
  /** Index into {@link ReportData.agents}; -1 when the request had no User-Agent. */
  agent: number;
  /** Response body bytes. */
  size: number;
  dryRun?: true;
  error?: { name: string; message: string; code?: string };
  warnings?: WarningHeader[];
  redacted?: true;
  truncated?: true;
  /** Times of watch events (lines of the stream), in milliseconds after this request started. */
  events?: number[];
  /** The Status reason and message of a failed call. */
  failure?: { reason?: string; message?: string };
  request: ReportMessage;
  response?: ReportMessage;
  /** A curl command that replays the request, body included; a bearer token stands as `$KUBE_TOKEN`. */
  curl: string;
  kubectl?: ReportKubectlView;
  admission?: ReportAdmission;
}

/** What the page embeds. */
export interface ReportData {
  format: "kubewire-report/1";
  title: string;
  generator: string;
  recordedAt: string;
  /** RFC 3339 time of the first request (every `at` counts from it). */
  startedAt?: string;
  server?: string;
  /** Distinct User-Agent values. */
  agents: string[];
  /** Finds redaction markers (and kubectl's `<masked>`) in text. */
  markerPattern: string;
  exchanges: ReportExchange[];
}

/** An exchange without its bodies and derived documents: what the summary and the list without JavaScript use. */
export type ReportRow = Omit<
  ReportExchange,
  "request" | "response" | "curl" | "kubectl" | "admission" | "events"
> & {
  /** Redaction reached the URL or a body (not only the credential headers every call carries). */
  redactedValues?: true;
};

/** What the page knows about the session besides its exchanges. */
export type ReportMeta = Omit<ReportData, "exchanges">;
