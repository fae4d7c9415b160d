import { readFileSync } from "node:fs";
import { createOpenApiValidator } from "kubewire/diff";
import { measure } from "../lib/measure.js";
import { pod } from "../lib/data.js";
import { dataOf } from "../lib/format.js";

const DOCUMENT = new URL("../../fixtures/realapi/curl/16-openapi-v3-api-v1.body", import.meta.url);

export const scenario = {
  name: "ajv validation of 10,000 Pods against the core/v1 OpenAPI",
  contender: "createOpenApiValidator(core/v1).validate, per Pod",
  baseline: "—",
  goal: { minPerSecond: 20_000, perUnit: "objects" },
  /** @param {{ quick: boolean }} ctx */
  async run({ quick }) {
    const n = quick ? 2000 : 10_000;
    // The real kube-apiserver 1.28 document (1.3 MB); the Pods as a list's items are, with their type restored.
    const validator = createOpenApiValidator(JSON.parse(readFileSync(DOCUMENT, "utf8")));
    const pods = Array.from({ length: n }, (_, i) => ({ apiVersion: "v1", kind: "Pod", ...pod(i) }));
    // Compiling the Pod schema happens once per validator: timed apart, not in the per-object rate.
    const compileStart = performance.now();
    const first = validator.validate(pods[0]);
    const compileMs = performance.now() - compileStart;
    // The Pods are as kube-apiserver serves them, `lastProbeTime: null` in their conditions included, which the
    // schema types as a string: the issues found are counted and reported, not hidden by cleaner data.
    const issueRules = [...new Set(first.issues.map((i) => `${i.path} ${i.rule}`))];
    let withIssues = 0;
    const r = await measure({
      runs: quick ? 3 : 7,
      fn: () => {
        withIssues = 0;
        for (const p of pods) if (!validator.validate(p).valid) withIssues++;
      },
    });
    const bytes = Buffer.byteLength(JSON.stringify(pods));
    return {
      ...r,
      n,
      ratio: null,
      unit: "objects/s",
      perUnit: "objects",
      perSecond: (n / r.ms) * 1000,
      compileMs,
      objectsWithIssues: withIssues,
      issuesOfFirst: issueRules,
      data: dataOf(n, "Pods", bytes),
      sizeBytes: bytes,
    };
  },
};
