// Red-team probe (session 13): real-world shapes of secrets through every recording output; prints the leaks.
import { gzipSync } from "node:zlib";
import { redactExchange, serializeCassette } from "../../../dist/record/index.js";
import { renderTrafficLog, importKubectlLog } from "../../../dist/kubectl/index.js";
import { renderReport, cassetteToHar } from "../../../dist/report/index.js";

const b64 = (s) => Buffer.from(s).toString("base64");
function forms(v) {
  return [...new Set([v, b64(v), JSON.stringify(v).slice(1, -1)])];
}
function ex(url, body, opts = {}) {
  return {
    seq: 0,
    startedAt: "2026-12-05T10:00:00.000000Z",
    durationMs: 2,
    request: {
      method: opts.method ?? "GET",
      url,
      headers: opts.reqHeaders ?? {},
      ...(opts.reqBody ? { body: opts.reqBody } : {}),
    },
    response: {
      status: opts.status ?? 200,
      statusText: "OK",
      headers: { "Content-Type": opts.ct ?? "application/json", ...(opts.headers ?? {}) },
      body,
    },
  };
}
const json = (value) => ({ kind: "json", value, bytes: 0 });
const text = (t) => ({ kind: "text", text: t, bytes: t.length });
const stream = (chunks) => ({
  kind: "stream",
  chunks: chunks.map((t, i) => ({ atMs: i, text: t })),
  bytes: 0,
});
const bin = (buf) => ({ kind: "binary", base64: buf.toString("base64"), bytes: buf.length });

const cases = [];
const add = (name, secret, exchange, extra = []) => cases.push({ name, secret, exchange, extra });

