// A long recorded session for the report's benchmark and its browser test: what a controller and a few kubectl
// users send in ten minutes. Plain data, deterministic, shaped like what kubewire records (bodies parsed, Secret
// values and the bearer token already redacted with the keyed `hmac:` markers kubewire writes today, Warning headers
// parsed), with no import of kubewire itself.
import { configMap, pod } from "./data.js";

const SERVER = "https://127.0.0.1:6443";
const START_MS = Date.UTC(2026, 10, 25, 19, 0, 0);
const AGENTS = [
  "kubectl/v1.33.1 (linux/amd64) kubernetes/8adc0f0",
  "kubectl/v1.30.4 (darwin/arm64) kubernetes/a51b3b7",
  "kubewire/0.1.0 (linux/x64) node/v20.20.2",
  "my-controller/v0.4.2 (linux/amd64) kubernetes/$Format",
];
const NAMESPACES = ["default", "shop", "payments", "monitoring", "kube-system", "ci", "blog", "search"];
const TOKEN = "Bearer [redacted len=876 hmac:5f1d2c3b]";
const DEPRECATION =
  "policy/v1beta1 PodDisruptionBudget is deprecated in v1.21+, unavailable in v1.25+; use policy/v1";

/** A deterministic pseudo-random number in [0, 1) for a seed. */
function rand(seed) {
  const x = Math.sin(seed * 12.9898 + 78.233) * 43758.5453;
  return x - Math.floor(x);
}

function json(value) {
  return { kind: "json", bytes: Buffer.byteLength(JSON.stringify(value)) + 1, value };
}

function micros(ms) {
  const iso = new Date(Math.floor(ms)).toISOString();
  const frac = String(Math.round((ms % 1000) * 1000)).padStart(6, "0");
  return `${iso.slice(0, 19)}.${frac}Z`;
}

function headers(status, body, extra = {}) {
  return {
    "Audit-Id": `0b9f2a2e-2f5c-4b0e-9a55-${String(status).padStart(12, "0")}`,
    "Cache-Control": "no-cache, private",
    "Content-Type": "application/json",
    "X-Kubernetes-Pf-Flowschema-Uid": "12942676-f262-4eb2-8d72-868686dfb989",
    "X-Kubernetes-Pf-Prioritylevel-Uid": "d795a8fb-d6ba-4539-8134-0205f6475bb0",
    ...(body ? { "Content-Length": String(body.bytes) } : {}),
    ...extra,
  };
}

function status(code, reason, message) {
  return json({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code });
}

function secret(i, ns) {
  return {
    metadata: {
      name: `credentials-${i % 40}`,
      namespace: ns,
      uid: `5e${i}`,
      resourceVersion: String(9000 + i),
    },
    type: "Opaque",
    data: {
      username: "[redacted len=8 hmac:6ea99652]",
      password: `[redacted len=24 hmac:${((i * 2654435761) >>> 0).toString(16).padStart(8, "0")}]`,
    },
  };
}

