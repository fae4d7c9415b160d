/**
 * `kubewire/diff`: explain differences. A path-by-path JSON diff, the server's JSON against kubectl's view with
 * the kubectl transformation behind each difference, renderings (table, unified, JSON), what admission changed in
 * what you sent, and validation against the cluster's OpenAPI documents. Secret values are masked in every output.
 *
 * @packageDocumentation
 */
export { CHANGE_KINDS, diffJson } from "./diff.js";
export type { ChangeKind, DiffOptions, Difference } from "./diff.js";
export { explainKubectlDifferences, KUBECTL_TRANSFORMATIONS } from "./explain.js";
export type { ExplainedDifference, KubectlTransformation } from "./explain.js";
export { diffAgainstKubectl } from "./kubectl-diff.js";
export type { KubectlDiffOptions } from "./kubectl-diff.js";
export { renderDifferenceTable } from "./difference-table.js";
export type { DifferenceTableOptions } from "./difference-table.js";
export { renderDifferencesJson, renderUnifiedDiff } from "./render.js";
export type { UnifiedDiffOptions } from "./render.js";
export { SECRET_MASK, SECRET_MASK_AFTER, SECRET_MASK_BEFORE } from "./secret-mask.js";
export { objectChanges } from "../normalize/object-changes.js";
export type {
  FieldChange,
  FieldChangeOp,
  FieldPath,
  ObjectChangesOptions,
} from "../normalize/object-changes.js";
export { formatPath } from "../internal/json-path.js";
export type { PathSegment } from "../internal/json-path.js";
export {
  ADMISSION_GROUPS,
  ADMISSION_OPERATIONS,
  admissionChanges,
  admissionDiff,
  admissionDiffOfObjects,
} from "./admission/admission-diff.js";
export type {
  AdmissionChange,
  AdmissionContext,
  AdmissionDiff,
  AdmissionDiffOptions,
  AdmissionGroup,
  AdmissionOperation,
} from "./admission/admission-diff.js";
export { renderAdmissionDiff } from "./admission/render.js";
export {
  createOpenApiValidator,
  OpenApiDocumentError,
  readOpenApiDocument,
} from "./validate/openapi-validator.js";
export type {
  OpenApiValidator,
  OpenApiValidatorOptions,
  ValidateOptions,
  ValidationIssue,
  ValidationResult,
} from "./validate/openapi-validator.js";
