import type { PathSegment } from "../../internal/json-path.js";
import { isJsonObject } from "../../internal/json.js";

/*
 * Known-field knowledge about what kube-apiserver sets on its own. kubewire tells defaulting from admission by
 * managedFields first (see admission-diff.ts); these tables are the fallback when an object carries no
 * managedFields, a refinement inside what admission added (the server defaults a webhook's additions too), and
 * the source of the hint that names a built-in admission plugin.
 */

/** A path as a pattern: array indices become `*`. */
export function genericPath(segments: readonly PathSegment[]): string {
  return segments.map((s) => (typeof s === "string" ? s : "*")).join(".");
}

/** Where the PodSpec sits in each workload kind. */
const POD_SPEC: Record<string, string> = {
  Pod: "spec",
  PodTemplate: "template.spec",
  ReplicationController: "spec.template.spec",
  ReplicaSet: "spec.template.spec",
  Deployment: "spec.template.spec",
  StatefulSet: "spec.template.spec",
  DaemonSet: "spec.template.spec",
  Job: "spec.template.spec",
  CronJob: "spec.jobTemplate.spec.template.spec",
};

const CONTAINER_LISTS = ["containers", "initContainers", "ephemeralContainers"];

/** API defaults of a PodSpec (pkg/apis/core/v1/defaults.go), relative to the PodSpec. */
const POD_SPEC_DEFAULTS = new Set([
  "restartPolicy",
  "terminationGracePeriodSeconds",
  "dnsPolicy",
  "securityContext",
  "schedulerName",
  "hostNetwork",
  ...CONTAINER_LISTS.flatMap((l) =>
    [
      "terminationMessagePath",
      "terminationMessagePolicy",
      "imagePullPolicy",
      "resources",
      "ports.*.protocol",
      ...["livenessProbe", "readinessProbe", "startupProbe"].flatMap((p) => [
        `${p}.timeoutSeconds`,
        `${p}.periodSeconds`,
        `${p}.successThreshold`,
        `${p}.failureThreshold`,
        `${p}.httpGet.scheme`,
      ]),
    ].map((f) => `${l}.*.${f}`),
  ),
  ...["secret", "configMap", "projected", "downwardAPI"].map((v) => `volumes.*.${v}.defaultMode`),
  "volumes.*.hostPath.type",
]);

/** API defaults by kind, from the object's root. */
const KIND_DEFAULTS: Record<string, string[]> = {
  Pod: ["spec.enableServiceLinks"],
  Deployment: ["spec.replicas", "spec.strategy", "spec.revisionHistoryLimit", "spec.progressDeadlineSeconds"],
  ReplicaSet: ["spec.replicas"],
  ReplicationController: ["spec.replicas"],
  StatefulSet: [
    "spec.replicas",
    "spec.podManagementPolicy",
    "spec.updateStrategy",
    "spec.revisionHistoryLimit",
    "spec.persistentVolumeClaimRetentionPolicy",
  ],
  DaemonSet: ["spec.updateStrategy", "spec.revisionHistoryLimit"],
  Job: [
    "spec.backoffLimit",
    "spec.completions",
    "spec.parallelism",
    "spec.completionMode",
    "spec.suspend",
    "spec.podReplacementPolicy",
  ],
  CronJob: [
    "spec.concurrencyPolicy",
    "spec.suspend",
    "spec.successfulJobsHistoryLimit",
    "spec.failedJobsHistoryLimit",
  ],
  Service: [
    "spec.type",
    "spec.sessionAffinity",
    "spec.ports.*.protocol",
    "spec.ports.*.targetPort",
    "spec.ipFamilyPolicy",
    "spec.internalTrafficPolicy",
  ],
  Secret: ["type"],
  PersistentVolumeClaim: ["spec.volumeMode"],
};

/** Values the API server allocates (not defaults, not admission): a Service's cluster IPs, a Namespace's finalizer. */
const KIND_ALLOCATED: Record<string, string[]> = {
  Service: ["spec.clusterIP", "spec.clusterIPs", "spec.ipFamilies", "spec.ports.*.nodePort"],
  Namespace: ["spec.finalizers", "metadata.labels.kubernetes.io/metadata.name"],
};

