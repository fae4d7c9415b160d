/**
 * The defaulting kube-apiserver 1.28 applies to the kinds the recorded workflows write (apps/v1 Deployment and its
 * pod template; ConfigMaps have none), as far as those workflows show it: the engine returns the merged object, and
 * the server defaults it before storing.
 */
type Obj = Record<string, unknown>;

function obj(parent: Obj, key: string): Obj {
  const v = parent[key];
  if (v && typeof v === "object" && !Array.isArray(v)) return v as Obj;
  return (parent[key] = {});
}

function podSpec(spec: Obj): void {
  for (const c of (spec.containers as Obj[] | undefined) ?? []) {
    c.resources ??= {};
    c.terminationMessagePath ??= "/dev/termination-log";
    c.terminationMessagePolicy ??= "File";
    c.imagePullPolicy ??=
      String(c.image).endsWith(":latest") || !String(c.image).includes(":") ? "Always" : "IfNotPresent";
  }
  spec.restartPolicy ??= "Always";
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= "ClusterFirst";
  spec.securityContext ??= {};
  spec.schedulerName ??= "default-scheduler";
}

export function defaultObject(kind: string, o: Obj): void {
  if (kind !== "Deployment") return;
  const spec = obj(o, "spec");
  spec.replicas ??= 1;
  const strategy = obj(spec, "strategy");
  strategy.type ??= "RollingUpdate";
  if (strategy.type === "RollingUpdate") {
    const ru = obj(strategy, "rollingUpdate");
    ru.maxUnavailable ??= "25%";
    ru.maxSurge ??= "25%";
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  podSpec(obj(obj(spec, "template"), "spec"));
}
