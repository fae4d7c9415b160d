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
export type { KubectlDiffOptions } from "./kubectl-diff.js";
export {
  KUBECTL_VIEW_OUTPUTS,
  KUBECTL_VIEW_VERSIONS,
  KubectlOutputError,
  kubectlView,
  renderKubectlJson,
  toKubectlView,
} from "./kubectl-view.js";
export type {
  KubectlViewOutput,
  KubectlViewRenderOptions,
  KubectlViewVersion,
  ToKubectlViewOptions,
} from "./kubectl-view.js";
export {
  hexDump,
  kubectlCurlCommand,
  maskHeaderValue,
  renderTrafficLog,
  TRAFFIC_LEVELS,
  truncateBody,
} from "./traffic-log.js";
export type { TrafficLevel, TrafficLogOptions } from "./traffic-log.js";
export { humanDuration } from "./human-duration.js";
export { KUBECTL_TABLE_ACCEPT, renderKubectlTable } from "./kubectl-table.js";
export type { KubectlTableOptions, KubectlTableOutput, KubectlTableSource } from "./kubectl-table.js";
export { diffYaml, renderDifferencesJson, renderUnifiedDiff } from "./diff-render.js";
export type { UnifiedDiffOptions } from "./diff-render.js";
export {
  holdsCredentials,
  isSecretList,
  isSecretObject,
  maskSecretPair,
  maskSecrets,
  SECRET_MASK,
  SECRET_MASK_AFTER,
  SECRET_MASK_BEFORE,
} from "./secret-mask.js";
export {
  ADMISSION_GROUPS,
  ADMISSION_OPERATIONS,
  admissionChanges,
  admissionDiff,
  admissionDiffOfObjects,
} from "./admission-diff.js";
export { renderAdmissionDiff } from "./admission-render.js";
export type {
  AdmissionChange,
  AdmissionContext,
  AdmissionDiff,
  AdmissionDiffOptions,
  AdmissionGroup,
  AdmissionOperation,
} from "./admission-diff.js";
export { applyJsonPatch, applyStrategicPatch } from "./patch-apply.js";
export { createOpenApiValidator, OpenApiDocumentError, readOpenApiDocument } from "./openapi-validator.js";
export type {
  OpenApiValidator,
  OpenApiValidatorOptions,
  ValidateOptions,
  ValidationIssue,
  ValidationResult,
} from "./openapi-validator.js";
export { formatGoFloat, parseGoFloat, parseGoInt, parseGoUint } from "./go-strconv.js";
export type { GoParse } from "./go-strconv.js";
export { jsonToGoYaml, marshalGoYaml } from "./go-yaml.js";
export { GoYamlError } from "./go-yaml-error.js";
export type { GoYamlOptions } from "./go-yaml.js";
export { goYamlKeyLess, sortGoYamlKeys } from "./go-yaml-emitter.js";
export {
  GO_YAML_TAGS,
  isBase60Float,
  isGoYamlTimestamp,
  needsGoYamlQuotes,
  resolveGoYaml,
} from "./go-yaml-resolve.js";
export type { GoYamlResolveOptions, GoYamlTag } from "./go-yaml-resolve.js";
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
