import { describe, expect, it } from "vitest";
import YAML from "yaml";
import {
  admissionChanges,
  admissionDiff,
  admissionDiffOfObjects,
  renderAdmissionDiff,
} from "../../../src/diff/index.js";
import type { AdmissionDiff, AdmissionGroup } from "../../../src/diff/index.js";
import { readFixture } from "../../helpers/fixtures.js";
import { exchangeFromCurl, kubectlLogBodies, kubectlWarnings } from "../../helpers/recordings.js";

const DIR = "realapi/admission";
const SA = "ServiceAccount admission plugin";
const DTS = "DefaultTolerationSeconds admission plugin";
const PRIORITY = "Priority admission plugin";
const WEBHOOK = "a mutating admission webhook (or a plugin kubewire does not know)";

const paths = (diff: AdmissionDiff, group: AdmissionGroup) =>
  admissionChanges(diff, group)
    .map((c) => c.path)
    .sort();
const sources = (diff: AdmissionDiff) =>
  Object.fromEntries(admissionChanges(diff, "admission").map((c) => [c.path, c.source]));
const sorted = (xs: string[]) => [...xs].sort();

const CONTAINER_DEFAULTS = [
  "resources",
  "terminationMessagePath",
  "terminationMessagePolicy",
  "imagePullPolicy",
];
const POD_SPEC_DEFAULTS = [
  "restartPolicy",
  "terminationGracePeriodSeconds",
  "dnsPolicy",
  "securityContext",
  "schedulerName",
];
const podDefaults = (prefix: string, container: string) => [
  ...CONTAINER_DEFAULTS.map((f) => `${prefix}.${container}.${f}`),
  ...POD_SPEC_DEFAULTS.map((f) => `${prefix}.${f}`),
];

/** What the built-in plugins add to every Pod in these namespaces (README 01). */
const BUILTIN_ADMISSION: Record<string, string> = {
  ".spec.volumes[0]": SA,
  ".spec.containers[0].volumeMounts[0]": SA,
  ".spec.serviceAccountName": SA,
  ".spec.serviceAccount": SA,
  ".spec.tolerations[0]": DTS,
  ".spec.tolerations[1]": DTS,
  ".spec.priority": PRIORITY,
  ".spec.preemptionPolicy": PRIORITY,
};
const POD_DEFAULTED = [...podDefaults(".spec", "containers[0]"), ".spec.enableServiceLinks"];
const CREATED = [".metadata.uid", ".metadata.creationTimestamp", ".metadata.managedFields", ".status"];

/** The Datadog-style webhook's patch (README "Mutating webhook"), plus what the server did to it. */
const WEBHOOK_ADMISSION: Record<string, string> = {
  '.metadata.annotations["admission.datadoghq.com/injected"]': WEBHOOK,
  ".spec.volumes[1]": WEBHOOK,
  ".spec.initContainers[0]": WEBHOOK,
  ".spec.containers[0].env[0]": WEBHOOK,
  ".spec.containers[0].volumeMounts[1]": WEBHOOK,
  // The ServiceAccount plugin runs again after the webhook and mounts the token into the new init container.
  ".spec.initContainers[0].volumeMounts[1]": SA,
};
const WEBHOOK_DEFAULTED = CONTAINER_DEFAULTS.map((f) => `.spec.initContainers[0].${f}`);

