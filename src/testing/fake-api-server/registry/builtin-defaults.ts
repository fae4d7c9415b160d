/**
 * What kube-apiserver 1.28.7 fills in on a built-in object before it stores it, walking the object along its
 * OpenAPI definition so that a type's defaults apply wherever the type appears (a PodSpec in a Pod, a Deployment's
 * template, a CronJob's job template):
 *
 * - the API defaulting functions (`SetDefaults_*` of k8s.io/kubernetes pkg/apis/<group>/<version>/defaults.go),
 *   keyed by the definition they default, run before the definition's fields are walked, as the generated
 *   `SetObjectDefaults_*` call them;
 * - then Go's encoding of the typed object: a field without `omitempty` is written even when the client left it
 *   out (a struct as `{}`, a time as `null`, a number as `0`, a string as `""`). The OpenAPI definitions carry
 *   exactly those values as each property's `default`, so they drive it.
 */
import { isPlainObject } from "../json.js";
import { builtinOpenApi, refOf } from "../openapi/definitions.js";
import type { OpenApiSchema } from "../openapi/definitions.js";
import type { Obj } from "../store.js";

type Defaulter = (obj: Obj) => void;

const CORE = "io.k8s.api.core.v1";
const APPS = "io.k8s.api.apps.v1";
const BATCH = "io.k8s.api.batch.v1";
const TIME = "io.k8s.apimachinery.pkg.apis.meta.v1.Time";

/** Sets `obj[key]` when it is unset: absent, or the Go zero value a non-pointer field reads as unset. */
function fill(obj: Obj, key: string, value: unknown): void {
  const v = obj[key];
  if (v === undefined || v === null || v === "" || v === 0) obj[key] = value;
}

/** Sets `obj[key]` when it is absent (a pointer field, where a zero value is a value). */
function fillPointer(obj: Obj, key: string, value: unknown): void {
  if (obj[key] === undefined || obj[key] === null) obj[key] = value;
}

function child(obj: Obj, key: string): Obj {
  if (!isPlainObject(obj[key])) obj[key] = {};
  return obj[key] as Obj;
}

/** `IfNotPresent`, or `Always` for an image without a tag or tagged `latest` (a digest pins it). */
function imagePullPolicy(image: unknown): string {
  if (typeof image !== "string" || image.includes("@")) return "IfNotPresent";
  const name = image.slice(image.lastIndexOf("/") + 1);
  const colon = name.lastIndexOf(":");
  return colon < 0 || name.slice(colon + 1) === "latest" ? "Always" : "IfNotPresent";
}

function defaultContainer(c: Obj): void {
  fill(c, "terminationMessagePath", "/dev/termination-log");
  fill(c, "terminationMessagePolicy", "File");
  fill(c, "imagePullPolicy", imagePullPolicy(c.image));
}

const VOLUME_SOURCES_WITH_MODE = ["secret", "configMap", "downwardAPI", "projected"];

