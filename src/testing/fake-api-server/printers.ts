/**
 * kube-apiserver 1.28's printers for built-in kinds (k8s.io/kubernetes pkg/printers/internalversion/printers.go):
 * the column definitions and the cells each `print<Kind>` function writes. Later releases added columns this server
 * (which claims 1.28.7) leaves out: Jobs' Status and CronJobs' Timezone (1.30), PersistentVolumeClaims'
 * VolumeAttributesClass (1.29). The server always prints wide (its table
 * convertor asks for `Wide: true`), so every row carries the priority-1 cells too and kubectl drops them unless
 * `-o wide`. Integers the Go code appends as int64 are numbers; everything else is a string.
 */
import { FIELD_DOCS } from "./printer-docs.js";
import {
  accessModes,
  arr,
  boolPtr,
  containerCells,
  formatLabels,
  formatLabelSelector,
  int,
  intOrString,
  isObj,
  joinHostPort,
  loadBalancerStatus,
  obj,
  selectorString,
  since,
  str,
  templateSpec,
  withMore,
} from "./printer-format.js";
import type { Obj } from "./printer-format.js";

export interface TableColumn {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export interface Printer {
  columns: TableColumn[];
  cells: (obj: Obj, now: number) => unknown[];
}

export const NAME_DESCRIPTION =
  "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
export const AGE_DESCRIPTION =
  "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
const CONTAINERS_DESCRIPTION = "Names of each container in the template.";
const IMAGES_DESCRIPTION = "Images referenced by each container in the template.";

/** A column; `description` is a FIELD_DOCS key (`Type.field`) or, when no such key exists, the text itself. */
function col(name: string, type: string, description: string, priority = 0, format = ""): TableColumn {
  return { name, type, format, description: FIELD_DOCS[description] ?? description, priority };
}

const NAME = col("Name", "string", NAME_DESCRIPTION, 0, "name");
const AGE = col("Age", "string", AGE_DESCRIPTION);
/** The Name and Age columns every printer starts and (mostly) ends with, also the hand-written ones of tables.ts. */
export { NAME as NAME_COLUMN, AGE as AGE_COLUMN };
const CONTAINERS = col("Containers", "string", CONTAINERS_DESCRIPTION, 1);
const IMAGES = col("Images", "string", IMAGES_DESCRIPTION, 1);

function meta(o: Obj): Obj {
  return obj(o.metadata);
}
const name = (o: Obj): string => str(meta(o).name);
const age = (o: Obj, now: number): string => since(meta(o).creationTimestamp, now);
const spec = (o: Obj): Obj => obj(o.spec);
const status = (o: Obj): Obj => obj(o.status);

function conditionTrue(conditions: unknown, type: string): boolean {
  const c = arr(conditions)
    .map(obj)
    .find((x) => x.type === type);
  return c !== undefined && c.status === "True";
}

// --- Pod -------------------------------------------------------------------------------------------------------

function isRestartableInit(container: Obj | undefined): boolean {
  return container !== undefined && container.restartPolicy === "Always";
}

function laterThan(a: string, b: string): boolean {
  return b === "" ? a !== "" : a !== "" && Date.parse(a) > Date.parse(b);
}

function podCells(pod: Obj, now: number): unknown[] {
  const s = spec(pod);
  const st = status(pod);
  const initSpecs = arr(s.initContainers).map(obj);
  const initByName = new Map(initSpecs.map((c) => [str(c.name), c]));
  let restarts = 0;
  let restartableRestarts = 0;
  const total = arr(s.containers).length + initSpecs.filter(isRestartableInit).length;
  let ready = 0;
  let lastRestart = "";
  let lastRestartableRestart = "";
  // kube-apiserver creates every pod with phase Pending; this server stores pods as sent, status and all.
  const phase = str(st.phase) || "Pending";
  let reason = str(st.reason) !== "" ? str(st.reason) : phase;
  for (const c of arr(st.conditions).map(obj))
    if (c.type === "PodScheduled" && c.reason === "SchedulingGated") reason = "SchedulingGated";

  let initializing = false;
  const initStatuses = arr(st.initContainerStatuses).map(obj);
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i]!;
    const restartable = isRestartableInit(initByName.get(str(c.name)));
    const finished = str(obj(obj(c.lastState).terminated).finishedAt);
    restarts += int(c.restartCount);
    if (isObj(obj(c.lastState).terminated) && laterThan(finished, lastRestart)) lastRestart = finished;
    if (restartable) {
      restartableRestarts += int(c.restartCount);
      if (isObj(obj(c.lastState).terminated) && laterThan(finished, lastRestartableRestart))
        lastRestartableRestart = finished;
    }
    const state = obj(c.state);
    const terminated = isObj(state.terminated) ? state.terminated : undefined;
    const waiting = isObj(state.waiting) ? state.waiting : undefined;
    if (terminated && int(terminated.exitCode) === 0) continue;
    if (restartable && c.started === true) {
      if (c.ready === true) ready++;
      continue;
    }
    if (terminated) {
      if (str(terminated.reason) === "")
        reason =
          int(terminated.signal) !== 0
            ? `Init:Signal:${int(terminated.signal)}`
            : `Init:ExitCode:${int(terminated.exitCode)}`;
      else reason = "Init:" + str(terminated.reason);
    } else if (waiting && str(waiting.reason) !== "" && waiting.reason !== "PodInitializing") {
      reason = "Init:" + str(waiting.reason);
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(st.conditions, "Initialized")) {
    restarts = restartableRestarts;
    lastRestart = lastRestartableRestart;
    let hasRunning = false;
    const statuses = arr(st.containerStatuses).map(obj);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      restarts += int(c.restartCount);
      const lastTerminated = obj(c.lastState).terminated;
      if (isObj(lastTerminated) && laterThan(str(lastTerminated.finishedAt), lastRestart))
        lastRestart = str(lastTerminated.finishedAt);
      const state = obj(c.state);
      const waiting = isObj(state.waiting) ? state.waiting : undefined;
      const terminated = isObj(state.terminated) ? state.terminated : undefined;
      if (waiting && str(waiting.reason) !== "") reason = str(waiting.reason);
      else if (terminated && str(terminated.reason) !== "") reason = str(terminated.reason);
      else if (terminated)
        reason =
          int(terminated.signal) !== 0
            ? `Signal:${int(terminated.signal)}`
            : `ExitCode:${int(terminated.exitCode)}`;
      else if (c.ready === true && isObj(state.running)) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === "Completed" && hasRunning)
      reason = conditionTrue(st.conditions, "Ready") ? "Running" : "NotReady";
  }

  const deleting = typeof meta(pod).deletionTimestamp === "string";
  if (deleting && st.reason === "NodeLost") reason = "Unknown";
  // 1.28 says Terminating even for a Succeeded or Failed pod (kubernetes#122038 changed that later).
  else if (deleting) reason = "Terminating";

  const restartsText =
    restarts !== 0 && lastRestart !== "" ? `${restarts} (${since(lastRestart, now)} ago)` : String(restarts);

  const podIP = str(obj(arr(st.podIPs)[0]).ip) || "<none>";
  let readinessGates = "<none>";
  const gates = arr(s.readinessGates).map(obj);
  if (gates.length > 0) {
    let trueConditions = 0;
    for (const gate of gates) {
      const c = arr(st.conditions)
        .map(obj)
        .find((x) => x.type === gate.conditionType);
      if (c?.status === "True") trueConditions++;
    }
    readinessGates = `${trueConditions}/${gates.length}`;
  }
  return [
    name(pod),
    `${ready}/${total}`,
    reason,
    restartsText,
    age(pod, now),
    podIP,
    str(s.nodeName) || "<none>",
    str(st.nominatedNodeName) || "<none>",
    readinessGates,
  ];
}

