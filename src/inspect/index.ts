export { canonicalHeaderKey } from "../internal/canonical-header.js";
export { CHANGE_KINDS, diffJson, jsonEqual } from "../diff/diff.js";
export type { ChangeKind, DiffOptions, Difference } from "../diff/diff.js";
export { describeValue, renderDifferenceTable } from "../diff/difference-table.js";
export type { DifferenceTableOptions } from "../diff/difference-table.js";
export { explainKubectlDifferences, KUBECTL_TRANSFORMATIONS } from "../diff/explain.js";
export type { ExplainedDifference, KubectlTransformation } from "../diff/explain.js";
export {
  compareUtf8,
  goJsonNumber,
  goJsonString,
  marshalGoJson,
  marshalGoJsonIndent,
} from "../kubectl/go/json.js";
export { goQuote, goQuoteBytes, goUnquote, isGoPrintable } from "../kubectl/go/quote.js";
export type { GoUnquoted } from "../kubectl/go/quote.js";
export { goStatus, goStatusText } from "../kubectl/go/status-text.js";
export { formatPath } from "../internal/json-path.js";
export type { PathSegment } from "../internal/json-path.js";
export { parseHexDump } from "../kubectl/traffic-log/hex-dump.js";
export { exchangeMicros, klogHeader } from "../kubectl/traffic-log/klog.js";
export type { KlogHeaderOptions } from "../kubectl/traffic-log/klog.js";
export { importKubectlLog } from "../kubectl/traffic-log/import/import.js";
export type {
  KubectlLogImport,
  KubectlLogImportOptions,
  KubectlLogImportStats,
} from "../kubectl/traffic-log/import/import.js";
export { parseKubectlCurl } from "../kubectl/traffic-log/import/parse.js";
export { diffAgainstKubectl } from "../diff/kubectl-diff.js";
export type { KubectlDiffOptions } from "../diff/kubectl-diff.js";
export {
  KUBECTL_VIEW_OUTPUTS,
  KUBECTL_VIEW_VERSIONS,
  KubectlOutputError,
  kubectlView,
  renderKubectlJson,
  toKubectlView,
} from "../kubectl/view.js";
export type {
  KubectlViewOutput,
  KubectlViewRenderOptions,
  KubectlViewVersion,
  ToKubectlViewOptions,
} from "../kubectl/view.js";
export {
  hexDump,
  kubectlCurlCommand,
  maskHeaderValue,
  renderTrafficLog,
  TRAFFIC_LEVELS,
  truncateBody,
} from "../kubectl/traffic-log/render.js";
export type { TrafficLevel, TrafficLogOptions } from "../kubectl/traffic-log/render.js";
export { humanDuration } from "../kubectl/table/human-duration.js";
export { KUBECTL_TABLE_ACCEPT, renderKubectlTable } from "../kubectl/table/table.js";
export type { KubectlTableOptions, KubectlTableOutput, KubectlTableSource } from "../kubectl/table/table.js";
export { diffYaml, renderDifferencesJson, renderUnifiedDiff } from "../diff/render.js";
export type { UnifiedDiffOptions } from "../diff/render.js";
export {
  holdsCredentials,
  isSecretList,
  isSecretObject,
  maskSecretPair,
  maskSecrets,
  SECRET_MASK,
  SECRET_MASK_AFTER,
  SECRET_MASK_BEFORE,
} from "../diff/secret-mask.js";
export {
  ADMISSION_GROUPS,
  ADMISSION_OPERATIONS,
  admissionChanges,
  admissionDiff,
  admissionDiffOfObjects,
} from "../diff/admission/admission-diff.js";
export { renderAdmissionDiff } from "../diff/admission/render.js";
export type {
  AdmissionChange,
  AdmissionContext,
  AdmissionDiff,
  AdmissionDiffOptions,
  AdmissionGroup,
  AdmissionOperation,
} from "../diff/admission/admission-diff.js";
export { applyJsonPatch, applyStrategicPatch } from "../diff/admission/patch-apply.js";
export {
  createOpenApiValidator,
  OpenApiDocumentError,
  readOpenApiDocument,
} from "../diff/validate/openapi-validator.js";
export type {
  OpenApiValidator,
  OpenApiValidatorOptions,
  ValidateOptions,
  ValidationIssue,
  ValidationResult,
} from "../diff/validate/openapi-validator.js";
export { formatGoFloat, parseGoFloat, parseGoInt, parseGoUint } from "../kubectl/go/strconv.js";
export type { GoParse } from "../kubectl/go/strconv.js";
export { jsonToGoYaml, marshalGoYaml } from "../kubectl/go/yaml.js";
export { GoYamlError } from "../kubectl/go/yaml-error.js";
export type { GoYamlOptions } from "../kubectl/go/yaml.js";
export { goYamlKeyLess, sortGoYamlKeys } from "../kubectl/go/yaml-emitter.js";
export {
  GO_YAML_TAGS,
  isBase60Float,
  isGoYamlTimestamp,
  needsGoYamlQuotes,
  resolveGoYaml,
} from "../kubectl/go/yaml-resolve.js";
export type { GoYamlResolveOptions, GoYamlTag } from "../kubectl/go/yaml-resolve.js";
export {
  NEWEST_TRAFFIC_LOG_VERSION,
  TRAFFIC_LOG_FORMATS,
  TRAFFIC_LOG_VERSIONS,
  trafficLogLayout,
  UnsupportedTrafficLogVersionError,
} from "../kubectl/traffic-log/format.js";
export type { TrafficLogFormat, TrafficLogLayout } from "../kubectl/traffic-log/format.js";
export { replayCurlCommand } from "../kubectl/traffic-log/curl.js";
export type { ReplayCurlOptions } from "../kubectl/traffic-log/curl.js";