const S = (n) => `Zq${n}hunterXY7`;
// Pod env
add(
  "pod-env",
  S(1),
  ex(
    "/api/v1/namespaces/d/pods/p",
    json({
      kind: "Pod",
      apiVersion: "v1",
      metadata: { name: "p" },
      spec: { containers: [{ name: "c", env: [{ name: "DB_PASSWORD", value: S(1) }] }] },
    }),
  ),
);
add(
  "deploy-env-lastapplied",
  S(2),
  ex(
    "/apis/apps/v1/namespaces/d/deployments/x",
    json({
      kind: "Deployment",
      apiVersion: "apps/v1",
      metadata: {
        name: "x",
        annotations: {
          "kubectl.kubernetes.io/last-applied-configuration":
            JSON.stringify({
              kind: "Deployment",
              spec: {
                template: {
                  spec: { containers: [{ name: "c", env: [{ name: "API_TOKEN", value: S(2) }] }] },
                },
              },
            }) + "\n",
        },
      },
    }),
  ),
);
add(
  "pod-env-yaml-text",
  S(3),
  ex(
    "/x",
    text(`spec:\n  containers:\n  - name: c\n    env:\n    - name: DB_PASSWORD\n      value: ${S(3)}\n`),
    { ct: "application/yaml" },
  ),
);
add(
  "table-secret",
  S(4),
  ex(
    "/api/v1/namespaces/d/secrets",
    json({
      kind: "Table",
      apiVersion: "meta.k8s.io/v1",
      columnDefinitions: [{ name: "Name" }],
      rows: [
        {
          cells: ["s"],
          object: {
            kind: "PartialObjectMetadata",
            metadata: {
              name: "s",
              annotations: {
                "kubectl.kubernetes.io/last-applied-configuration": JSON.stringify({
                  apiVersion: "v1",
                  kind: "Secret",
                  data: { p: b64(S(4)) },
                }),
              },
            },
          },
        },
      ],
    }),
  ),
);
add(
  "table-secret-full",
  S(5),
  ex(
    "/api/v1/namespaces/d/secrets?includeObject=Object",
    json({
      kind: "Table",
      apiVersion: "meta.k8s.io/v1",
      rows: [
        {
          cells: ["s"],
          object: { apiVersion: "v1", metadata: { name: "s" }, data: { k: b64(S(5)) }, type: "Opaque" },
        },
      ],
    }),
  ),
);
add(
  "watch-secrets-nokind",
  S(6),
  ex(
    "/api/v1/secrets?watch=1",
    stream([
      JSON.stringify({ type: "ADDED", object: { metadata: { name: "x" }, data: { k: b64(S(6)) } } }) + "\n",
    ]),
  ),
);
add(
  "watch-bookmark-error",
  S(7),
  ex(
    "/api/v1/secrets?watch=1",
    stream([
      JSON.stringify({
        type: "BOOKMARK",
        object: { kind: "Secret", apiVersion: "v1", metadata: { resourceVersion: "1" } },
      }) + "\n",
      JSON.stringify({ type: "ERROR", object: { kind: "Status", message: `password=${S(7)}` } }) + "\n",
    ]),
  ),
);
add(
  "watch-cut",
  S(8),
  ex(
    "/api/v1/secrets?watch=1",
    stream([
      `{"type":"ADDED","object":{"kind":"Secret","apiVersion":"v1","metadata":{"name":"x"},"data":{"k":"${b64(S(8))}`,
    ]),
  ),
);
add(
  "watch-cut-mid-value",
  S(9),
  ex(
    "/api/v1/namespaces/d/secrets?watch=true",
    stream([
      `{"type":"ADDED","object":{"kind":"Secret","apiVersion":"v1","data":{"k":"${b64(S(9)).slice(0, 12)}`,
    ]),
  ),
  [],
);
add(
  "invalid-422-cm",
  S(10),
  ex(
    "/api/v1/namespaces/d/configmaps",
    json({
      kind: "Status",
      apiVersion: "v1",
      status: "Failure",
      reason: "Invalid",
      code: 422,
      message: `ConfigMap "x" is invalid: data[x]: Invalid value: "${S(10)}": bad`,
      details: {
        causes: [
          { reason: "FieldValueInvalid", message: `Invalid value: "${S(10)}": bad`, field: "data[x]" },
        ],
      },
    }),
    { method: "POST", status: 422, reqBody: json({ kind: "ConfigMap", data: { password: S(10) } }) },
  ),
);
add(
  "invalid-422-crd",
  S(11),
  ex(
    "/apis/x.io/v1/namespaces/d/dbs",
    json({
      kind: "Status",
      apiVersion: "v1",
      status: "Failure",
      reason: "Invalid",
      code: 422,
      message: `Db.x.io "x" is invalid: spec.adminPassword: Invalid value: "${S(11)}": spec.adminPassword in body should match '^[a-z]+$'`,
      details: { causes: [{ message: `Invalid value: "${S(11)}"`, field: "spec.adminPassword" }] },
    }),
    {
      method: "POST",
      status: 422,
      reqBody: json({ kind: "Db", apiVersion: "x.io/v1", spec: { adminPassword: S(11) } }),
    },
  ),
);
add(
  "invalid-422-env",
  S(12),
  ex(
    "/api/v1/namespaces/d/pods",
    json({
      kind: "Status",
      apiVersion: "v1",
      status: "Failure",
      reason: "Invalid",
      code: 422,
      message: `Pod "p" is invalid: spec.containers[0].env[0].value: Invalid value: "${S(12)}": x`,
    }),
    {
      method: "POST",
      status: 422,
      reqBody: json({
        kind: "Pod",
        spec: { containers: [{ name: "c", env: [{ name: "DB_PASSWORD", value: S(12) }] }] },
      }),
    },
  ),
);
add(
  "warning-header",
  S(13),
  ex("/api/v1/namespaces/d/secrets", json({ kind: "Secret", apiVersion: "v1", metadata: { name: "x" } }), {
    method: "POST",
    headers: { Warning: `299 - "value ${S(13)} of key password is weak"` },
    reqBody: json({ kind: "Secret", apiVersion: "v1", stringData: { password: S(13) } }),
  }),
);
add(
  "admission-review",
  S(14),
  ex(
    "/validate",
    json({
      kind: "AdmissionReview",
      apiVersion: "admission.k8s.io/v1",
      request: {
        uid: "u",
        kind: { kind: "Secret" },
        object: { kind: "Secret", apiVersion: "v1", data: { k: b64(S(14)) } },
        oldObject: { kind: "Secret", data: { k: b64(S(14)) } },
      },
    }),
    { method: "POST" },
  ),
);
add(
  "admission-review-patch",
  S(15),
  ex(
    "/mutate",
    json({
      kind: "AdmissionReview",
      apiVersion: "admission.k8s.io/v1",
      response: {
        uid: "u",
        allowed: true,
        patchType: "JSONPatch",
        patch: b64(JSON.stringify([{ op: "add", path: "/data/password", value: b64(S(15)) }])),
      },
    }),
    { method: "POST" },
  ),
);
add(
  "admission-review-patch2",
  S(16),
  ex(
    "/mutate",
    json({
      kind: "AdmissionReview",
      apiVersion: "admission.k8s.io/v1",
      response: {
        uid: "u",
        allowed: true,
        patchType: "JSONPatch",
        patch: b64(
          JSON.stringify([
            { op: "add", path: "/spec/containers/0/env/-", value: { name: "DB_PASSWORD", value: S(16) } },
          ]),
        ),
      },
    }),
    { method: "POST" },
  ),
);
add(
  "tokenrequest",
  S(17),
  ex(
    "/api/v1/namespaces/d/serviceaccounts/x/token",
    json({
      kind: "TokenRequest",
      apiVersion: "authentication.k8s.io/v1",
      status: { token: S(17), expirationTimestamp: "2026-01-01T00:00:00Z" },
    }),
    { method: "POST" },
  ),
);
add(
  "tokenrequest-nokind",
  S(18),
  ex("/api/v1/namespaces/d/serviceaccounts/x/token", json({ status: { token: S(18) } }), { method: "POST" }),
);
add(
  "csr-key-in-status",
  S(19),
  ex(
    "/apis/certificates.k8s.io/v1/certificatesigningrequests/x",
    json({
      kind: "CertificateSigningRequest",
      status: { certificate: b64(`-----BEGIN PRIVATE KEY-----\n${S(19)}\n-----END PRIVATE KEY-----\n`) },
    }),
  ),
);
add(
  "kubeconfig-in-cm",
  S(20),
  ex(
    "/api/v1/namespaces/d/configmaps/x",
    json({
      kind: "ConfigMap",
      data: {
        kubeconfig: `apiVersion: v1\nclusters: []\nusers:\n- name: u\n  user:\n    auth-provider:\n      name: oidc\n      config:\n        id-token: ${S(20)}\n        refresh-token: ${S(20)}r\n`,
      },
    }),
  ),
);
add(
  "kubeconfig-exec-env",
  S(21),
  ex(
    "/api/v1/namespaces/d/configmaps/x",
    json({
      kind: "ConfigMap",
      data: {
        kubeconfig: `users:\n- name: u\n  user:\n    exec:\n      command: aws\n      env:\n      - name: AWS_SECRET_ACCESS_KEY\n        value: ${S(21)}\n`,
      },
    }),
  ),
);
add(
  "kubeconfig-exec-env-json",
  S(22),
  ex(
    "/x",
    json({
      users: [
        { name: "u", user: { exec: { command: "aws", env: [{ name: "AWS_SESSION_TOKEN", value: S(22) }] } } },
      ],
    }),
  ),
);
add(
  "dockerconfig-cm",
  S(23),
  ex(
    "/api/v1/namespaces/d/configmaps/x",
    json({
      kind: "ConfigMap",
      data: { "config.json": JSON.stringify({ auths: { "r.io": { auth: b64(`u:${S(23)}`) } } }) },
    }),
  ),
);
add(
  "dockerconfig-text-escaped",
  S(24),
  ex("/x", text(JSON.stringify({ auths: { "r.io": { auth: b64(`u:${S(24)}`) } } }))),
);
add(
  "helm-release-cm",
  S(25),
  ex(
    "/api/v1/namespaces/d/configmaps/sh.helm.release.v1.x.v1",
    json({
      kind: "ConfigMap",
      metadata: { name: "sh.helm.release.v1.x.v1", labels: { owner: "helm" } },
      data: { release: gzipSync(JSON.stringify({ config: { password: S(25) } })).toString("base64") },
    }),
  ),
);
add(
  "binarydata",
  S(26),
  ex(
    "/api/v1/namespaces/d/configmaps/x",
    json({ kind: "ConfigMap", binaryData: { "app.properties": b64(`db.user=x\ndb.password=${S(26)}\n`) } }),
  ),
);
add(
  "url-userinfo-field",
  S(27),
  ex(
    "/x",
    json({
      kind: "Thing",
      spec: { url: `postgres://u:${S(27)}@db:5432/x`, redis: `redis://:${S(27)}@r:6379` },
    }),
  ),
);
add(
  "url-userinfo-plus",
  S(28),
  ex("/x", json({ kind: "Thing", spec: { dsn: `mongodb+srv://u:${S(28)}@c.example.net/db` } })),
);
add(
  "location-header",
  S(29),
  ex("/x", json({}), { status: 302, headers: { Location: `https://u:${S(29)}@h/x?token=${S(29)}` } }),
);
add(
  "url-encoded-redirect",
  S(30),
  ex(`/x?redirect_uri=${encodeURIComponent(`https://h/cb?access_token=${S(30)}`)}`, json({})),
);
add("pct-name", S(31), ex(`/x?pass%77ord=${S(31)}`, json({})));
add("pct-name-text", S(32), ex(`/x`, text(`GET https://h/x?t%6Fken=${S(32)} failed`)));
add("tab-sep", S(33), ex(`/x`, text(`password\t=\t${S(33)}\n`)));
add("crlf", S(34), ex(`/x`, text(`x: 1\r\npassword:\r\n  ${S(34)}\r\n`)));
add("auth-tab", S(35), ex(`/x`, text(`Authorization:\tBearer\t${S(35)}`)));
add("long-line", S(36), ex(`/x`, text(`${"a".repeat(200000)} password=${S(36)} ${"b".repeat(100000)}`)));
add(
  "gzip-json",
  S(37),
  ex(`/x`, bin(gzipSync(JSON.stringify({ kind: "ConfigMap", data: { password: S(37) } }))), {
    headers: { "Content-Encoding": "gzip" },
  }),
);
add(
  "proto-secret",
  S(38),
  ex(
    `/api/v1/namespaces/d/secrets/x`,
    bin(
      Buffer.concat([
        Buffer.from([0x6b, 0x38, 0x73, 0]),
        Buffer.from(`\n\x0c\n\x02v1\x12\x06Secret\x12x` + S(38)),
      ]),
    ),
    { ct: "application/vnd.kubernetes.protobuf" },
  ),
);
add(
  "proto-configmap",
  S(39),
  ex(
    `/api/v1/namespaces/d/configmaps/x`,
    bin(
      Buffer.concat([
        Buffer.from([0x6b, 0x38, 0x73, 0]),
        Buffer.from(`\n\x0f\n\x02v1\x12\x09ConfigMap\x12x password\x12` + S(39)),
      ]),
    ),
    { ct: "application/vnd.kubernetes.protobuf" },
  ),
);
add(
  "managedfields",
  "f:password",
  ex(
    "/api/v1/namespaces/d/secrets/x",
    json({
      kind: "Secret",
      apiVersion: "v1",
      metadata: {
        name: "x",
        managedFields: [{ manager: "kubectl", fieldsV1: { "f:data": { ".": {}, "f:password": {} } } }],
      },
      data: { password: b64(S(40)) },
    }),
  ),
);
add(
  "env-valueFrom-noop",
  "passwordkey",
  ex(
    "/x",
    json({
      kind: "Pod",
      spec: {
        containers: [
          { env: [{ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "s", key: "passwordkey" } } }] },
        ],
      },
    }),
  ),
);
add(
  "git-token-url",
  S(41),
  ex(
    "/x",
    json({ kind: "GitRepository", spec: { url: `https://x-access-token:${S(41)}@github.com/o/r.git` } }),
  ),
);
add(
  "userinfo-at-in-pass",
  S(42),
  ex("/x", json({ kind: "Thing", spec: { url: `https://user:${S(42)}@x@host/path` } })),
);
add(
  "jdbc-pass-param",
  S(43),
  ex("/x", json({ kind: "Thing", spec: { url: `jdbc:postgresql://db:5432/x?user=u&password=${S(43)}` } })),
);
add(
  "mssql-conn",
  S(44),
  ex("/x", json({ kind: "Thing", spec: { conn: `Server=db;Database=x;User Id=sa;Password=${S(44)};` } })),
);
add(
  "args-env-style",
  S(45),
  ex(
    "/x",
    json({
      kind: "Pod",
      spec: {
        containers: [
          { args: [`--db-password=${S(45)}`], command: ["sh", "-c", `export DB_PASSWORD=${S(45)}; run`] },
        ],
      },
    }),
  ),
);
add(
  "args-split",
  S(46),
  ex("/x", json({ kind: "Pod", spec: { containers: [{ args: ["--password", S(46)] }] } })),
);
add(
  "htpasswd-basic",
  S(47),
  ex(
    "/x",
    json({
      kind: "Ingress",
      metadata: { annotations: { "nginx.ingress.kubernetes.io/auth-url": `https://u:${S(47)}@auth/` } },
    }),
  ),
);
add(
  "ssh-key",
  S(48),
  ex(
    "/x",
    json({
      kind: "ConfigMap",
      data: { id: `-----BEGIN OPENSSH PRIVATE KEY-----\n${S(48)}\n-----END OPENSSH PRIVATE KEY-----\n` },
    }),
  ),
);
add(
  "rsa-key-escaped-text",
  S(49),
  ex(
    "/x",
    text(JSON.stringify({ k: `-----BEGIN RSA PRIVATE KEY-----\n${S(49)}\n-----END RSA PRIVATE KEY-----` })),
  ),
);
add(
  "headers-x-vault-token",
  S(50),
  ex("/x", json({}), { reqHeaders: { "X-Vault-Token": S(50), "Private-Token": S(50) + "b" } }),
);
add("header-apikey", S(51), ex("/x", json({}), { reqHeaders: { "Ocp-Apim-Subscription-Key": S(51) } }));
add("aws-sigv4-header", S(52), ex("/x", json({}), { reqHeaders: { "X-Amz-Security-Token": S(52) } }));
add(
  "kubectl-create-secret-cmd",
  S(53),
  ex("/x", text(`kubectl create secret generic x --from-literal=password=${S(53)}`)),
);
add(
  "kubectl-from-literal-other",
  S(54),
  ex("/x", text(`kubectl create secret generic x --from-literal=dbpass=${S(54)}`)),
);
add("docker-login", S(55), ex("/x", text(`docker login -u u -p ${S(55)} r.io`)));
add("env-export", S(56), ex("/x", text(`export GITHUB_TOKEN=${S(56)}`)));
add("pgpass", S(57), ex("/x", text(`PGPASSWORD=${S(57)} psql -h db`)));
add("helm-set", S(58), ex("/x", text(`helm install x --set auth.rootPassword=${S(58)}`)));
add(
  "json-escaped-in-string",
  S(59),
  ex("/x", json({ kind: "Event", message: `applied {\\"password\\":\\"${S(59)}\\"}` })),
);
add(
  "status-details-causes",
  S(60),
  ex(
    "/api/v1/namespaces/d/secrets/x",
    json({
      kind: "Status",
      status: "Failure",
      code: 422,
      reason: "Invalid",
      message: "bad",
      details: {
        kind: "secrets",
        causes: [{ message: `Invalid value: "${S(60)}"`, field: "data[tls.key]" }],
      },
    }),
    {
      method: "PUT",
      status: 422,
      reqBody: json({ kind: "Secret", apiVersion: "v1", data: { "tls.key": b64(S(60)) } }),
    },
  ),
);
add(
  "stringData-echo-b64",
  S(61),
  ex(
    "/api/v1/namespaces/d/secrets",
    json({ kind: "Status", code: 422, message: `data[x]: Invalid value: "${b64(S(61))}"` }),
    {
      method: "POST",
      status: 422,
      reqBody: json({ kind: "Secret", apiVersion: "v1", stringData: { x: S(61) } }),
    },
  ),
);
add("basic-header-text", S(62), ex("/x", text(`curl -u user:${S(62)} https://h`)));
add(
  "yaml-secret-text-list",
  S(63),
  ex(
    "/x",
    text(
      `apiVersion: v1\nitems:\n- apiVersion: v1\n  data:\n    k: ${b64(S(63))}\n  kind: Secret\nkind: List\n`,
    ),
    { ct: "application/yaml" },
  ),
);
add(
  "secret-kind-after-data-json-text",
  S(64),
  ex("/x", text(`{"data":{"k":"${b64(S(64))}"},"kind":"Secret"}`)),
);
add(
  "event-message",
  S(65),
  ex(
    "/x",
    json({
      kind: "EventList",
      items: [
        { kind: "Event", message: `Error: secret "x" value ${S(65)}`, involvedObject: { kind: "Secret" } },
      ],
    }),
  ),
);