const POD: Printer = {
  columns: [
    NAME,
    col("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
    col("Status", "string", "The aggregate status of the containers in this pod."),
    col(
      "Restarts",
      "string",
      "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.",
    ),
    AGE,
    col("IP", "string", "PodStatus.podIP", 1),
    col("Node", "string", "PodSpec.nodeName", 1),
    col("Nominated Node", "string", "PodStatus.nominatedNodeName", 1),
    col("Readiness Gates", "string", "PodSpec.readinessGates", 1),
  ],
  cells: podCells,
};

// --- Workloads -------------------------------------------------------------------------------------------------

/** `spec.replicas`, which defaulting makes 1 when a manifest leaves it out (this server stores it as sent). */
function desiredReplicas(o: Obj): number {
  return typeof spec(o).replicas === "number" ? int(spec(o).replicas) : 1;
}

const DEPLOYMENT: Printer = {
  columns: [
    NAME,
    col("Ready", "string", "Number of the pod with ready state"),
    col("Up-to-date", "string", "DeploymentStatus.updatedReplicas"),
    col("Available", "string", "DeploymentStatus.availableReplicas"),
    AGE,
    CONTAINERS,
    IMAGES,
    col("Selector", "string", "DeploymentSpec.selector", 1),
  ],
  cells: (o, now) => {
    const [names, images] = containerCells(templateSpec(o));
    const desired = desiredReplicas(o);
    return [
      name(o),
      `${int(status(o).readyReplicas)}/${desired}`,
      int(status(o).updatedReplicas),
      int(status(o).availableReplicas),
      age(o, now),
      names,
      images,
      selectorString(spec(o).selector) ?? "<invalid>",
    ];
  },
};

const REPLICA_SET: Printer = {
  columns: [
    NAME,
    col("Desired", "integer", "ReplicaSetSpec.replicas"),
    col("Current", "integer", "ReplicaSetStatus.replicas"),
    col("Ready", "integer", "ReplicaSetStatus.readyReplicas"),
    AGE,
    CONTAINERS,
    IMAGES,
    col("Selector", "string", "ReplicaSetSpec.selector", 1),
  ],
  cells: (o, now) => {
    const [names, images] = containerCells(templateSpec(o));
    const desired = desiredReplicas(o);
    return [
      name(o),
      desired,
      int(status(o).replicas),
      int(status(o).readyReplicas),
      age(o, now),
      names,
      images,
      formatLabelSelector(spec(o).selector),
    ];
  },
};

const STATEFUL_SET: Printer = {
  columns: [NAME, col("Ready", "string", "Number of the pod with ready state"), AGE, CONTAINERS, IMAGES],
  cells: (o, now) => {
    const [names, images] = containerCells(templateSpec(o));
    const desired = desiredReplicas(o);
    return [name(o), `${int(status(o).readyReplicas)}/${desired}`, age(o, now), names, images];
  },
};

const DAEMON_SET: Printer = {
  columns: [
    NAME,
    col("Desired", "integer", "DaemonSetStatus.desiredNumberScheduled"),
    col("Current", "integer", "DaemonSetStatus.currentNumberScheduled"),
    col("Ready", "integer", "DaemonSetStatus.numberReady"),
    col("Up-to-date", "integer", "DaemonSetStatus.updatedNumberScheduled"),
    col("Available", "integer", "DaemonSetStatus.numberAvailable"),
    col("Node Selector", "string", "PodSpec.nodeSelector"),
    AGE,
    CONTAINERS,
    IMAGES,
    col("Selector", "string", "DaemonSetSpec.selector", 1),
  ],
  cells: (o, now) => {
    const st = status(o);
    const [names, images] = containerCells(templateSpec(o));
    return [
      name(o),
      int(st.desiredNumberScheduled),
      int(st.currentNumberScheduled),
      int(st.numberReady),
      int(st.updatedNumberScheduled),
      int(st.numberAvailable),
      formatLabels(templateSpec(o).nodeSelector),
      age(o, now),
      names,
      images,
      formatLabelSelector(spec(o).selector),
    ];
  },
};

const JOB: Printer = {
  columns: [
    NAME,
    col("Completions", "string", "JobStatus.succeeded"),
    col("Duration", "string", "Time required to complete the job."),
    AGE,
    CONTAINERS,
    IMAGES,
    col("Selector", "string", "JobSpec.selector", 1),
  ],
  cells: (o, now) => {
    const s = spec(o);
    const st = status(o);
    const succeeded = int(st.succeeded);
    let completions: string;
    if (typeof s.completions === "number") completions = `${succeeded}/${s.completions}`;
    else {
      const parallelism = int(s.parallelism);
      completions = parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
    }
    let duration = "";
    if (typeof st.startTime === "string")
      duration =
        typeof st.completionTime === "string"
          ? since(st.startTime, Date.parse(st.completionTime))
          : since(st.startTime, now);
    const [names, images] = containerCells(templateSpec(o));
    return [name(o), completions, duration, age(o, now), names, images, formatLabelSelector(s.selector)];
  },
};

const CRON_JOB: Printer = {
  columns: [
    NAME,
    col("Schedule", "string", "CronJobSpec.schedule"),
    col("Suspend", "boolean", "CronJobSpec.suspend"),
    col("Active", "integer", "CronJobStatus.active"),
    col("Last Schedule", "string", "CronJobStatus.lastScheduleTime"),
    AGE,
    CONTAINERS,
    IMAGES,
    col("Selector", "string", "JobSpec.selector", 1),
  ],
  cells: (o, now) => {
    const s = spec(o);
    const st = status(o);
    const jobSpec = obj(obj(s.jobTemplate).spec);
    const [names, images] = containerCells(obj(obj(jobSpec.template).spec));
    // Defaulting makes spec.suspend false when a manifest leaves it out.
    const suspend = typeof s.suspend === "boolean" ? s.suspend : false;
    return [
      name(o),
      str(s.schedule),
      boolPtr(suspend),
      arr(st.active).length,
      typeof st.lastScheduleTime === "string" ? since(st.lastScheduleTime, now) : "<none>",
      age(o, now),
      names,
      images,
      formatLabelSelector(jobSpec.selector),
    ];
  },
};

// --- Networking ------------------------------------------------------------------------------------------------

function serviceExternalIP(s: Obj, st: Obj, wide: boolean): string {
  const externalIPs = arr(s.externalIPs).map(String);
  switch (s.type ?? "ClusterIP") {
    case "ClusterIP":
    case "NodePort":
      return externalIPs.length > 0 ? externalIPs.join(",") : "<none>";
    case "LoadBalancer": {
      const lb = loadBalancerStatus(st.loadBalancer, wide);
      if (externalIPs.length > 0) return [...(lb ? lb.split(",") : []), ...externalIPs].join(",");
      return lb !== "" ? lb : "<pending>";
    }
    case "ExternalName":
      return str(s.externalName);
  }
  return "<unknown>";
}

const SERVICE: Printer = {
  columns: [
    NAME,
    col("Type", "string", "ServiceSpec.type"),
    col("Cluster-IP", "string", "ServiceSpec.clusterIP"),
    col("External-IP", "string", "ServiceSpec.externalIPs"),
    col("Port(s)", "string", "ServiceSpec.ports"),
    AGE,
    col("Selector", "string", "ServiceSpec.selector", 1),
  ],
  cells: (o, now) => {
    const s = spec(o);
    // kube-apiserver fills spec.clusterIPs from spec.clusterIP; this server stores what was sent.
    const clusterIP = str(arr(s.clusterIPs)[0]) || str(s.clusterIP) || "<none>";
    const ports = arr(s.ports)
      .map(obj)
      .map((p) => {
        const protocol = str(p.protocol) || "TCP"; // the API default
        return int(p.nodePort) > 0
          ? `${int(p.port)}:${int(p.nodePort)}/${protocol}`
          : `${int(p.port)}/${protocol}`;
      })
      .join(",");
    return [
      name(o),
      str(s.type) || "ClusterIP",
      clusterIP,
      serviceExternalIP(s, status(o), true),
      ports || "<none>",
      age(o, now),
      formatLabels(s.selector),
    ];
  },
};

function formatHosts(rules: Obj[]): string {
  const list: string[] = [];
  let more = false;
  for (const rule of rules) {
    if (list.length === 3) more = true;
    if (!more && str(rule.host) !== "") list.push(str(rule.host));
  }
  if (list.length === 0) return "*";
  return more ? `${list.join(",")} + ${rules.length - 3} more...` : list.join(",");
}

const INGRESS: Printer = {
  columns: [
    NAME,
    col(
      "Class",
      "string",
      "The name of the IngressClass resource that should be used for additional configuration",
    ),
    col("Hosts", "string", "Hosts that incoming requests are matched against before the ingress rule"),
    col("Address", "string", "Address is a list containing ingress points for the load-balancer"),
    col("Ports", "string", "Ports of TLS configurations that open"),
    AGE,
  ],
  cells: (o, now) => {
    const s = spec(o);
    return [
      name(o),
      typeof s.ingressClassName === "string" ? s.ingressClassName : "<none>",
      formatHosts(arr(s.rules).map(obj)),
      loadBalancerStatus(status(o).loadBalancer, true),
      arr(s.tls).length > 0 ? "80, 443" : "80",
      age(o, now),
    ];
  },
};

function formatEndpoints(o: Obj): string {
  const subsets = arr(o.subsets).map(obj);
  if (subsets.length === 0) return "<none>";
  const list: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const addresses = arr(ss.addresses).map(obj);
    const ports = arr(ss.ports).map(obj);
    if (ports.length === 0) {
      count += addresses.length;
      for (const a of addresses) if (list.length < 3) list.push(str(a.ip));
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const a of addresses) if (list.length < 3) list.push(joinHostPort(str(a.ip), int(port.port)));
    }
  }
  return withMore(list, count, 3);
}

