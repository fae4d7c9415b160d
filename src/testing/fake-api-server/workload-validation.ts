/**
 * The validation kube-apiserver applies to the workload kinds and Services (k8s.io/kubernetes
 * pkg/apis/apps/validation, batch/validation, core/validation), for the rules clients meet most: replica counts,
 * selectors and the template labels they must match, pod templates (containers, names, images, ports, restart
 * policy), Job and CronJob specifics, Service ports. Messages, fields and order are the real server's.
 */
import { isPlainObject } from "./json.js";
import type { FieldError } from "./status.js";
import { isDns1123Label } from "./validation.js";

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj => (isPlainObject(v) ? v : {});

/** Go's `%#v` of a `map[string]string`, as field errors print one: keys sorted. */
function goStringMap(v: unknown): string {
  if (!isPlainObject(v)) return "map[string]string(nil)";
  const entries = Object.keys(v)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(String(v[k]))}`);
  return `map[string]string{${entries.join(", ")}}`;
}

function nonNegative(value: unknown, field: string, errors: FieldError[]): void {
  if (typeof value === "number" && value < 0)
    errors.push({ type: "FieldValueInvalid", field, value, detail: "must be greater than or equal to 0" });
}

/** Whether a label set satisfies a `metav1.LabelSelector` (nil and empty selectors match nothing here). */
function selectorMatches(selector: Obj, labels: Obj): boolean {
  const matchLabels = obj(selector.matchLabels);
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  if (Object.keys(matchLabels).length === 0 && expressions.length === 0) return false;
  for (const [k, v] of Object.entries(matchLabels)) if (labels[k] !== v) return false;
  for (const e of expressions) {
    const { key, operator, values } = obj(e) as { key?: string; operator?: string; values?: unknown[] };
    const has = key !== undefined && Object.prototype.hasOwnProperty.call(labels, key);
    const value = key !== undefined ? labels[key] : undefined;
    const inValues = (values ?? []).includes(value);
    if (operator === "In" && !(has && inValues)) return false;
    if (operator === "NotIn" && has && inValues) return false;
    if (operator === "Exists" && !has) return false;
    if (operator === "DoesNotExist" && has) return false;
  }
  return true;
}

const RESTART_POLICIES = ["Always", "OnFailure", "Never"];
const DNS_POLICIES = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
const PROTOCOLS = ["SCTP", "TCP", "UDP"];

function supported(value: unknown, allowed: string[], field: string, errors: FieldError[]): void {
  if (value === undefined || value === "") {
    errors.push({ type: "FieldValueRequired", field });
    return;
  }
  if (typeof value === "string" && !allowed.includes(value))
    errors.push({
      type: "FieldValueNotSupported",
      field,
      value,
      detail: `supported values: ${allowed.map((v) => JSON.stringify(v)).join(", ")}`,
    });
}

function validatePort(port: unknown, field: string, errors: FieldError[], required: boolean): void {
  if (port === undefined || port === 0) {
    if (required) errors.push({ type: "FieldValueRequired", field });
    return;
  }
  if (typeof port === "number" && (port < 1 || port > 65535))
    errors.push({
      type: "FieldValueInvalid",
      field,
      value: port,
      detail: "must be between 1 and 65535, inclusive",
    });
}

function validateContainers(list: unknown, field: string, errors: FieldError[], required: boolean): void {
  const containers = Array.isArray(list) ? list : [];
  if (containers.length === 0) {
    if (required) errors.push({ type: "FieldValueRequired", field });
    return;
  }
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const container = obj(c);
    const at = `${field}[${i}]`;
    const name = typeof container.name === "string" ? container.name : "";
    if (name === "") errors.push({ type: "FieldValueRequired", field: `${at}.name` });
    else {
      for (const msg of isDns1123Label(name))
        errors.push({ type: "FieldValueInvalid", field: `${at}.name`, value: name, detail: msg });
      if (names.has(name)) errors.push({ type: "FieldValueDuplicate", field: `${at}.name`, value: name });
      names.add(name);
    }
    if (typeof container.image !== "string" || container.image.trim() === "")
      errors.push({ type: "FieldValueRequired", field: `${at}.image` });
    const ports = Array.isArray(container.ports) ? container.ports : [];
    ports.forEach((p, j) => {
      const port = obj(p);
      validatePort(port.containerPort, `${at}.ports[${j}].containerPort`, errors, true);
      if (port.protocol !== undefined)
        supported(port.protocol, PROTOCOLS, `${at}.ports[${j}].protocol`, errors);
    });
  });
}

/** `ValidatePodSpec` (the common rules). */
export function validatePodSpec(spec: Obj, field: string): FieldError[] {
  const errors: FieldError[] = [];
  validateContainers(spec.initContainers, `${field}.initContainers`, errors, false);
  validateContainers(spec.containers, `${field}.containers`, errors, true);
  supported(spec.restartPolicy, RESTART_POLICIES, `${field}.restartPolicy`, errors);
  supported(spec.dnsPolicy, DNS_POLICIES, `${field}.dnsPolicy`, errors);
  nonNegative(spec.terminationGracePeriodSeconds, `${field}.terminationGracePeriodSeconds`, errors);
  return errors;
}

/**
 * A controller's selector and template (`ValidateDeploymentSpec` and its kin): the selector is required and not
 * empty, the template's labels must match it, the template must be a valid pod template.
 */
function validateSelectorAndTemplate(
  spec: Obj,
  kind: string,
  errors: FieldError[],
  options: { restartAlways: boolean },
): void {
  const selector = spec.selector;
  if (!isPlainObject(selector)) errors.push({ type: "FieldValueRequired", field: "spec.selector" });
  else if (
    Object.keys(obj(selector.matchLabels)).length === 0 &&
    (!Array.isArray(selector.matchExpressions) || selector.matchExpressions.length === 0)
  )
    errors.push({
      type: "FieldValueInvalid",
      field: "spec.selector",
      valueText:
        "v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}",
      detail: `empty selector is invalid for ${kind}`,
    });
  const template = obj(spec.template);
  const labels = obj(template.metadata).labels;
  if (!selectorMatches(obj(selector), obj(labels)))
    errors.push({
      type: "FieldValueInvalid",
      field: "spec.template.metadata.labels",
      valueText: goStringMap(labels),
      detail: "`selector` does not match template `labels`",
    });
  const podSpec = obj(template.spec);
  errors.push(...validatePodSpec(podSpec, "spec.template.spec"));
  if (options.restartAlways && podSpec.restartPolicy !== undefined && podSpec.restartPolicy !== "Always")
    errors.push({
      type: "FieldValueNotSupported",
      field: "spec.template.spec.restartPolicy",
      value: podSpec.restartPolicy,
      detail: 'supported values: "Always"',
    });
}

function validateDeployment(d: Obj): FieldError[] {
  const errors: FieldError[] = [];
  const spec = obj(d.spec);
  nonNegative(spec.replicas, "spec.replicas", errors);
  validateSelectorAndTemplate(spec, "deployment", errors, { restartAlways: true });
  const strategy = obj(spec.strategy);
  if (strategy.type !== undefined)
    supported(strategy.type, ["Recreate", "RollingUpdate"], "spec.strategy.type", errors);
  nonNegative(spec.revisionHistoryLimit, "spec.revisionHistoryLimit", errors);
  nonNegative(spec.minReadySeconds, "spec.minReadySeconds", errors);
  if (
    typeof spec.progressDeadlineSeconds === "number" &&
    spec.progressDeadlineSeconds <= (typeof spec.minReadySeconds === "number" ? spec.minReadySeconds : 0)
  )
    errors.push({
      type: "FieldValueInvalid",
      field: "spec.progressDeadlineSeconds",
      value: spec.progressDeadlineSeconds,
      detail: "must be greater than minReadySeconds",
    });
  return errors;
}

function validateReplicated(kind: string) {
  return (o: Obj): FieldError[] => {
    const errors: FieldError[] = [];
    const spec = obj(o.spec);
    nonNegative(spec.replicas, "spec.replicas", errors);
    validateSelectorAndTemplate(spec, kind, errors, { restartAlways: true });
    nonNegative(spec.minReadySeconds, "spec.minReadySeconds", errors);
    return errors;
  };
}

function validateJobSpec(spec: Obj, field: string, errors: FieldError[]): void {
  nonNegative(spec.parallelism, `${field}.parallelism`, errors);
  nonNegative(spec.completions, `${field}.completions`, errors);
  nonNegative(spec.backoffLimit, `${field}.backoffLimit`, errors);
  const podSpec = obj(obj(spec.template).spec);
  errors.push(...validatePodSpec(podSpec, `${field}.template.spec`));
  if (podSpec.restartPolicy === "Always")
    errors.push({
      type: "FieldValueNotSupported",
      field: `${field}.template.spec.restartPolicy`,
      value: "Always",
      detail: 'supported values: "OnFailure", "Never"',
    });
}

const VALIDATORS: Record<string, (o: Obj) => FieldError[]> = {
  "apps/Deployment": validateDeployment,
  "apps/ReplicaSet": validateReplicated("replicaset"),
  "apps/StatefulSet": validateReplicated("statefulset"),
  "apps/DaemonSet": (o) => {
    const errors: FieldError[] = [];
    validateSelectorAndTemplate(obj(o.spec), "daemonset", errors, { restartAlways: true });
    return errors;
  },
  "batch/Job": (o) => {
    const errors: FieldError[] = [];
    validateJobSpec(obj(o.spec), "spec", errors);
    return errors;
  },
  "batch/CronJob": (o) => {
    const errors: FieldError[] = [];
    const spec = obj(o.spec);
    if (typeof spec.schedule !== "string" || spec.schedule === "")
      errors.push({ type: "FieldValueRequired", field: "spec.schedule" });
    validateJobSpec(obj(obj(spec.jobTemplate).spec), "spec.jobTemplate.spec", errors);
    return errors;
  },
  "/Pod": (o) => validatePodSpec(obj(o.spec), "spec"),
  "/Service": (o) => {
    const errors: FieldError[] = [];
    const spec = obj(o.spec);
    const ports = Array.isArray(spec.ports) ? spec.ports : [];
    if (ports.length === 0 && spec.type !== "ExternalName" && spec.clusterIP !== "None")
      errors.push({ type: "FieldValueRequired", field: "spec.ports" });
    ports.forEach((p, i) => {
      const port = obj(p);
      if (ports.length > 1 && (typeof port.name !== "string" || port.name === ""))
        errors.push({ type: "FieldValueRequired", field: `spec.ports[${i}].name` });
      validatePort(port.port, `spec.ports[${i}].port`, errors, true);
    });
    if (spec.type !== undefined)
      supported(spec.type, ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"], "spec.type", errors);
    return errors;
  },
};

/** Field errors of a workload or Service, beyond its metadata. */
export function validateWorkload(group: string, kind: string, o: Obj): FieldError[] {
  return VALIDATORS[`${group}/${kind}`]?.(o) ?? [];
}