// Session 14: more real-world shapes (command lines, token shapes, value-first entries, binaryData in text).
const T = (n) => `Zq${n}hunterXY7Zq${n}hunterXY7Zq${n}hunterXY7Zq`;
const jwt = (n) => `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.${T(n)}`;
const pod = (n, container) =>
  ex(
    "/api/v1/namespaces/d/pods/p",
    json({ kind: "Pod", spec: { containers: [{ name: "c", ...container }] } }),
  );
add(
  "s14-docker-login-pod-args",
  S(101),
  pod(101, { command: ["docker"], args: ["login", "-u", "u", "-p", S(101)] }),
);
add(
  "s14-sh-c-docker-login",
  S(102),
  pod(102, { command: ["sh", "-c", `set -e; docker login -u u -p ${S(102)} r.io`] }),
);
add(
  "s14-curl-user-event",
  S(103),
  ex("/x", json({ kind: "Event", message: `curl --user admin:${S(103)} https://h: 401` })),
);
add("s14-curl-sSu", S(104), ex("/x", text(`+ curl -sSu ci:${S(104)} -X POST https://h/hook`)));
add(
  "s14-history",
  S(105),
  ex("/x", text(`  501  oc login -u kubeadmin -p ${S(105)} https://api:6443\n  502  oc get pods\n`)),
);
add(
  "s14-from-literal-args",
  S(106),
  pod(106, { args: ["create", "secret", "generic", "db", `--from-literal=api=${S(106)}`] }),
);
add(
  "s14-from-literal-quoted",
  S(107),
  ex("/x", text(`kubectl create secret generic x --from-literal='conn=host=db user=a password2=${S(107)}'`)),
);
add(
  "s14-sshpass-yaml",
  S(108),
  ex("/x", text(`command:\n- sshpass\n- -p\n- ${S(108)}\n- ssh\n`), { ct: "text/plain" }),
);
add(
  "s14-redis-cli-json",
  S(109),
  ex("/x", text(`{"args":["redis-cli","-h","r","-a","${S(109)}","ping"]}`), { ct: "text/plain" }),
);
add("s14-jwt-event", T(110), ex("/x", json({ kind: "Event", message: `webhook denied token ${jwt(110)}` })));
add(
  "s14-jwt-log-line",
  T(111),
  ex(
    "/api/v1/namespaces/d/pods/p/log",
    text(`level=debug msg="auth ok" token=${jwt(111)}\nlevel=info msg="using ${jwt(111)}"\n`),
    { ct: "text/plain" },
  ),
);
add(
  "s14-ghp-in-annotation",
  T(112).slice(0, 36),
  ex(
    "/x",
    json({
      kind: "Deployment",
      metadata: { annotations: { note: `git clone with gh${"p_"}${T(112).slice(0, 36)}` } },
    }),
  ),
);
add(
  "s14-bootstrap-log",
  "w7e2r4t6y8u1i3o5",
  ex("/x", text(`[bootstrap-token] Using token: k3x9qz.w7e2r4t6y8u1i3o5\n`), { ct: "text/plain" }),
);
add(
  "s14-aws-csv",
  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYNOTREALKEY",
  ex(
    "/x",
    json({
      kind: "ConfigMap",
      data: {
        "creds.csv":
          "User name,Access key ID,Secret access key\nci,AKIAQ3EGRXJ5NOTREAL7,wJalrXUtnFEMI/K7MDENG/bPxRfiCYNOTREALKEY\n",
      },
    }),
  ),
);
add(
  "s14-value-first-json-text",
  S(113),
  ex("/x", text(`{"env":[{"value":"${S(113)}","name":"DB_PASSWORD"}]}`), { ct: "text/plain" }),
);
add(
  "s14-value-first-message",
  S(114),
  ex(
    "/x",
    json({
      kind: "Status",
      message: `Pod "p" is invalid: spec.containers[0].env[0]: {value: ${S(114)}, name: SMTP_PASSWORD}`,
    }),
  ),
);
add(
  "s14-binarydata-pasted",
  S(115),
  ex(
    "/x",
    json({
      kind: "Event",
      message: `$ kubectl get cm app -o yaml\napiVersion: v1\nbinaryData:\n  db.properties: ${b64(`db.password=${S(115)}\n`)}\nkind: ConfigMap\n`,
    }),
  ),
);
add(
  "s14-binarydata-json-text",
  S(116),
  ex("/x", text(`{"kind":"ConfigMap","binaryData":{"f":"${b64(`token: ${S(116)}\n`)}"}`), {
    ct: "text/plain",
  }),
);
add(
  "s14-csr-key-b64",
  S(117),
  ex(
    "/x",
    json({
      kind: "ConfigMap",
      data: { key: b64(`-----BEGIN RSA PRIVATE KEY-----\n${S(117)}\n-----END RSA PRIVATE KEY-----\n`) },
    }),
  ),
);
add(
  "s14-helm-repo-add",
  S(118),
  ex("/x", text(`helm repo add x https://charts --username u --password ${S(118)}`)),
);
add(
  "s14-git-credential-url",
  S(119),
  ex("/x", text(`git clone https://oauth2:${S(119)}@gitlab.example.com/g/p.git`)),
);
add(
  "s14-docker-config-auth",
  S(120),
  ex("/x", text(`{"auths":{"r.io":{"auth":"${b64(`u:${S(120)}`)}"}}}`), { ct: "text/plain" }),
);
add("s14-psql-conn-uri", S(121), ex("/x", text(`psql postgresql://app:${S(121)}@db:5432/app`)));
add("s14-az-login", S(122), ex("/x", text(`az login --service-principal -u app -p ${S(122)} --tenant t`)));
add(
  "s14-vault-login-token",
  "hvs.CAESIJ0xZq9hunterXY7Zq9hunterXY7",
  ex("/x", text(`vault login hvs.CAESIJ0xZq9hunterXY7Zq9hunterXY7`)),
);
add("s14-ldap-bind", S(123), ex("/x", text(`ldapwhoami -x -D cn=admin,dc=x -w "${S(123)}"`)));
add("s14-mysql-env-args", S(124), pod(124, { args: ["mysql", "-h", "db", `-p${S(124)}`] }));
add(
  "s14-kubectl-set-credentials",
  S(125),
  ex("/x", text(`kubectl config set-credentials u --username=u --password=${S(125)}`)),
);
add("s14-ssh-pass-env", S(126), ex("/x", text(`SSHPASS=${S(126)} sshpass -e ssh h`)));
add(
  "s14-npm-token",
  "npm_Zq9hunterXY7Zq9hunterXY7Zq9hunterXY7",
  ex("/x", text(`//registry.npmjs.org/:_authToken=npm_Zq9hunterXY7Zq9hunterXY7Zq9hunterXY7`)),
);