const ENDPOINTS: Printer = {
  columns: [NAME, col("Endpoints", "string", "Endpoints.subsets"), AGE],
  cells: (o, now) => [name(o), formatEndpoints(o), age(o, now)],
};

// --- Access ----------------------------------------------------------------------------------------------------

const SERVICE_ACCOUNT: Printer = {
  columns: [NAME, col("Secrets", "string", "ServiceAccount.secrets"), AGE],
  cells: (o, now) => [name(o), arr(o.secrets).length, age(o, now)],
};

function bindingPrinter(kind: "RoleBinding" | "ClusterRoleBinding", noun: string): Printer {
  return {
    columns: [
      NAME,
      col("Role", "string", `${kind}.roleRef`),
      AGE,
      col("Users", "string", `Users in the ${noun}`, 1),
      col("Groups", "string", `Groups in the ${noun}`, 1),
      col("ServiceAccounts", "string", `ServiceAccounts in the ${noun}`, 1),
    ],
    cells: (o, now) => {
      const users: string[] = [];
      const groups: string[] = [];
      const sas: string[] = [];
      for (const subject of arr(o.subjects).map(obj)) {
        if (subject.kind === "ServiceAccount") sas.push(`${str(subject.namespace)}/${str(subject.name)}`);
        else if (subject.kind === "User") users.push(str(subject.name));
        else if (subject.kind === "Group") groups.push(str(subject.name));
      }
      const roleRef = obj(o.roleRef);
      return [
        name(o),
        `${str(roleRef.kind)}/${str(roleRef.name)}`,
        age(o, now),
        users.join(", "),
        groups.join(", "),
        sas.join(", "),
      ];
    },
  };
}