/** The API's defaulting functions, by the definition they default. */
const DEFAULTERS: Record<string, Defaulter> = {
  [`${CORE}.PodSpec`]: (spec) => {
    fill(spec, "dnsPolicy", "ClusterFirst");
    fill(spec, "restartPolicy", "Always");
    fillPointer(spec, "securityContext", {});
    fillPointer(spec, "terminationGracePeriodSeconds", 30);
    fill(spec, "schedulerName", "default-scheduler");
  },
  [`${CORE}.Pod`]: (pod) => {
    fillPointer(child(pod, "spec"), "enableServiceLinks", true);
  },
  [`${CORE}.Container`]: defaultContainer,
  [`${CORE}.EphemeralContainer`]: defaultContainer,
  [`${CORE}.ContainerPort`]: (p) => fill(p, "protocol", "TCP"),
  [`${CORE}.EndpointPort`]: (p) => fill(p, "protocol", "TCP"),
  [`${CORE}.Probe`]: (p) => {
    fill(p, "timeoutSeconds", 1);
    fill(p, "periodSeconds", 10);
    fill(p, "successThreshold", 1);
    fill(p, "failureThreshold", 3);
  },
  [`${CORE}.HTTPGetAction`]: (a) => {
    fill(a, "path", "/");
    fill(a, "scheme", "HTTP");
  },
  [`${CORE}.Volume`]: (v) => {
    if (Object.keys(v).every((k) => k === "name")) v.emptyDir = {};
  },
  ...Object.fromEntries(
    VOLUME_SOURCES_WITH_MODE.map((s) => [
      `${CORE}.${s[0]!.toUpperCase()}${s.slice(1)}VolumeSource`,
      (src: Obj) => fillPointer(src, "defaultMode", 420),
    ]),
  ),
  [`${CORE}.ServiceAccountTokenProjection`]: (t) => fillPointer(t, "expirationSeconds", 3600),
  [`${CORE}.ObjectFieldSelector`]: (s) => fill(s, "apiVersion", "v1"),
  [`${CORE}.ReplicationController`]: (rc) => {
    const spec = child(rc, "spec");
    const template = isPlainObject(spec.template) ? spec.template : undefined;
    const labels = isPlainObject(template?.metadata) ? template.metadata.labels : undefined;
    if (isPlainObject(labels)) {
      if (!isPlainObject(spec.selector) || Object.keys(spec.selector).length === 0)
        spec.selector = { ...labels };
      const meta = child(rc, "metadata");
      if (!isPlainObject(meta.labels) || Object.keys(meta.labels).length === 0) meta.labels = { ...labels };
    }
    fillPointer(spec, "replicas", 1);
  },
  [`${CORE}.Service`]: (svc) => {
    const spec = child(svc, "spec");
    fill(spec, "sessionAffinity", "None");
    fill(spec, "type", "ClusterIP");
    if (Array.isArray(spec.ports))
      for (const port of spec.ports)
        if (isPlainObject(port)) {
          fill(port, "protocol", "TCP");
          fill(port, "targetPort", port.port);
        }
    if (spec.type === "NodePort" || spec.type === "LoadBalancer")
      fill(spec, "externalTrafficPolicy", "Cluster");
    if (spec.type !== "ExternalName") fillPointer(spec, "internalTrafficPolicy", "Cluster");
    if (spec.type === "LoadBalancer") fillPointer(spec, "allocateLoadBalancerNodePorts", true);
    if (spec.sessionAffinity === "ClientIP") {
      const config = child(spec, "sessionAffinityConfig");
      fillPointer(child(config, "clientIP"), "timeoutSeconds", 10800);
    }
  },
  [`${CORE}.PersistentVolumeClaim`]: (pvc) => {
    fillPointer(child(pvc, "spec"), "volumeMode", "Filesystem");
    fill(child(pvc, "status"), "phase", "Pending");
  },
  [`${CORE}.PersistentVolume`]: (pv) => {
    const spec = child(pv, "spec");
    fill(spec, "persistentVolumeReclaimPolicy", "Retain");
    fillPointer(spec, "volumeMode", "Filesystem");
    fill(child(pv, "status"), "phase", "Pending");
  },
  [`${APPS}.Deployment`]: (d) => {
    const spec = child(d, "spec");
    fillPointer(spec, "replicas", 1);
    const strategy = child(spec, "strategy");
    fill(strategy, "type", "RollingUpdate");
    if (strategy.type === "RollingUpdate") {
      const rolling = child(strategy, "rollingUpdate");
      fillPointer(rolling, "maxUnavailable", "25%");
      fillPointer(rolling, "maxSurge", "25%");
    }
    fillPointer(spec, "revisionHistoryLimit", 10);
    fillPointer(spec, "progressDeadlineSeconds", 600);
  },
  [`${APPS}.StatefulSet`]: (s) => {
    const spec = child(s, "spec");
    fill(spec, "podManagementPolicy", "OrderedReady");
    const strategy = child(spec, "updateStrategy");
    fill(strategy, "type", "RollingUpdate");
    if (strategy.type === "RollingUpdate") fillPointer(child(strategy, "rollingUpdate"), "partition", 0);
    const retention = child(spec, "persistentVolumeClaimRetentionPolicy");
    fill(retention, "whenDeleted", "Retain");
    fill(retention, "whenScaled", "Retain");
    fillPointer(spec, "replicas", 1);
    fillPointer(spec, "revisionHistoryLimit", 10);
  },
  [`${APPS}.DaemonSet`]: (d) => {
    const spec = child(d, "spec");
    const strategy = child(spec, "updateStrategy");
    fill(strategy, "type", "RollingUpdate");
    if (strategy.type === "RollingUpdate") {
      const rolling = child(strategy, "rollingUpdate");
      fillPointer(rolling, "maxUnavailable", 1);
      fillPointer(rolling, "maxSurge", 0);
    }
    fillPointer(spec, "revisionHistoryLimit", 10);
  },
  [`${APPS}.ReplicaSet`]: (rs) => fillPointer(child(rs, "spec"), "replicas", 1),
  [`${BATCH}.Job`]: (job) => {
    const spec = child(job, "spec");
    const template = isPlainObject(spec.template) ? spec.template : undefined;
    const templateLabels = isPlainObject(template?.metadata) ? template.metadata.labels : undefined;
    const meta = child(job, "metadata");
    if (
      isPlainObject(templateLabels) &&
      (!isPlainObject(meta.labels) || Object.keys(meta.labels).length === 0)
    )
      meta.labels = { ...templateLabels };
    if (spec.completions === undefined && spec.parallelism === undefined) {
      spec.completions = 1;
      spec.parallelism = 1;
    }
    fillPointer(spec, "parallelism", 1);
    fillPointer(spec, "backoffLimit", spec.backoffLimitPerIndex === undefined ? 6 : 2 ** 31 - 1);
    fillPointer(spec, "completionMode", "NonIndexed");
    fillPointer(spec, "suspend", false);
  },
  [`${BATCH}.CronJob`]: (cj) => {
    const spec = child(cj, "spec");
    fill(spec, "concurrencyPolicy", "Allow");
    fillPointer(spec, "suspend", false);
    fillPointer(spec, "successfulJobsHistoryLimit", 3);
    fillPointer(spec, "failedJobsHistoryLimit", 1);
  },
  "io.k8s.api.scheduling.v1.PriorityClass": (pc) =>
    fillPointer(pc, "preemptionPolicy", "PreemptLowerPriority"),
  "io.k8s.api.storage.v1.StorageClass": (sc) => {
    fillPointer(sc, "reclaimPolicy", "Delete");
    fillPointer(sc, "volumeBindingMode", "Immediate");
  },
  "io.k8s.api.networking.v1.NetworkPolicy": (np) => {
    const spec = child(np, "spec");
    if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0)
      spec.policyTypes =
        Array.isArray(spec.egress) && spec.egress.length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
  },
  "io.k8s.api.networking.v1.NetworkPolicyPort": (p) => fillPointer(p, "protocol", "TCP"),
  "io.k8s.api.rbac.v1.Subject": (s) => {
    if (s.apiGroup === undefined && (s.kind === "User" || s.kind === "Group"))
      s.apiGroup = "rbac.authorization.k8s.io";
  },
  "io.k8s.api.rbac.v1.RoleRef": (r) => fill(r, "apiGroup", "rbac.authorization.k8s.io"),
};

