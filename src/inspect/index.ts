export { canonicalHeaderKey } from "./canonical-header.js";
export { CHANGE_KINDS, diffJson, jsonEqual } from "./diff.js";
export type { ChangeKind, DiffOptions, Difference } from "./diff.js";
export { describeValue, renderDifferenceTable } from "./difference-table.js";
export type { DifferenceTableOptions } from "./difference-table.js";
export { explainKubectlDifferences, KUBECTL_TRANSFORMATIONS } from "./explain.js";
export type { ExplainedDifference, KubectlTransformation } from "./explain.js";
export { compareUtf8, goJsonNumber, goJsonString, marshalGoJson, marshalGoJsonIndent } from "./go-json.js";
export { goQuote, goQuoteBytes, goUnquote, isGoPrintable } from "./go-quote.js";
export type { GoUnquoted } from "./go-quote.js";
export { goStatus, goStatusText } from "./go-status-text.js";
export { formatPath } from "./json-path.js";
export type { PathSegment } from "./json-path.js";
export { parseHexDump } from "./hex-dump.js";
export { exchangeMicros, klogHeader } from "./klog.js";
export type { KlogHeaderOptions } from "./klog.js";
export { importKubectlLog } from "./kubectl-log-import.js";
export type {
  KubectlLogImport,
  KubectlLogImportOptions,
  KubectlLogImportStats,
} from "./kubectl-log-import.js";
export { parseKubectlCurl } from "./kubectl-log-parse.js";
export { diffAgainstKubectl } from "./kubectl-diff.js";
export { kubectlView, renderKubectlJson } from "./kubectl-view.js";
export type { KubectlViewRenderOptions } from "./kubectl-view.js";
export {
  hexDump,
  kubectlCurlCommand,
  maskHeaderValue,
  renderTrafficLog,
  TRAFFIC_LEVELS,
  truncateBody,
} from "./traffic-log.js";
export type { TrafficLevel, TrafficLogOptions } from "./traffic-log.js";
export {
  NEWEST_TRAFFIC_LOG_VERSION,
  TRAFFIC_LOG_FORMATS,
  TRAFFIC_LOG_VERSIONS,
  trafficLogLayout,
  UnsupportedTrafficLogVersionError,
} from "./traffic-log-format.js";
export type { TrafficLogFormat, TrafficLogLayout } from "./traffic-log-format.js";
export { replayCurlCommand } from "./replay-curl.js";
export type { ReplayCurlOptions } from "./replay-curl.js";