// --- Storage, cluster, policy ----------------------------------------------------------------------------------

const PERSISTENT_VOLUME_CLAIM: Printer = {
  columns: [
    NAME,
    col("Status", "string", "PersistentVolumeClaimStatus.phase"),
    col("Volume", "string", "PersistentVolumeClaimSpec.volumeName"),
    col("Capacity", "string", "PersistentVolumeClaimStatus.capacity"),
    col("Access Modes", "string", "PersistentVolumeClaimStatus.accessModes"),
    col("StorageClass", "string", "StorageClass of the pvc"),
    AGE,
    col("VolumeMode", "string", "PersistentVolumeClaimSpec.volumeMode", 1),
  ],
  cells: (o, now) => {
    const s = spec(o);
    const st = status(o);
    const phase = typeof meta(o).deletionTimestamp === "string" ? "Terminating" : str(st.phase);
    const bound = str(s.volumeName) !== "";
    const annotations = obj(meta(o).annotations);
    const storageClass =
      typeof annotations["volume.beta.kubernetes.io/storage-class"] === "string"
        ? annotations["volume.beta.kubernetes.io/storage-class"]
        : str(s.storageClassName);
    return [
      name(o),
      phase,
      str(s.volumeName),
      bound ? str(obj(st.capacity).storage) : "",
      bound ? accessModes(st.accessModes) : "",
      storageClass,
      age(o, now),
      typeof s.volumeMode === "string" ? s.volumeMode : "<unset>",
    ];
  },
};