/** The value Go writes for a field left out, from its definition's `default` (a time is `null`). */
function zeroOf(property: OpenApiSchema): unknown {
  const ref = refOf(property);
  if (ref === TIME) return null;
  return structuredClone(property.default);
}

/**
 * Fills in what the server fills in on a built-in object of definition `definition`: its defaults and the fields
 * Go always writes. Mutates `obj`.
 */
export function applyBuiltinDefaults(obj: Obj, definition: string): void {
  const { definitions } = builtinOpenApi();
  const walk = (value: unknown, schema: OpenApiSchema): void => {
    const ref = refOf(schema);
    const resolved = ref ? (definitions[ref] ?? {}) : schema;
    if (Array.isArray(value)) {
      const items = isPlainObject(resolved.items) ? resolved.items : undefined;
      if (items) for (const item of value) walk(item, items);
      return;
    }
    if (!isPlainObject(value)) return;
    if (ref) DEFAULTERS[ref]?.(value);
    const properties = isPlainObject(resolved.properties) ? resolved.properties : undefined;
    if (properties) {
      for (const [key, property] of Object.entries(properties)) {
        if (!isPlainObject(property)) continue;
        if (value[key] === undefined && property.default !== undefined) value[key] = zeroOf(property);
        if (value[key] !== undefined) walk(value[key], property);
      }
      return;
    }
    const additional = resolved.additionalProperties;
    if (isPlainObject(additional)) for (const v of Object.values(value)) walk(v, additional);
  };
  walk(obj, { $ref: definition });
}
