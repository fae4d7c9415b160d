import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeApiServer } from "../../src/testing/index.js";
import type { FakeApiServer } from "../../src/testing/index.js";
import { kubectlTestsRun, requireKubectl, runKubectl } from "../helpers/kubectl-binary.js";

/**
 * Real kubectl 1.33 printing the in-memory server's Tables for built-in kinds: `get <kind>` and `get <kind> -o wide`
 * show the columns and cells kube-apiserver's printers (pkg/printers/internalversion/printers.go) write. The
 * server's clock is fixed, so every AGE is 0s and the other times are exact.
 */

const binary = kubectlTestsRun("1.33") ? requireKubectl("1.33") : undefined;
const NOW = Date.parse("2026-11-25T12:00:00Z");
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString().replace(".000Z", "Z");
const NS = "tables";

type Obj = Record<string, unknown>;
const meta = (name: string, extra: Obj = {}) => ({ name, namespace: NS, ...extra });
const container = (name: string, image: string) => ({ name, image });

/** Objects, and the status each gets through its status subresource (create drops status, as kube-apiserver does). */
const OBJECTS: { object: Obj; status?: Obj }[] = [
  {
    object: {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: "node-1", labels: { "node-role.kubernetes.io/control-plane": "" } },
    },
    status: {
      conditions: [{ type: "Ready", status: "True" }],
      addresses: [{ type: "InternalIP", address: "172.18.0.2" }],
      nodeInfo: {
        kubeletVersion: "v1.28.7",
        osImage: "Ubuntu 22.04.4 LTS",
        kernelVersion: "6.5.0",
        containerRuntimeVersion: "containerd://1.7.13",
      },
    },
  },
  {
    object: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: meta("web-0", { labels: { app: "web" } }),
      spec: { nodeName: "node-1", containers: [container("web", "nginx:1.25")] },
    },
    status: {
      phase: "Running",
      podIPs: [{ ip: "10.0.0.5" }],
      conditions: [{ type: "Ready", status: "True" }],
      containerStatuses: [
        { name: "web", ready: true, restartCount: 0, state: { running: { startedAt: ago(30) } } },
      ],
    },
  },
  {
    object: {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta("web"),
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [container("web", "nginx:1.25")] },
        },
      },
    },
    status: { replicas: 2, readyReplicas: 2, updatedReplicas: 2, availableReplicas: 2 },
  },
  {
    object: {
      apiVersion: "v1",
      kind: "Service",
      metadata: meta("web"),
      spec: {
        clusterIP: "10.96.0.20",
        clusterIPs: ["10.96.0.20"],
        selector: { app: "web" },
        ports: [{ port: 80, targetPort: 8080 }],
      },
    },
  },
  {
    object: {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: meta("web-abc"),
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [container("web", "nginx:1.25")] },
        },
      },
    },
    status: { replicas: 2, readyReplicas: 1 },
  },
  {
    object: {
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: meta("db"),
      spec: {
        replicas: 3,
        serviceName: "db",
        selector: { matchLabels: { app: "db" } },
        template: {
          metadata: { labels: { app: "db" } },
          spec: { containers: [container("db", "postgres:16")] },
        },
      },
    },
    status: { replicas: 3, readyReplicas: 1 },
  },
  {
    object: {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: meta("agent"),
      spec: {
        selector: { matchLabels: { app: "agent" } },
        template: {
          metadata: { labels: { app: "agent" } },
          spec: {
            nodeSelector: { "kubernetes.io/os": "linux" },
            containers: [container("agent", "agent:2")],
          },
        },
      },
    },
    status: {
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      numberReady: 2,
      updatedNumberScheduled: 3,
      numberAvailable: 2,
      numberMisscheduled: 0,
    },
  },
  {
    object: {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: meta("migrate"),
      spec: {
        parallelism: 2,
        manualSelector: true,
        selector: { matchLabels: { job: "migrate" } },
        template: {
          metadata: { labels: { job: "migrate" } },
          spec: { restartPolicy: "Never", containers: [container("migrate", "busybox:1.36")] },
        },
      },
    },
    status: { startTime: ago(45), active: 2 },
  },
  {
    object: {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: meta("nightly"),
      spec: {
        schedule: "0 3 * * *",
        timeZone: "Etc/UTC",
        suspend: true,
        jobTemplate: {
          spec: {
            template: {
              spec: { restartPolicy: "OnFailure", containers: [container("backup", "busybox:1.36")] },
            },
          },
        },
      },
    },
    status: {
      lastScheduleTime: ago(7200),
      active: [{ kind: "Job", namespace: NS, name: "nightly-1", apiVersion: "batch/v1" }],
    },
  },
  {
    object: {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: meta("site"),
      spec: {
        ingressClassName: "nginx",
        tls: [{ hosts: ["a.example.com"] }],
        rules: [{ host: "a.example.com" }, { host: "b.example.com" }],
      },
    },
    status: { loadBalancer: { ingress: [{ ip: "203.0.113.9" }] } },
  },
  {
    object: {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: meta("builder"),
      secrets: [{ name: "builder-token" }],
    },
  },
  {
    object: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: meta("read"),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "reader" },
      subjects: [
        { kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "alice" },
        { kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "devs" },
        { kind: "ServiceAccount", name: "builder", namespace: NS },
      ],
    },
  },
  {
    object: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "admins" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "admin" },
      subjects: [
        { kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "bob" },
        { kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "ops" },
        { kind: "ServiceAccount", name: "ci", namespace: "kube-system" },
      ],
    },
  },
  {
    object: {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: meta("data"),
      spec: {
        accessModes: ["ReadWriteOnce"],
        resources: { requests: { storage: "1Gi" } },
        storageClassName: "standard",
        volumeName: "pv-1",
        volumeMode: "Filesystem",
      },
    },
    status: { phase: "Bound", capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"] },
  },
  {
    object: {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: meta("manual"),
      subsets: [{ addresses: [{ ip: "10.0.0.5" }], ports: [{ port: 8080 }] }],
    },
  },
  {
    object: {
      apiVersion: "v1",
      kind: "Event",
      metadata: meta("web-0.1"),
      involvedObject: { kind: "Pod", namespace: NS, name: "web-0", fieldPath: "spec.containers{web}" },
      reason: "Pulled",
      type: "Normal",
      message: "Container image already present",
      source: { component: "kubelet", host: "node-1" },
      firstTimestamp: ago(300),
      lastTimestamp: ago(60),
      count: 3,
    },
  },
  {
    object: {
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: meta("web"),
      spec: { minAvailable: 1, selector: { matchLabels: { app: "web" } } },
    },
    status: { disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2 },
  },
  {
    object: {
      apiVersion: "scheduling.k8s.io/v1",
      kind: "PriorityClass",
      metadata: { name: "high" },
      value: 1000,
    },
  },
  {
    object: {
      apiVersion: "v1",
      kind: "ResourceQuota",
      metadata: meta("compute"),
      spec: { hard: { "requests.cpu": "1", "limits.memory": "2Gi", pods: "10" } },
    },
    status: {
      hard: { "requests.cpu": "1", "limits.memory": "2Gi", pods: "10" },
      used: { "requests.cpu": "500m", "limits.memory": "1Gi", pods: "3" },
    },
  },
  {
    object: {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: meta("leader"),
      spec: { holderIdentity: "node-1_abc" },
    },
  },
];