function nodeRoles(o: Obj): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(obj(meta(o).labels))) {
    if (k.startsWith("node-role.kubernetes.io/")) {
      const role = k.slice("node-role.kubernetes.io/".length);
      if (role !== "") roles.add(role);
    } else if (k === "kubernetes.io/role" && v !== "") roles.add(String(v));
  }
  return [...roles].sort().join(",") || "<none>";
}

function nodeAddress(o: Obj, type: string): string {
  const a = arr(status(o).addresses)
    .map(obj)
    .find((x) => x.type === type);
  return a ? str(a.address) : "<none>";
}

const NODE: Printer = {
  columns: [
    NAME,
    col("Status", "string", "The status of the node"),
    col("Roles", "string", "The roles of the node"),
    AGE,
    col("Version", "string", "NodeSystemInfo.kubeletVersion"),
    col("Internal-IP", "string", "NodeStatus.addresses", 1),
    col("External-IP", "string", "NodeStatus.addresses", 1),
    col("OS-Image", "string", "NodeSystemInfo.osImage", 1),
    col("Kernel-Version", "string", "NodeSystemInfo.kernelVersion", 1),
    col("Container-Runtime", "string", "NodeSystemInfo.containerRuntimeVersion", 1),
  ],
  cells: (o, now) => {
    const states: string[] = [];
    const ready = arr(status(o).conditions)
      .map(obj)
      .filter((c) => c.type === "Ready")
      .pop();
    if (ready) states.push(ready.status === "True" ? "Ready" : "NotReady");
    else states.push("Unknown");
    if (spec(o).unschedulable === true) states.push("SchedulingDisabled");
    const info = obj(status(o).nodeInfo);
    return [
      name(o),
      states.join(","),
      nodeRoles(o),
      age(o, now),
      str(info.kubeletVersion),
      nodeAddress(o, "InternalIP"),
      nodeAddress(o, "ExternalIP"),
      str(info.osImage) || "<unknown>",
      str(info.kernelVersion) || "<unknown>",
      str(info.containerRuntimeVersion) || "<unknown>",
    ];
  },
};