describe("admissionDiff on every recording of fixtures/realapi/admission", () => {
  it("01 dry-run Pod create: server-populated (no resourceVersion), API defaults, ServiceAccount/DefaultTolerationSeconds/Priority admission", () => {
    const diff = admissionDiff(exchangeFromCurl(DIR, "01-pod-dryrun-create"));
    expect(diff).toMatchObject({
      operation: "create",
      dryRun: true,
      status: 201,
      evidence: "managedFields",
      warnings: [],
    });
    expect(paths(diff, "server-populated")).toEqual(sorted([".metadata.namespace", ...CREATED]));
    expect(paths(diff, "defaulted")).toEqual(sorted(POD_DEFAULTED));
    expect(sources(diff)).toEqual(BUILTIN_ADMISSION);
    expect(diff.changes.find((c) => c.path === ".metadata.namespace")?.reason).toMatch(/URL/);
    expect(paths(diff, "dropped")).toEqual([]);
  });

  it("02 dry-run Deployment create: generation, the template's null creationTimestamp, Deployment and PodSpec defaults, no admission", () => {
    const diff = admissionDiff(exchangeFromCurl(DIR, "02-deployment-dryrun-create"));
    expect(diff).toMatchObject({ operation: "create", dryRun: true, warnings: [] });
    expect(paths(diff, "server-populated")).toEqual(
      sorted([
        ".metadata.namespace",
        ".metadata.generation",
        ".spec.template.metadata.creationTimestamp",
        ...CREATED,
      ]),
    );
    expect(paths(diff, "defaulted")).toEqual(
      sorted([
        ...podDefaults(".spec.template.spec", "containers[0]"),
        ".spec.replicas",
        ".spec.strategy",
        ".spec.revisionHistoryLimit",
        ".spec.progressDeadlineSeconds",
      ]),
    );
    expect(paths(diff, "admission")).toEqual([]);
  });

  for (const [name, dryRun] of [
    ["04-pod-dryrun-mutated", true],
    ["03-pod-create-mutated", false],
  ] as const) {
    it(`${name}: the webhook's init container, volume, env, mount and annotation, apart from built-in changes`, () => {
      const diff = admissionDiff(exchangeFromCurl(DIR, name));
      expect(diff.dryRun).toBe(dryRun);
      expect(paths(diff, "server-populated")).toEqual(
        sorted([".metadata.namespace", ...CREATED, ...(dryRun ? [] : [".metadata.resourceVersion"])]),
      );
      expect(paths(diff, "defaulted")).toEqual(sorted([...POD_DEFAULTED, ...WEBHOOK_DEFAULTED]));
      expect(sources(diff)).toEqual({ ...BUILTIN_ADMISSION, ...WEBHOOK_ADMISSION });
      const init = diff.changes.find((c) => c.path === ".spec.initContainers[0]")!;
      expect(init.new).toMatchObject({
        name: "datadog-lib-java-init",
        command: ["sh", "copy-lib.sh", "/datadog-lib"],
      });
    });
  }

  it("05 Pod create without the annotation: webhook called, nothing patched: only the built-in changes", () => {
    const diff = admissionDiff(exchangeFromCurl(DIR, "05-pod-create-not-annotated"));
    expect(paths(diff, "server-populated")).toEqual(
      sorted([".metadata.namespace", ".metadata.resourceVersion", ...CREATED]),
    );
    expect(paths(diff, "defaulted")).toEqual(sorted(POD_DEFAULTED));
    expect(sources(diff)).toEqual(BUILTIN_ADMISSION);
  });

  it("06 Pod create in a warn=restricted namespace: the PodSecurity warning and the built-in changes", () => {
    const diff = admissionDiff(exchangeFromCurl(DIR, "06-pod-warn-restricted"));
    expect(diff.warnings).toEqual([
      {
        code: 299,
        agent: "-",
        text:
          'would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "nginx" must set securityContext.allowPrivilegeEscalation=false), ' +
          'unrestricted capabilities (container "nginx" must set securityContext.capabilities.drop=["ALL"]), ' +
          'runAsNonRoot != true (pod or container "nginx" must set securityContext.runAsNonRoot=true), ' +
          'seccompProfile (pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
      },
    ]);
    expect(sources(diff)).toEqual(BUILTIN_ADMISSION);
    expect(paths(diff, "defaulted")).toEqual(sorted(POD_DEFAULTED));
  });

  it("07 privileged Pod under enforce=baseline: refused with 403, no changes, no warning", () => {
    const diff = admissionDiff(exchangeFromCurl(DIR, "07-pod-forbidden-baseline"));
    expect(diff).toMatchObject({
      operation: "create",
      status: 403,
      rejected: {
        status: 403,
        reason: "Forbidden",
        message:
          'pods "privileged-pod" is forbidden: violates PodSecurity "baseline:latest": privileged (container "nginx" must not set securityContext.privileged=true)',
      },
      changes: [],
      warnings: [],
    });
  });

  it("08 GET of a deprecated API: the deprecation warning, no write to compare", () => {
    const diff = admissionDiff(exchangeFromCurl(DIR, "08-deprecated-api-warning"));
    expect(diff).toMatchObject({ operation: "read", changes: [] });
    expect(diff.warnings.map((w) => w.text)).toEqual([
      "flowcontrol.apiserver.k8s.io/v1beta2 FlowSchema is deprecated in v1.26+, unavailable in v1.29+; use flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema",
    ]);
  });

  const fromKubectlLog = (file: string) => {
    const log = readFixture(`${DIR}/${file}`);
    const bodies = kubectlLogBodies(log);
    const request = bodies.filter((b) => b.kind === "Request" && b.body !== "").pop()!;
    const response = bodies.filter((b) => b.kind === "Response").pop()!;
    const url = /"Request" (?:verb="POST" url="([^"]+)"|curlCommand=<\n\tcurl -v -XPOST .* '([^']+)')/.exec(
      log,
    )!;
    return { request, response, url: url[1] ?? url[2]! };
  };

  it("09 kubectl create --v=8: the response body is truncated in the log, so the diff says it is incomplete", () => {
    const { request, response, url } = fromKubectlLog("09-kubectl-create-mutated-v8.stderr");
    expect(response.truncated).toBe(true);
    // The exchange as an importer of kubectl logs builds it: the logged text, marked truncated.
    const text = (t: string, truncated = false) => ({
      kind: "text" as const,
      text: t,
      bytes: t.length,
      ...(truncated ? { truncated } : {}),
    });
    const exchange = {
      seq: 0,
      startedAt: "2026-11-25T20:22:24.359897Z",
      durationMs: 7,
      request: {
        method: "POST",
        url,
        headers: { "Content-Type": "application/json" },
        body: text(request.body),
      },
      response: {
        status: 201,
        statusText: "Created",
        headers: { "Content-Type": "application/json" },
        body: text(response.body, true),
      },
    };
    const diff = admissionDiff(exchange);
    expect(diff).toMatchObject({
      operation: "create",
      fieldManager: "kubectl-create",
      changes: [],
      incomplete: "response body truncated",
    });
    // Without the flag, the cut JSON does not parse, and the diff says so rather than guess.
    const unmarked = admissionDiff({
      ...exchange,
      response: { ...exchange.response, body: text(response.body) },
    });
    expect(unmarked.incomplete).toBe("response body is not JSON or YAML");
  });

  it("09b kubectl create --v=9: the full mutated Pod from the log, kubectl-create as the manager", () => {
    const { request, response, url } = fromKubectlLog("09b-kubectl-create-mutated-v9.stderr");
    expect(response.truncated).toBe(false);
    const diff = admissionDiffOfObjects(JSON.parse(request.body), JSON.parse(response.body), {
      method: "POST",
      url,
      status: 201,
    });
    expect(diff.fieldManager).toBe("kubectl-create");
    // kubectl sends metadata.namespace itself, so the server has nothing to add there.
    expect(paths(diff, "server-populated")).toEqual(sorted([".metadata.resourceVersion", ...CREATED]));
    expect(paths(diff, "defaulted")).toEqual(sorted([...POD_DEFAULTED, ...WEBHOOK_DEFAULTED]));
    expect(sources(diff)).toEqual({ ...BUILTIN_ADMISSION, ...WEBHOOK_ADMISSION });
    expect(diff.changes.find((c) => c.group === "defaulted")?.reason).toContain('"kubectl-create"');
  });

  it("10 kubectl apply at default verbosity: only the warning kubectl printed is known", () => {
    const stderr = readFixture(`${DIR}/10-kubectl-apply-warn.stderr`);
    const sent = YAML.parse(readFixture(`${DIR}/pod-warn-apply.yaml`)) as unknown;
    const diff = admissionDiffOfObjects(sent, undefined, {
      method: "POST",
      warnings: kubectlWarnings(stderr).map((text) => ({ code: 299, agent: "-", text })),
    });
    expect(diff.incomplete).toBe("the response body is not known");
    expect(diff.warnings.map((w) => w.text)).toEqual([
      expect.stringMatching(
        /^would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false/,
      ),
    ]);
    expect(renderAdmissionDiff(diff)).toContain("warning: would violate PodSecurity");
  });
});

