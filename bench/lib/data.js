// Realistic generated objects: shaped like what a real kube-apiserver 1.28 sends (see fixtures/realapi), with
// managedFields, labels and a few data keys; deterministic so every run serves the same bytes.

const words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"];

/** @param {number} i */
function uid(i) {
  const h = (i * 2654435761) >>> 0;
  const hex = h.toString(16).padStart(8, "0");
  return `${hex}-${hex.slice(0, 4)}-4${hex.slice(1, 4)}-8${hex.slice(4, 7)}-${hex}${hex.slice(0, 4)}`;
}

/** @param {number} i */
export function configMap(i) {
  const data = {};
  for (let k = 0; k < 4; k++)
    data[`${words[(i + k) % 10]}.properties`] =
      `${words[k]}=${"x".repeat(20 + ((i + k) % 40))}\nkey${k}=value-${i}`;
  return {
    metadata: {
      name: `config-${i}`,
      namespace: "bench",
      uid: uid(i),
      resourceVersion: String(1000 + i),
      creationTimestamp: "2026-11-25T19:23:21Z",
      labels: { app: words[i % 10], tier: "backend", "app.kubernetes.io/managed-by": "kubewire-bench" },
      managedFields: [
        {
          manager: "kubectl-create",
          operation: "Update",
          apiVersion: "v1",
          time: "2026-11-25T19:23:21Z",
          fieldsType: "FieldsV1",
          fieldsV1: {
            "f:data": Object.fromEntries([[".", {}], ...Object.keys(data).map((k) => [`f:${k}`, {}])]),
            "f:metadata": { "f:labels": { ".": {}, "f:app": {}, "f:tier": {} } },
          },
        },
      ],
    },
    data,
  };
}

/** @param {number} i */
export function pod(i) {
  const name = `web-${i}`;
  const container = (c) => ({
    name: c,
    image: `registry.example.com/team/${c}:v1.${i % 30}.0`,
    ports: [{ containerPort: 8080, name: "http", protocol: "TCP" }],
    env: Array.from({ length: 4 }, (_, k) => ({ name: `ENV_${k}`, value: `${words[k]}-${i}` })),
    resources: { limits: { cpu: "500m", memory: "256Mi" }, requests: { cpu: "100m", memory: "128Mi" } },
    volumeMounts: [
      {
        name: "kube-api-access-abcde",
        readOnly: true,
        mountPath: "/var/run/secrets/kubernetes.io/serviceaccount",
      },
    ],
    livenessProbe: {
      httpGet: { path: "/healthz", port: 8080, scheme: "HTTP" },
      periodSeconds: 10,
      timeoutSeconds: 1,
      successThreshold: 1,
      failureThreshold: 3,
    },
    terminationMessagePath: "/dev/termination-log",
    terminationMessagePolicy: "File",
    imagePullPolicy: "IfNotPresent",
  });
  return {
    metadata: {
      name,
      generateName: "web-",
      namespace: "bench",
      uid: uid(i),
      resourceVersion: String(5000 + i),
      creationTimestamp: "2026-11-25T19:23:21Z",
      labels: { app: "web", "pod-template-hash": "5d8f7c9b4d" },
      annotations: {
        "kubectl.kubernetes.io/restartedAt": "2026-11-25T19:00:00Z",
        "prometheus.io/scrape": "true",
      },
      ownerReferences: [
        {
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          name: "web-5d8f7c9b4d",
          uid: uid(1e6),
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      managedFields: [
        {
          manager: "kube-controller-manager",
          operation: "Update",
          apiVersion: "v1",
          time: "2026-11-25T19:23:21Z",
          fieldsType: "FieldsV1",
          fieldsV1: {
            "f:metadata": { "f:labels": { ".": {}, "f:app": {} } },
            "f:spec": { "f:containers": { 'k:{"name":"app"}': { ".": {}, "f:image": {}, "f:name": {} } } },
          },
        },
        {
          manager: "kubelet",
          operation: "Update",
          apiVersion: "v1",
          time: "2026-11-25T19:23:30Z",
          fieldsType: "FieldsV1",
          subresource: "status",
          fieldsV1: { "f:status": { "f:conditions": {}, "f:phase": {} } },
        },
      ],
    },
    spec: {
      volumes: [
        {
          name: "kube-api-access-abcde",
          projected: {
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
              { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
            ],
            defaultMode: 420,
          },
        },
      ],
      containers: [container("app")],
      restartPolicy: "Always",
      terminationGracePeriodSeconds: 30,
      dnsPolicy: "ClusterFirst",
      serviceAccountName: "default",
      serviceAccount: "default",
      nodeName: `node-${i % 50}`,
      securityContext: {},
      schedulerName: "default-scheduler",
      tolerations: [
        {
          key: "node.kubernetes.io/not-ready",
          operator: "Exists",
          effect: "NoExecute",
          tolerationSeconds: 300,
        },
        {
          key: "node.kubernetes.io/unreachable",
          operator: "Exists",
          effect: "NoExecute",
          tolerationSeconds: 300,
        },
      ],
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: "PreemptLowerPriority",
    },
    status: {
      phase: "Running",
      conditions: ["Initialized", "Ready", "ContainersReady", "PodScheduled"].map((type) => ({
        type,
        status: "True",
        lastProbeTime: null,
        lastTransitionTime: "2026-11-25T19:23:30Z",
      })),
      hostIP: `10.0.${i % 250}.1`,
      podIP: `10.244.${i % 250}.${i % 200}`,
      podIPs: [{ ip: `10.244.${i % 250}.${i % 200}` }],
      startTime: "2026-11-25T19:23:21Z",
      containerStatuses: ["app"].map((c) => ({
        name: c,
        state: { running: { startedAt: "2026-11-25T19:23:29Z" } },
        lastState: {},
        ready: true,
        restartCount: 0,
        image: `registry.example.com/team/${c}:v1.${i % 30}.0`,
        imageID: `registry.example.com/team/${c}@sha256:${"ab".repeat(32)}`,
        containerID: `containerd://${"cd".repeat(32)}`,
        started: true,
      })),
      qosClass: "Burstable",
    },
  };
}

/**
 * A list body exactly as kube-apiserver sends it to a client: compact JSON, items without kind/apiVersion,
 * a trailing newline.
 * @param {string} kind @param {object[]} items @param {{ resourceVersion?: string, continue?: string }} [meta]
 */
export function listBody(kind, items, meta = {}) {
  return (
    JSON.stringify({
      kind,
      apiVersion: "v1",
      metadata: {
        resourceVersion: meta.resourceVersion ?? "99999",
        ...(meta.continue ? { continue: meta.continue } : {}),
      },
      items,
    }) + "\n"
  );
}

/** A ConfigMapList body of `n` generated ConfigMaps, as the server sends it. */
export function configMapListBody(n) {
  return listBody(
    "ConfigMapList",
    Array.from({ length: n }, (_, i) => configMap(i)),
  );
}