/** `kubectl get <resource>` and `-o wide`: the exact header, and each row's cells (split where kubectl pads). */
const CASES: { resource: string; header: string; row: string[]; wideHeader: string; wideRow: string[] }[] = [
  {
    resource: "pods",
    header: "NAME    READY   STATUS    RESTARTS   AGE",
    row: ["web-0", "1/1", "Running", "0", "0s"],
    wideHeader:
      "NAME    READY   STATUS    RESTARTS   AGE   IP         NODE     NOMINATED NODE   READINESS GATES",
    wideRow: ["web-0", "1/1", "Running", "0", "0s", "10.0.0.5", "node-1", "<none>", "<none>"],
  },
  {
    resource: "deployments",
    header: "NAME   READY   UP-TO-DATE   AVAILABLE   AGE",
    row: ["web", "2/2", "2", "2", "0s"],
    wideHeader: "NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR",
    wideRow: ["web", "2/2", "2", "2", "0s", "web", "nginx:1.25", "app=web"],
  },
  {
    resource: "services",
    header: "NAME   TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE",
    row: ["web", "ClusterIP", "10.96.0.20", "<none>", "80/TCP", "0s"],
    wideHeader: "NAME   TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE   SELECTOR",
    wideRow: ["web", "ClusterIP", "10.96.0.20", "<none>", "80/TCP", "0s", "app=web"],
  },
  {
    resource: "replicasets",
    header: "NAME      DESIRED   CURRENT   READY   AGE",
    row: ["web-abc", "2", "2", "1", "0s"],
    wideHeader: "NAME      DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES       SELECTOR",
    wideRow: ["web-abc", "2", "2", "1", "0s", "web", "nginx:1.25", "app=web"],
  },
  {
    resource: "statefulsets",
    header: "NAME   READY   AGE",
    row: ["db", "1/3", "0s"],
    wideHeader: "NAME   READY   AGE   CONTAINERS   IMAGES",
    wideRow: ["db", "1/3", "0s", "db", "postgres:16"],
  },
  {
    resource: "daemonsets",
    header: "NAME    DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE",
    row: ["agent", "3", "3", "2", "3", "2", "kubernetes.io/os=linux", "0s"],
    wideHeader:
      "NAME    DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE   CONTAINERS   IMAGES    SELECTOR",
    wideRow: [
      "agent",
      "3",
      "3",
      "2",
      "3",
      "2",
      "kubernetes.io/os=linux",
      "0s",
      "agent",
      "agent:2",
      "app=agent",
    ],
  },
  {
    resource: "jobs",
    header: "NAME      COMPLETIONS   DURATION   AGE",
    row: ["migrate", "0/1 of 2", "45s", "0s"],
    wideHeader: "NAME      COMPLETIONS   DURATION   AGE   CONTAINERS   IMAGES         SELECTOR",
    wideRow: ["migrate", "0/1 of 2", "45s", "0s", "migrate", "busybox:1.36", "job=migrate"],
  },
  {
    resource: "cronjobs",
    header: "NAME      SCHEDULE    SUSPEND   ACTIVE   LAST SCHEDULE   AGE",
    row: ["nightly", "0 3 * * *", "True", "1", "120m", "0s"],
    wideHeader:
      "NAME      SCHEDULE    SUSPEND   ACTIVE   LAST SCHEDULE   AGE   CONTAINERS   IMAGES         SELECTOR",
    wideRow: ["nightly", "0 3 * * *", "True", "1", "120m", "0s", "backup", "busybox:1.36", "<none>"],
  },
  {
    resource: "ingresses",
    header: "NAME   CLASS   HOSTS                         ADDRESS       PORTS     AGE",
    row: ["site", "nginx", "a.example.com,b.example.com", "203.0.113.9", "80, 443", "0s"],
    wideHeader: "NAME   CLASS   HOSTS                         ADDRESS       PORTS     AGE",
    wideRow: ["site", "nginx", "a.example.com,b.example.com", "203.0.113.9", "80, 443", "0s"],
  },
  {
    resource: "serviceaccounts",
    header: "NAME      SECRETS   AGE",
    row: ["builder", "1", "0s"],
    wideHeader: "NAME      SECRETS   AGE",
    wideRow: ["builder", "1", "0s"],
  },
  {
    resource: "rolebindings",
    header: "NAME   ROLE          AGE",
    row: ["read", "Role/reader", "0s"],
    wideHeader: "NAME   ROLE          AGE   USERS   GROUPS   SERVICEACCOUNTS",
    wideRow: ["read", "Role/reader", "0s", "alice", "devs", "tables/builder"],
  },
  {
    resource: "clusterrolebindings",
    header: "NAME     ROLE                AGE",
    row: ["admins", "ClusterRole/admin", "0s"],
    wideHeader: "NAME     ROLE                AGE   USERS   GROUPS   SERVICEACCOUNTS",
    wideRow: ["admins", "ClusterRole/admin", "0s", "bob", "ops", "kube-system/ci"],
  },
  {
    resource: "persistentvolumeclaims",
    header: "NAME   STATUS   VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   AGE",
    row: ["data", "Bound", "pv-1", "1Gi", "RWO", "standard", "0s"],
    wideHeader: "NAME   STATUS   VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   AGE   VOLUMEMODE",
    wideRow: ["data", "Bound", "pv-1", "1Gi", "RWO", "standard", "0s", "Filesystem"],
  },
  {
    resource: "endpoints",
    header: "NAME     ENDPOINTS       AGE",
    row: ["manual", "10.0.0.5:8080", "0s"],
    wideHeader: "NAME     ENDPOINTS       AGE",
    wideRow: ["manual", "10.0.0.5:8080", "0s"],
  },
  {
    resource: "nodes",
    header: "NAME     STATUS   ROLES           AGE   VERSION",
    row: ["node-1", "Ready", "control-plane", "0s", "v1.28.7"],
    wideHeader:
      "NAME     STATUS   ROLES           AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION   CONTAINER-RUNTIME",
    wideRow: [
      "node-1",
      "Ready",
      "control-plane",
      "0s",
      "v1.28.7",
      "172.18.0.2",
      "<none>",
      "Ubuntu 22.04.4 LTS",
      "6.5.0",
      "containerd://1.7.13",
    ],
  },
  {
    resource: "events",
    header: "LAST SEEN   TYPE     REASON   OBJECT      MESSAGE",
    row: ["60s", "Normal", "Pulled", "pod/web-0", "Container image already present"],
    wideHeader:
      "LAST SEEN   TYPE     REASON   OBJECT      SUBOBJECT              SOURCE            MESSAGE                           FIRST SEEN   COUNT   NAME",
    wideRow: [
      "60s",
      "Normal",
      "Pulled",
      "pod/web-0",
      "spec.containers{web}",
      "kubelet, node-1",
      "Container image already present",
      "5m",
      "3",
      "web-0.1",
    ],
  },
  {
    resource: "poddisruptionbudgets",
    header: "NAME   MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE",
    row: ["web", "1", "N/A", "1", "0s"],
    wideHeader: "NAME   MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE",
    wideRow: ["web", "1", "N/A", "1", "0s"],
  },
  {
    resource: "priorityclasses",
    header: "NAME   VALUE   GLOBAL-DEFAULT   AGE   PREEMPTIONPOLICY",
    row: ["high", "1000", "false", "0s", "PreemptLowerPriority"],
    wideHeader: "NAME   VALUE   GLOBAL-DEFAULT   AGE   PREEMPTIONPOLICY",
    wideRow: ["high", "1000", "false", "0s", "PreemptLowerPriority"],
  },
  {
    resource: "resourcequotas",
    header: "NAME      REQUEST                            LIMIT                    AGE",
    row: ["compute", "pods: 3/10, requests.cpu: 500m/1", "limits.memory: 1Gi/2Gi", "0s"],
    wideHeader: "NAME      REQUEST                            LIMIT                    AGE",
    wideRow: ["compute", "pods: 3/10, requests.cpu: 500m/1", "limits.memory: 1Gi/2Gi", "0s"],
  },
  {
    resource: "leases",
    header: "NAME     HOLDER       AGE",
    row: ["leader", "node-1_abc", "0s"],
    wideHeader: "NAME     HOLDER       AGE",
    wideRow: ["leader", "node-1_abc", "0s"],
  },
];