function podSpecRelative(kind: string, path: string): string | undefined {
  const prefix = POD_SPEC[kind];
  return prefix && path.startsWith(prefix + ".") ? path.slice(prefix.length + 1) : undefined;
}

/** Whether a path of an object of this kind is a known API default. */
export function isKnownDefault(kind: string, segments: readonly PathSegment[]): boolean {
  const path = genericPath(segments);
  if (KIND_DEFAULTS[kind]?.includes(path)) return true;
  const rel = podSpecRelative(kind, path);
  return rel !== undefined && POD_SPEC_DEFAULTS.has(rel);
}

/** Whether a path of an object of this kind is allocated by the API server's registry. */
export function isKnownAllocation(kind: string, segments: readonly PathSegment[]): boolean {
  const path = genericPath(segments);
  return KIND_ALLOCATED[kind]?.some((p) => p === path || path.startsWith(p + ".")) ?? false;
}

export const SERVICE_ACCOUNT_PLUGIN = "ServiceAccount admission plugin";
export const DEFAULT_TOLERATION_PLUGIN = "DefaultTolerationSeconds admission plugin";
export const PRIORITY_PLUGIN = "Priority admission plugin";
/** What kubewire says when a mutation matches no built-in plugin's known change. */
export const UNKNOWN_MUTATOR = "a mutating admission webhook (or a plugin kubewire does not know)";

const SA_MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";

/**
 * The built-in admission plugin that makes this change, when it is one of the known ones: ServiceAccount
 * (token volume, mounts, service account name), DefaultTolerationSeconds, Priority, RuntimeClass, LimitRanger,
 * DefaultStorageClass, DefaultIngressClass.
 */
export function knownAdmissionSource(
  kind: string,
  segments: readonly PathSegment[],
  value: unknown,
  object: unknown,
): string | undefined {
  const path = genericPath(segments);
  const rel = podSpecRelative(kind, path);
  if (rel !== undefined) {
    if (rel === "serviceAccountName" || rel === "serviceAccount") return SERVICE_ACCOUNT_PLUGIN;
    if (rel === "volumes.*" && isJsonObject(value) && String(value.name).startsWith("kube-api-access-"))
      return SERVICE_ACCOUNT_PLUGIN;
    if (
      rel === "volumes" &&
      Array.isArray(value) &&
      value.every((v) => isJsonObject(v) && String(v.name).startsWith("kube-api-access-"))
    )
      return SERVICE_ACCOUNT_PLUGIN;
    const mounts = CONTAINER_LISTS.some((l) => rel === `${l}.*.volumeMounts.*`);
    if (mounts && isJsonObject(value) && value.mountPath === SA_MOUNT) return SERVICE_ACCOUNT_PLUGIN;
    const tolerations = (v: unknown) =>
      isJsonObject(v) &&
      (v.key === "node.kubernetes.io/not-ready" || v.key === "node.kubernetes.io/unreachable") &&
      v.effect === "NoExecute";
    if (rel === "tolerations.*" && tolerations(value)) return DEFAULT_TOLERATION_PLUGIN;
    if (rel === "tolerations" && Array.isArray(value) && value.every(tolerations))
      return DEFAULT_TOLERATION_PLUGIN;
    if (rel === "priority" || rel === "preemptionPolicy" || rel === "priorityClassName")
      return PRIORITY_PLUGIN;
    if (rel === "overhead" || rel === "runtimeClassName") return "RuntimeClass admission plugin";
    const annotations =
      isJsonObject(object) && isJsonObject(object.metadata) ? object.metadata.annotations : undefined;
    if (
      CONTAINER_LISTS.some((l) => rel.startsWith(`${l}.*.resources`)) &&
      isJsonObject(annotations) &&
      "kubernetes.io/limit-ranger" in annotations
    )
      return "LimitRanger admission plugin";
  }
  if (path === "metadata.annotations.kubernetes.io/limit-ranger") return "LimitRanger admission plugin";
  if (kind === "PersistentVolumeClaim" && path === "spec.storageClassName")
    return "DefaultStorageClass admission plugin";
  if (kind === "Ingress" && path === "spec.ingressClassName") return "DefaultIngressClass admission plugin";
  return undefined;
}