function eventSource(o: Obj): string {
  const source = obj(o.source);
  const component = str(source.component) || str(o.reportingComponent);
  const instance = str(source.host) || str(o.reportingInstance);
  return instance === "" ? component : `${component}, ${instance}`;
}

const EVENT: Printer = {
  columns: [
    col("Last Seen", "string", "Event.lastTimestamp"),
    col("Type", "string", "Event.type"),
    col("Reason", "string", "Event.reason"),
    col("Object", "string", "Event.involvedObject"),
    col("Subobject", "string", "ObjectReference.fieldPath", 1),
    col("Source", "string", "Event.source", 1),
    col("Message", "string", "Event.message"),
    col("First Seen", "string", "Event.firstTimestamp", 1),
    col("Count", "string", "Event.count", 1),
    col("Name", "string", NAME_DESCRIPTION, 1, "name"),
  ],
  cells: (o, now) => {
    const first = str(o.firstTimestamp) !== "" ? since(o.firstTimestamp, now) : since(o.eventTime, now);
    let last = str(o.lastTimestamp) !== "" ? since(o.lastTimestamp, now) : first;
    let count = int(o.count);
    if (isObj(o.series)) {
      last = since(o.series.lastObservedTime, now);
      count = int(o.series.count);
    } else if (count === 0) count = 1; // singleton events carry no count in the events.k8s.io API
    const involved = obj(o.involvedObject);
    const kind = str(involved.kind).toLowerCase();
    const target = str(involved.name) !== "" ? `${kind}/${str(involved.name)}` : kind;
    return [
      last,
      str(o.type),
      str(o.reason),
      target,
      str(involved.fieldPath),
      eventSource(o),
      str(o.message).trim(),
      first,
      count,
      name(o),
    ];
  },
};

