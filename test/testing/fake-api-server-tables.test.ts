import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeApiServer } from "../../src/testing/index.js";
import type { FakeApiServer } from "../../src/testing/index.js";
import { readFixture } from "../helpers/fixtures.js";

/**
 * Server-side Tables for built-in kinds, cell by cell as kube-apiserver's printers write them
 * (pkg/printers/internalversion/printers.go), and the Pod Table against a real kube-apiserver 1.28.7 answer (x07).
 */

type Obj = Record<string, unknown>;
interface Table {
  kind: string;
  columnDefinitions: { name: string; type: string; priority: number; description: string }[];
  rows: { cells: unknown[]; object?: Obj }[];
}

const NOW = Date.parse("2026-11-25T19:24:46Z");
const TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
let server: FakeApiServer;

const realPod = (
  JSON.parse(readFixture("realapi/curl/09-pod-list.body")) as {
    items: { metadata: { name: string; namespace: string; labels: Obj }; spec: Obj; status: Obj }[];
  }
).items[0]!;

beforeAll(async () => {
  server = await createFakeApiServer({ now: () => new Date(NOW) });
});
afterAll(async () => {
  await server.close();
});

/** Writes `status` through the status subresource, as controllers do (create drops it, as kube-apiserver does). */
async function setStatus(path: string, status: Obj): Promise<void> {
  const current = (await (await fetch(server.url + path)).json()) as Obj;
  const res = await fetch(server.url + path + "/status", {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...current, status }),
  });
  expect(res.status).toBe(200);
}

async function table(path: string): Promise<Table> {
  const res = await fetch(server.url + path, { headers: { accept: TABLE } });
  expect(res.status).toBe(200);
  return (await res.json()) as Table;
}

describe("Pod tables", () => {
  it("equal a real kube-apiserver 1.28.7 Pod Table for the same pod (x07), but for the age", async () => {
    server.load([
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "list-resources-ns" } },
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
          name: realPod.metadata.name,
          namespace: realPod.metadata.namespace,
          labels: realPod.metadata.labels,
        },
        spec: realPod.spec,
      },
    ]);
    await setStatus("/api/v1/namespaces/list-resources-ns/pods/blog-pod", realPod.status);
    const real = JSON.parse(readFixture("realapi/curl/x07-pod-list-table.body")) as Table;
    const ours = await table("/api/v1/namespaces/list-resources-ns/pods");
    expect(ours.columnDefinitions).toEqual(real.columnDefinitions);
    expect(ours.rows).toHaveLength(1);
    const AGE = 4;
    expect(ours.rows[0]!.cells.filter((_, i) => i !== AGE)).toEqual(
      real.rows[0]!.cells.filter((_, i) => i !== AGE),
    );
    expect(ours.rows[0]!.cells[AGE]).toBe("0s");
    expect(ours.rows[0]!.object!.kind).toBe(real.rows[0]!.object!.kind);
  });

  it("reads readiness, restarts, waiting reasons, IPs and readiness gates from the status", async () => {
    server.load([
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "busy", namespace: "default" },
        spec: {
          nodeName: "node-1",
          containers: [
            { name: "a", image: "a:1" },
            { name: "b", image: "b:1" },
          ],
          readinessGates: [{ conditionType: "example.com/ready" }],
        },
      },
    ]);
    await setStatus("/api/v1/namespaces/default/pods/busy", {
      phase: "Running",
      podIPs: [{ ip: "10.0.0.7" }],
      conditions: [{ type: "example.com/ready", status: "True" }],
      containerStatuses: [
        {
          name: "a",
          ready: true,
          restartCount: 2,
          state: { running: { startedAt: "2026-11-25T19:20:00Z" } },
          lastState: { terminated: { exitCode: 1, finishedAt: "2026-11-25T19:14:46Z" } },
        },
        { name: "b", ready: false, restartCount: 0, state: { waiting: { reason: "CrashLoopBackOff" } } },
      ],
    });
    const ours = await table("/api/v1/namespaces/default/pods/busy");
    expect(ours.rows[0]!.cells).toEqual([
      "busy",
      "1/2",
      "CrashLoopBackOff",
      "2 (10m ago)",
      "0s",
      "10.0.0.7",
      "node-1",
      "<none>",
      "1/1",
    ]);
  });
});

describe("a deleted pod that a finalizer keeps", () => {
  it("says Terminating even once Succeeded, as 1.28 does", async () => {
    server.load([
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "done", namespace: "default", finalizers: ["example.com/keep"] },
        spec: { containers: [{ name: "a", image: "a:1" }] },
      },
    ]);
    await setStatus("/api/v1/namespaces/default/pods/done", { phase: "Succeeded" });
    const res = await fetch(server.url + "/api/v1/namespaces/default/pods/done", { method: "DELETE" });
    expect(res.status).toBe(200);
    const t = await table("/api/v1/namespaces/default/pods/done");
    expect(t.rows[0]!.cells.slice(0, 3)).toEqual(["done", "0/1", "Terminating"]);
  });
});