describe("the rule behind the admission diff, checked against the webhook's own log", () => {
  // webhook-log.jsonl: the Pod as the webhook received it (after defaulting and the built-in plugins, before the
  // webhook) and the JSON patch it answered, for 04, 03, 05, 09 and 09b in that order.
  const log = readFixture(`${DIR}/webhook-log.jsonl`)
    .trim()
    .split("\n")
    .map(
      (l) =>
        JSON.parse(l) as {
          admissionReview: { request: { object: unknown } };
          decodedPatch?: { op: string; path: string }[];
        },
    );

  it("what the diff attributes to a webhook is exactly what the webhook's patch added; everything else was there before it ran", () => {
    for (const [name, line] of [
      ["04-pod-dryrun-mutated", 0],
      ["03-pod-create-mutated", 1],
      ["05-pod-create-not-annotated", 2],
    ] as const) {
      const diff = admissionDiff(exchangeFromCurl(DIR, name));
      const patched = (log[line]!.decodedPatch ?? []).map((op) => op.path);
      const byWebhook = admissionChanges(diff, "admission").filter((c) => c.source === WEBHOOK);
      // Each webhook-attributed change lies under a path the patch wrote.
      const pointer = (p: (string | number | object)[]) =>
        "/" +
        p
          .map((s) => (typeof s === "object" ? "*" : String(s)).replace(/~/g, "~0").replace(/\//g, "~1"))
          .join("/");
      for (const c of byWebhook)
        expect(patched.some((p) => pointer(c.segments).startsWith(p.replace(/\/-$/, "")))).toBe(true);
      expect(byWebhook.length > 0).toBe(patched.length > 0);
      // Every defaulted (managedFields-owned) field and every built-in plugin change was already in the object the
      // webhook received.
      const received = log[line]!.admissionReview.request.object;
      const at = (root: unknown, segs: (string | number | object)[]) =>
        segs.reduce<unknown>((cur, s) => (cur as Record<string, unknown> | undefined)?.[s as string], root);
      for (const c of diff.changes.filter(
        (c) =>
          (c.group === "defaulted" && c.reason.startsWith("in managedFields")) ||
          (c.group === "admission" && c.source !== WEBHOOK && !c.path.includes("initContainers")),
      ))
        expect({ path: c.path, present: at(received, c.segments) !== undefined }).toEqual({
          path: c.path,
          present: true,
        });
    }
  });
});

describe("admissionDiffOfObjects beyond the recordings", () => {
  const pod = (spec: object, extra: object = {}) => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", ...extra },
    spec,
  });
  const owned = (fields: object) => [
    { manager: "me", operation: "Update", fieldsType: "FieldsV1", fieldsV1: fields },
  ];

  it("a webhook that rewrites a sent value, a field the server dropped, and a canonical quantity", () => {
    const sent = pod({
      containers: [{ name: "c", image: "nginx", resources: { limits: { cpu: "1000m" } }, bogus: 1 }],
    });
    const returned = pod(
      { containers: [{ name: "c", image: "mirror.local/nginx", resources: { limits: { cpu: "1" } } }] },
      {
        managedFields: owned({
          "f:spec": {
            "f:containers": {
              'k:{"name":"c"}': {
                ".": {},
                "f:image": {},
                "f:name": {},
                "f:resources": { "f:limits": { "f:cpu": {} } },
              },
            },
          },
        }),
      },
    );
    const diff = admissionDiffOfObjects(sent, returned, { method: "POST" });
    const byPath = Object.fromEntries(diff.changes.map((c) => [c.path, c.group]));
    expect(byPath).toEqual({
      ".metadata.managedFields": "server-populated",
      ".spec.containers[0].image": "admission",
      ".spec.containers[0].resources.limits.cpu": "server-populated",
      ".spec.containers[0].bogus": "dropped",
    });
  });

  it("falls back to known fields when the response has no managedFields", () => {
    const diff = admissionDiffOfObjects(
      pod({ containers: [{ name: "c", image: "x" }] }),
      pod({
        containers: [{ name: "c", image: "x", imagePullPolicy: "Always" }],
        serviceAccountName: "default",
        hostname: "h",
      }),
      { method: "POST" },
    );
    expect(diff.evidence).toBe("known-fields");
    expect(diff.changes.map((c) => [c.path, c.group, c.source])).toEqual([
      [".spec.containers[0].imagePullPolicy", "defaulted", undefined],
      [".spec.serviceAccountName", "admission", SA],
      [".spec.hostname", "unknown", undefined],
    ]);
  });

  it("patches: fields the patch did not send are existing, unless the previous object is given", () => {
    const previous = pod(
      { containers: [{ name: "c", image: "a" }], restartPolicy: "Always" },
      { resourceVersion: "1" },
    );
    const returned = pod(
      { containers: [{ name: "c", image: "b" }], restartPolicy: "Always" },
      { resourceVersion: "2" },
    );
    const patch = { spec: { containers: [{ name: "c", image: "b" }] } };
    const ctx = { method: "PATCH", contentType: "application/strategic-merge-patch+json", status: 200 };
    const without = admissionDiffOfObjects(patch, returned, ctx);
    expect(paths(without, "existing")).toEqual([".metadata.name", ".spec.restartPolicy"]);
    expect(paths(without, "server-populated")).toEqual([".apiVersion", ".kind", ".metadata.resourceVersion"]);
    const withPrevious = admissionDiffOfObjects(patch, returned, { ...ctx, previous });
    expect(withPrevious.changes.map((c) => [c.path, c.group])).toEqual([
      [".metadata.resourceVersion", "server-populated"],
    ]);
    const jsonPatch = admissionDiffOfObjects(
      [{ op: "replace", path: "/spec/containers/0/image", value: "b" }],
      returned,
      {
        ...ctx,
        contentType: "application/json-patch+json",
        previous,
      },
    );
    expect(jsonPatch.changes.map((c) => c.path)).toEqual([".metadata.resourceVersion"]);
    expect(
      admissionDiffOfObjects([], returned, { ...ctx, contentType: "application/json-patch+json" }).incomplete,
    ).toMatch(/previous object/);
  });

  it("never shows a Secret value", () => {
    const sent = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "s" },
      stringData: { password: "hunter2" },
    };
    const returned = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "s", uid: "u" },
      data: { password: "aHVudGVyMg==" },
      type: "Opaque",
    };
    const diff = admissionDiffOfObjects(sent, returned, { method: "POST" });
    const text = JSON.stringify(diff) + renderAdmissionDiff(diff);
    expect(text).not.toMatch(/hunter2|aHVudGVyMg/);
    expect(diff.changes.find((c) => c.path === ".data")).toMatchObject({
      new: { password: "***" },
      masked: true,
    });
  });
});