const only = process.argv[2];
for (const c of cases) {
  if (only && !c.name.includes(only)) continue;
  const outs = {};
  try {
    const e = redactExchange(c.exchange);
    outs.exchange = JSON.stringify(e);
    const cas = { version: 1, recordedAt: "2026-01-01T00:00:00.000000Z", exchanges: [c.exchange] };
    outs.cassette = serializeCassette(cas);
    outs.log = renderTrafficLog([c.exchange], { v: 10 });
    outs.imported = JSON.stringify(
      importKubectlLog(renderTrafficLog([c.exchange], { v: 10, showSecrets: true })).cassette,
    );
    outs.report = renderReport(cas);
    outs.har = JSON.stringify(cassetteToHar(cas));
  } catch (err) {
    console.log("ERR", c.name, err.message);
    continue;
  }
  const found = [];
  for (const [k, v] of Object.entries(outs))
    for (const f of forms(c.secret)) if (v.includes(f)) found.push(k);
  // decoded base64 strings too
  for (const [k, v] of Object.entries(outs)) {
    for (const m of v.matchAll(/[A-Za-z0-9+/]{16,}={0,2}/g)) {
      const d = Buffer.from(m[0], "base64").toString("latin1");
      if (d.includes(c.secret)) found.push(k + "(b64)");
    }
  }
  console.log(found.length ? "LEAK" : "ok  ", c.name, [...new Set(found)].join(","));
}