const POD_DISRUPTION_BUDGET: Printer = {
  columns: [
    NAME,
    col("Min Available", "string", "The minimum number of pods that must be available."),
    col("Max Unavailable", "string", "The maximum number of pods that may be unavailable."),
    col("Allowed Disruptions", "integer", "Calculated number of pods that may be disrupted at this time."),
    AGE,
  ],
  cells: (o, now) => {
    const s = spec(o);
    return [
      name(o),
      s.minAvailable !== undefined ? intOrString(s.minAvailable) : "N/A",
      s.maxUnavailable !== undefined ? intOrString(s.maxUnavailable) : "N/A",
      int(status(o).disruptionsAllowed),
      age(o, now),
    ];
  },
};

const PRIORITY_CLASS: Printer = {
  // PreemptionPolicy has priority 0 upstream although only the wide printer fills it; the server prints wide.
  columns: [
    NAME,
    col("Value", "integer", "PriorityClass.value"),
    col("Global-Default", "boolean", "PriorityClass.globalDefault"),
    AGE,
    col("PreemptionPolicy", "string", "PriorityClass.preemptionPolicy"),
  ],
  cells: (o, now) => [
    name(o),
    int(o.value),
    o.globalDefault === true,
    age(o, now),
    // Defaulting makes preemptionPolicy PreemptLowerPriority when a manifest leaves it out.
    typeof o.preemptionPolicy === "string" ? o.preemptionPolicy : "PreemptLowerPriority",
  ],
};

const RESOURCE_QUOTA: Printer = {
  columns: [
    NAME,
    col(
      "Request",
      "string",
      "Request represents a minimum amount of cpu/memory that a container may consume.",
    ),
    col(
      "Limit",
      "string",
      "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.",
    ),
    AGE,
  ],
  cells: (o, now) => {
    const hard = obj(status(o).hard);
    const used = obj(status(o).used);
    const request: string[] = [];
    const limit: string[] = [];
    for (const resource of Object.keys(hard).sort()) {
      const pieces = resource.split(".");
      const target = pieces.length > 1 && pieces[0] === "limits" ? limit : request;
      // A missing used quantity is Go's zero Quantity, which prints "0".
      target.push(`${resource}: ${str(used[resource]) || "0"}/${str(hard[resource])}`);
    }
    return [name(o), request.join(", "), limit.join(", "), age(o, now)];
  },
};

const LEASE: Printer = {
  columns: [NAME, col("Holder", "string", "LeaseSpec.holderIdentity"), AGE],
  cells: (o, now) => [name(o), str(spec(o).holderIdentity), age(o, now)],
};

/** The printers by `group/Kind` (core group empty). */
export const BUILTIN_PRINTERS: ReadonlyMap<string, Printer> = new Map([
  ["/Pod", POD],
  ["apps/Deployment", DEPLOYMENT],
  ["/Service", SERVICE],
  ["apps/ReplicaSet", REPLICA_SET],
  ["apps/StatefulSet", STATEFUL_SET],
  ["apps/DaemonSet", DAEMON_SET],
  ["batch/Job", JOB],
  ["batch/CronJob", CRON_JOB],
  ["networking.k8s.io/Ingress", INGRESS],
  ["/ServiceAccount", SERVICE_ACCOUNT],
  ["rbac.authorization.k8s.io/RoleBinding", bindingPrinter("RoleBinding", "roleBinding")],
  [
    "rbac.authorization.k8s.io/ClusterRoleBinding",
    bindingPrinter("ClusterRoleBinding", "clusterRoleBinding"),
  ],
  ["/PersistentVolumeClaim", PERSISTENT_VOLUME_CLAIM],
  ["/Endpoints", ENDPOINTS],
  ["/Node", NODE],
  ["/Event", EVENT],
  ["policy/PodDisruptionBudget", POD_DISRUPTION_BUDGET],
  ["scheduling.k8s.io/PriorityClass", PRIORITY_CLASS],
  ["/ResourceQuota", RESOURCE_QUOTA],
  ["coordination.k8s.io/Lease", LEASE],
]);
