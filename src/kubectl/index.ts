/**
 * `kubewire/kubectl`: the bytes kubectl makes. Its view of a response (`-o json|yaml|name`), its tables, its
 * verbose traffic logs (`--v=6..10`, every supported version's layout) and the import of such logs into exchanges,
 * the curl command that replays an exchange. Byte for byte like the real binaries (kubectl 1.27–1.33).
 *
 * @packageDocumentation
 */
export { KubectlOutputError, kubectlView, renderKubectlJson } from "./view.js";
export type { KubectlViewRenderOptions } from "./view.js";
export { KUBECTL_VIEW_OUTPUTS, toKubectlView } from "./view-output.js";
export type { KubectlViewOutput, ToKubectlViewOptions } from "./view-output.js";
export { omitManagedFields, toKubectlList, toKubectlObject } from "../normalize/kubectl-list.js";
export type { KubectlViewOptions } from "../normalize/kubectl-list.js";
export { KUBECTL_TABLE_ACCEPT } from "./table/table-accept.js";
export { kubectlRequireNamespace } from "./require-namespace.js";
export type { KubectlNamespaceCheck } from "./require-namespace.js";
export { KubectlTableStream, renderKubectlTable } from "./table/table.js";
export type { KubectlTableOptions, KubectlTableOutput, KubectlTableSource } from "./table/table.js";
export { humanDuration } from "./table/human-duration.js";
export { marshalGoYaml } from "./go/yaml.js";
export type { GoYamlOptions } from "./go/yaml.js";
export {
  kubectlCurlCommand,
  renderTrafficLog,
  renderTrafficLogParts,
  TRAFFIC_LEVELS,
} from "./traffic-log/render.js";
export type {
  TrafficLevel,
  TrafficLogOptions,
  TrafficLogParts,
  TrafficLogPhase,
} from "./traffic-log/render.js";
export { UnsupportedTrafficLogVersionError } from "./traffic-log/format.js";
export { KUBECTL_VERSIONS } from "./versions.js";
export type { KubectlVersion } from "./versions.js";
export { replayCurlCommand } from "./traffic-log/curl.js";
export type { ReplayCurlOptions } from "./traffic-log/curl.js";
export { importKubectlLog } from "./traffic-log/import/import.js";
export { importKubectlLogFile, importKubectlLogStream } from "./traffic-log/import/import-stream.js";
export { foundKubectlLog, formatKubectlLogImportReport } from "./traffic-log/import/report.js";
export type {
  KubectlLogImport,
  KubectlLogImportOptions,
  KubectlLogImportStats,
  SkippedLines,
} from "./traffic-log/import/import.js";
export { KubectlJsonPath, KubectlJsonPathError, relaxedJsonPathExpression } from "./jsonpath/jsonpath.js";
export type { KubectlJsonPathOptions } from "./jsonpath/jsonpath.js";
export { KubectlGoTemplate, KubectlGoTemplateError } from "./gotemplate/gotemplate.js";
export type { KubectlGoTemplateOptions } from "./gotemplate/gotemplate.js";
export {
  KubectlCustomColumnsError,
  parseCustomColumns,
  parseCustomColumnsTemplate,
  renderKubectlCustomColumns,
} from "./custom-columns.js";
export type { KubectlColumn, KubectlCustomColumnsOptions } from "./custom-columns.js";
export { KubectlSortError, kubectlSortOrder, kubectlSortTableOrder } from "./sort/sort-by.js";
export type { KubectlSortOptions } from "./sort/sort-by.js";
export { kubectlManifestObjects, kubectlResourceMapping, ManifestObjectError } from "./manifest-objects.js";
export type { ManifestItem, ManifestObject, MappableResource } from "./manifest-objects.js";