describe("admissionDiff on exchanges of other verbs", () => {
  it("a server-side apply that created the object (YAML body, 201) reads like a create", () => {
    const exchange = exchangeFromCurl(DIR, "01-pod-dryrun-create");
    const sent = JSON.parse(readFixture(`${DIR}/01-pod-dryrun-create.request.json`)) as unknown;
    const text = YAML.stringify(sent);
    const diff = admissionDiff({
      ...exchange,
      request: {
        method: "PATCH",
        url: "https://127.0.0.1:6443/api/v1/namespaces/admission-demo/pods/minimal-pod?fieldManager=me&dryRun=All",
        headers: { "Content-Type": "application/apply-patch+yaml" },
        body: { kind: "text", text, bytes: text.length },
      },
    });
    expect(diff).toMatchObject({ operation: "apply", fieldManager: "me", dryRun: true });
    expect(sources(diff)).toEqual(BUILTIN_ADMISSION);
    expect(paths(diff, "defaulted")).toEqual(sorted(POD_DEFAULTED));
  });
});

describe("admissionDiff on server-side apply (a real kube-apiserver 1.28.7 session)", () => {
  it("tells API defaults from webhook mutation although managedFields hold only what was applied", () => {
    // fixtures/workflows/ssa-deployment: step 7 applies the Deployment, step 9 reads what the server kept, with
    // managedFields that cover only what each applier sent (kubectl's fields, the scaler's replicas). Answered as
    // to an apply that created the object (201), so every field the server added is judged, not taken as existing.
    const workflow = JSON.parse(readFixture("workflows/ssa-deployment.json")) as {
      steps: { stdin?: string }[];
    };
    const expected = JSON.parse(readFixture("workflows/ssa-deployment.expected.json")) as {
      steps: { stdout: string }[];
    };
    const text = workflow.steps[7]!.stdin!;
    const answer = expected.steps[9]!.stdout;
    const diffOf = (answer: string) =>
      admissionDiff({
        seq: 0,
        startedAt: "2026-11-25T19:24:43.000000Z",
        durationMs: 0,
        request: {
          method: "PATCH",
          url: "https://127.0.0.1:6443/apis/apps/v1/namespaces/default/deployments/web?fieldManager=kubectl&fieldValidation=Strict&force=false",
          headers: { "Content-Type": "application/apply-patch+yaml" },
          body: { kind: "text", text, bytes: Buffer.byteLength(text) },
        },
        response: {
          status: 201,
          statusText: "Created",
          headers: { "Content-Type": "application/json" },
          body: { kind: "json", value: JSON.parse(answer) as unknown, bytes: Buffer.byteLength(answer) },
        },
      });
    const diff = diffOf(answer);
    expect(diff).toMatchObject({ operation: "apply", evidence: "managedFields" });
    expect(paths(diff, "admission")).toEqual([]);
    expect(paths(diff, "unknown")).toEqual([]);
    // What a webhook adds is neither applied nor a known default: said to be undecidable, not blamed on defaulting.
    const mutated = JSON.parse(answer) as { spec: { template: { spec: Record<string, unknown> } } };
    mutated.spec.template.spec.hostname = "injected-by-webhook";
    expect(admissionChanges(diffOf(JSON.stringify(mutated)), "unknown")).toMatchObject([
      {
        path: ".spec.template.spec.hostname",
        reason:
          "not applied and not a known default: on server-side apply managedFields cannot tell defaulting from a mutating webhook",
      },
    ]);
    expect(paths(diff, "defaulted")).toEqual(
      expect.arrayContaining([
        ".spec.progressDeadlineSeconds",
        ".spec.revisionHistoryLimit",
        ".spec.strategy",
        ".spec.template.spec.restartPolicy",
        ".spec.template.spec.containers[0].imagePullPolicy",
      ]),
    );
  });
});