let server: FakeApiServer;
let dir: string;

beforeAll(async () => {
  if (!binary) return;
  server = await createFakeApiServer({ now: () => new Date(NOW) });
  dir = mkdtempSync(join(tmpdir(), "kubewire-tables-"));
  await server.writeKubeconfig(join(dir, "kubeconfig"));
  server.load([
    { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } },
    ...OBJECTS.map((o) => o.object),
  ]);
  for (const { object, status } of OBJECTS) {
    if (!status) continue;
    const path = objectPath(object);
    const current = (await (await fetch(server.url + path)).json()) as Obj;
    const res = await fetch(`${server.url}${path}/status`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...current, status }),
    });
    if (res.status !== 200) throw new Error(`${path}/status: ${res.status} ${await res.text()}`);
  }
});
afterAll(async () => {
  if (!binary) return;
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function objectPath(o: Obj): string {
  const apiVersion = String(o.apiVersion);
  const m = o.metadata as { name: string; namespace?: string };
  const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const kind = (o.kind as string).toLowerCase();
  const resource =
    kind === "endpoints" ? kind : kind.endsWith("s") ? `${kind}es` : `${kind.replace(/y$/, "ie")}s`;
  return m.namespace
    ? `${base}/namespaces/${m.namespace}/${resource}/${m.name}`
    : `${base}/${resource}/${m.name}`;
}

function kubectl(...args: string[]) {
  return runKubectl(
    binary!,
    ["--kubeconfig", join(dir, "kubeconfig"), "--cache-dir", join(dir, "cache"), ...args],
    { HOME: dir },
  );
}

/** kubectl pads columns with at least three spaces; the cells used here never hold three in a row. */
const cells = (line: string) => line.trimEnd().split(/ {3,}/);

describe.skipIf(!binary)("kubectl get against the in-memory server's typed Tables", () => {
  for (const c of CASES) {
    it(`get ${c.resource} and get ${c.resource} -o wide`, async () => {
      const plain = await kubectl("get", c.resource, "-n", NS);
      expect(plain.stderr).toBe("");
      const lines = plain.stdout.trimEnd().split("\n");
      expect(lines[0]!.trimEnd()).toBe(c.header);
      expect(lines.slice(1).map(cells)).toEqual([c.row]);

      const wide = await kubectl("get", c.resource, "-n", NS, "-o", "wide");
      expect(wide.stderr).toBe("");
      const wideLines = wide.stdout.trimEnd().split("\n");
      expect(wideLines[0]!.trimEnd()).toBe(c.wideHeader);
      expect(wideLines.slice(1).map(cells)).toEqual([c.wideRow]);
    });
  }
});