describe("workload, network and cluster tables", () => {
  beforeAll(async () => {
    server.load([
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "t" } },
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web", namespace: "t" },
        spec: {
          replicas: 3,
          selector: {
            matchLabels: { app: "web" },
            matchExpressions: [{ key: "tier", operator: "In", values: ["b", "a"] }],
          },
          template: {
            metadata: { labels: { app: "web", tier: "a" } },
            spec: {
              containers: [
                { name: "web", image: "nginx:1.25" },
                { name: "log", image: "busybox" },
              ],
            },
          },
        },
      },
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "lb", namespace: "t" },
        spec: {
          type: "LoadBalancer",
          clusterIP: "10.96.0.10",
          clusterIPs: ["10.96.0.10"],
          selector: { app: "web" },
          ports: [
            { name: "http", port: 80, nodePort: 30080, protocol: "TCP" },
            { name: "dns", port: 53, protocol: "UDP", nodePort: 30053 },
          ],
        },
      },
      {
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: { name: "once", namespace: "t" },
        spec: {
          completions: 2,
          template: { spec: { restartPolicy: "Never", containers: [{ name: "run", image: "busybox" }] } },
        },
      },
      {
        apiVersion: "v1",
        kind: "Endpoints",
        metadata: { name: "many", namespace: "t" },
        subsets: [
          {
            addresses: [{ ip: "10.0.0.1" }, { ip: "10.0.0.2" }, { ip: "fd00::3" }],
            ports: [
              { name: "http", port: 80 },
              { name: "dns", port: 53 },
            ],
          },
        ],
      },
    ]);
    await setStatus("/apis/apps/v1/namespaces/t/deployments/web", {
      readyReplicas: 2,
      updatedReplicas: 3,
      availableReplicas: 2,
    });
    await setStatus("/apis/batch/v1/namespaces/t/jobs/once", {
      succeeded: 2,
      startTime: "2026-11-25T19:20:00Z",
      completionTime: "2026-11-25T19:21:30Z",
      conditions: [{ type: "Complete", status: "True" }],
    });
  });

  it("prints a Deployment's ready count, containers, images and selector", async () => {
    const t = await table("/apis/apps/v1/namespaces/t/deployments");
    expect(t.columnDefinitions.map((c) => [c.name, c.type, c.priority])).toEqual([
      ["Name", "string", 0],
      ["Ready", "string", 0],
      ["Up-to-date", "string", 0],
      ["Available", "string", 0],
      ["Age", "string", 0],
      ["Containers", "string", 1],
      ["Images", "string", 1],
      ["Selector", "string", 1],
    ]);
    expect(t.rows[0]!.cells).toEqual([
      "web",
      "2/3",
      3,
      2,
      "0s",
      "web,log",
      "nginx:1.25,busybox",
      "app=web,tier in (a,b)",
    ]);
  });

  it("prints a LoadBalancer Service still waiting for its address, with node ports", async () => {
    const t = await table("/api/v1/namespaces/t/services/lb");
    expect(t.rows[0]!.cells).toEqual([
      "lb",
      "LoadBalancer",
      "10.96.0.10",
      "<pending>",
      "80:30080/TCP,53:30053/UDP",
      "0s",
      "app=web",
    ]);
  });

  it("prints a finished Job's completions and duration (no Status column before 1.30)", async () => {
    const t = await table("/apis/batch/v1/namespaces/t/jobs/once");
    expect(t.columnDefinitions.map((c) => c.name).slice(0, 4)).toEqual([
      "Name",
      "Completions",
      "Duration",
      "Age",
    ]);
    expect(t.rows[0]!.cells.slice(0, 4)).toEqual(["once", "2/2", "90s", "0s"]);
  });

  it("prints at most three endpoints, then how many more", async () => {
    const t = await table("/api/v1/namespaces/t/endpoints/many");
    expect(t.rows[0]!.cells).toEqual(["many", "10.0.0.1:80,10.0.0.2:80,[fd00::3]:80 + 3 more...", "0s"]);
  });

  it("keeps the generic table for kinds kube-apiserver has no printer for (Roles)", async () => {
    server.load([
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "Role",
        metadata: { name: "r", namespace: "t" },
        rules: [],
      },
    ]);
    const t = await table("/apis/rbac.authorization.k8s.io/v1/namespaces/t/roles");
    expect(t.columnDefinitions.map((c) => c.name)).toEqual(["Name", "Created At"]);
  });
});