/** One exchange of the session: `i` decides its kind, namespace, client and timing. */
function exchange(i, at) {
  const ns = NAMESPACES[i % NAMESPACES.length];
  const agent = AGENTS[Math.floor(rand(i) * AGENTS.length)];
  const r = rand(i + 0.5);
  const duration = 2 + Math.round(rand(i + 0.25) * (r < 0.05 ? 400 : 30));
  const request = (method, path, body, extra = {}) => ({
    method,
    url: SERVER + path,
    headers: {
      Accept: "application/json",
      "User-Agent": agent,
      Authorization: TOKEN,
      ...(body ? { "Content-Type": extra.contentType ?? "application/json" } : {}),
    },
    ...(body ? { body } : {}),
  });
  const base = { seq: i, startedAt: micros(at), durationMs: duration, totalMs: duration + 1 };
  const ok = (code, body, extra) => ({
    status: code,
    statusText: code === 201 ? "Created" : "OK",
    headers: headers(code, body, extra),
    ...(body ? { body } : {}),
  });
  const fail = (code, text, reason, message) => {
    const body = status(code, reason, message);
    return { status: code, statusText: text, headers: headers(code, body), body };
  };

  if (i % 500 === 0) {
    const body = json({ major: "1", minor: "28", gitVersion: "v1.28.7", platform: "linux/amd64" });
    return { ...base, request: request("GET", "/version?timeout=32s"), response: ok(200, body) };
  }
  if (i % 97 === 0) {
    // A watch: a long bar with its events, ended by its timeout.
    const span = 5_000 + Math.round(rand(i) * 55_000);
    const events = 3 + Math.floor(rand(i + 1) * 40);
    const chunks = Array.from({ length: events }, (_, k) => {
      const object = { apiVersion: "v1", kind: "ConfigMap", ...configMap(i + k) };
      object.metadata = { ...object.metadata, namespace: ns };
      return {
        atMs: Math.round(((k + 1) * span) / (events + 1)),
        text: `${JSON.stringify({ type: k % 5 === 4 ? "DELETED" : k % 2 ? "MODIFIED" : "ADDED", object })}\n`,
      };
    });
    const bytes = chunks.reduce((n, c) => n + Buffer.byteLength(c.text), 0);
    return {
      ...base,
      durationMs: 3,
      totalMs: 3 + span,
      request: request(
        "GET",
        `/api/v1/namespaces/${ns}/configmaps?watch=true&resourceVersion=${1000 + i}&timeoutSeconds=${Math.round(span / 1000)}`,
      ),
      response: ok(200, { kind: "stream", bytes, chunks }, { "Content-Type": "application/json" }),
    };
  }
  if (r < 0.3) {
    const body = json({ apiVersion: "v1", kind: "ConfigMap", ...configMap(i) });
    return {
      ...base,
      request: request("GET", `/api/v1/namespaces/${ns}/configmaps/config-${i}`),
      response: ok(200, body),
    };
  }
  if (r < 0.38) {
    const body = json({ apiVersion: "v1", kind: "Pod", ...pod(i) });
    return {
      ...base,
      request: request("GET", `/api/v1/namespaces/${ns}/pods/web-${i}`),
      response: ok(200, body),
    };
  }
  if (r < 0.56) {
    const n = 1 + Math.floor(rand(i + 2) * 12);
    const body = json({
      kind: "ConfigMapList",
      apiVersion: "v1",
      metadata: { resourceVersion: String(20000 + i) },
      items: Array.from({ length: n }, (_, k) => configMap(i + k)),
    });
    return {
      ...base,
      request: request("GET", `/api/v1/namespaces/${ns}/configmaps?labelSelector=app%3Dweb&limit=500`),
      response: ok(200, body),
    };
  }
  if (r < 0.6) {
    const body = json({
      kind: "SecretList",
      apiVersion: "v1",
      metadata: { resourceVersion: String(20000 + i) },
      items: [secret(i, ns), secret(i + 1, ns)],
    });
    return {
      ...base,
      redacted: true,
      request: request("GET", `/api/v1/namespaces/${ns}/secrets?limit=500`),
      response: ok(200, body),
    };
  }
  if (r < 0.72) {
    const sent = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: `config-${i}`, labels: { app: "web" } },
      data: configMap(i).data,
    };
    const returned = { apiVersion: "v1", kind: "ConfigMap", ...configMap(i) };
    returned.metadata = { ...returned.metadata, namespace: ns };
    return {
      ...base,
      request: request("POST", `/api/v1/namespaces/${ns}/configmaps?fieldManager=kubectl-create`, json(sent)),
      response: ok(201, json(returned)),
    };
  }
  if (r < 0.8) {
    const patch = { metadata: { labels: { tier: "backend" } } };
    const returned = { apiVersion: "v1", kind: "ConfigMap", ...configMap(i) };
    return {
      ...base,
      request: request("PATCH", `/api/v1/namespaces/${ns}/configmaps/config-${i}`, json(patch), {
        contentType: "application/merge-patch+json",
      }),
      response: ok(200, json(returned)),
    };
  }
  if (r < 0.84) {
    const sent = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `web-${i}`, namespace: ns },
      spec: { containers: [{ name: "app", image: `registry.example.com/team/app:v1.${i % 30}.0` }] },
    };
    const returned = { apiVersion: "v1", kind: "Pod", ...pod(i) };
    const warn = i % 3 === 0 ? { Warning: `299 - "${DEPRECATION}"` } : {};
    const response = ok(201, json(returned), warn);
    return {
      ...base,
      ...(i % 3 === 0 ? { warnings: [{ code: 299, agent: "-", text: DEPRECATION }] } : {}),
      request: request("POST", `/api/v1/namespaces/${ns}/pods`, json(sent)),
      response,
    };
  }
  if (r < 0.9) {
    const body = json({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Success",
      details: { name: `config-${i}`, kind: "configmaps", uid: "u" },
    });
    return {
      ...base,
      request: request("DELETE", `/api/v1/namespaces/${ns}/configmaps/config-${i}`),
      response: ok(200, body),
    };
  }
  if (r < 0.95)
    return {
      ...base,
      request: request("GET", `/api/v1/namespaces/${ns}/configmaps/missing-${i}`),
      response: fail(404, "Not Found", "NotFound", `configmaps "missing-${i}" not found`),
    };
  if (r < 0.98)
    return {
      ...base,
      request: request(
        "PUT",
        `/api/v1/namespaces/${ns}/configmaps/config-${i}`,
        json({ apiVersion: "v1", kind: "ConfigMap", ...configMap(i) }),
      ),
      response: fail(
        409,
        "Conflict",
        "Conflict",
        `Operation cannot be fulfilled on configmaps "config-${i}": the object has been modified; please apply your changes to the latest version and try again`,
      ),
    };
  return {
    ...base,
    request: request("GET", `/api/v1/namespaces/${ns}/secrets`),
    response: fail(
      403,
      "Forbidden",
      "Forbidden",
      `secrets is forbidden: User "system:serviceaccount:${ns}:default" cannot list resource "secrets" in API group "" in the namespace "${ns}"`,
    ),
  };
}

/**
 * A cassette of `n` exchanges over about ten minutes (a request every 60 ms on average).
 * @param {number} n
 */
export function reportSession(n) {
  const exchanges = [];
  let at = START_MS;
  for (let i = 0; i < n; i++) {
    exchanges.push(exchange(i, at));
    at += 10 + rand(i + 0.75) * 100;
  }
  return { version: 1, recordedAt: micros(START_MS), server: { gitVersion: "v1.28.7" }, exchanges };
}
