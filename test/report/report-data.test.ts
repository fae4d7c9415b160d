import { describe, expect, it } from "vitest";
import { diffAgainstKubectl, loadCassette } from "../../src/index.js";
import { toKubectlView } from "../../src/kubectl/index.js";
import type { Cassette, Exchange } from "../../src/index.js";
import { bodyText } from "../../src/record/index.js";
import { buildReportData, reportRow } from "../../src/report/report-data.js";
import type { ReportExchange } from "../../src/report/report-model.js";
import { summarize } from "../../src/report/summary.js";
import { admissionDiff } from "../../src/diff/admission/admission-diff.js";
import { redactExchange } from "../../src/record/redact/redact.js";
import { previewValue } from "../../src/report/value-preview.js";
import { fixturePath } from "../helpers/fixtures.js";

const cassette = await loadCassette(fixturePath("report/showcase.cassette.json"));
const data = buildReportData(cassette);
const bySeq = new Map(data.exchanges.map((e) => [e.seq, e]));
const source = (seq: number): Exchange => cassette.exchanges.find((e) => e.seq === seq)!;
const rows = (pred: (e: ReportExchange) => boolean) => data.exchanges.filter(pred);

describe("the report's data", () => {
  it("lists every exchange once, in the order requests started, timed from the first", () => {
    expect(data.exchanges.map((e) => e.seq).sort((a, b) => a - b)).toEqual(
      cassette.exchanges.map((e) => e.seq),
    );
    const starts = data.exchanges.map((e) => e.at);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(starts[0]).toBe(0);
    const second =
      Date.parse(source(data.exchanges[1]!.seq).startedAt) - Date.parse(cassette.exchanges[0]!.startedAt);
    expect(data.exchanges[1]!.at).toBeCloseTo(second, 3);
  });

  it("reads verb, resource, namespace, name and kind from each exchange", () => {
    expect(bySeq.get(3)).toMatchObject({
      verb: "list",
      resource: "configmaps",
      namespace: "list-resources-ns",
    });
    expect(bySeq.get(3)!.kind).toBe("ConfigMapList");
    expect(bySeq.get(5)).toMatchObject({ verb: "get", name: "hello-world", kind: "ConfigMap" });
    expect(bySeq.get(12)!.verb).toBe("watch");
    expect(bySeq.get(15)).toMatchObject({ verb: "create", resource: "deployments.apps", dryRun: true });
    expect(bySeq.get(23)!.verb).toBe("delete");
    expect(bySeq.get(0)).toMatchObject({ verb: "get" });
    expect(bySeq.get(0)).not.toHaveProperty("resource");
  });

  it("gives every list response kubectl's view and each difference with its explanation", () => {
    const lists = rows((e) => e.verb === "list" && e.status! < 300 && e.response?.body?.kind === "json");
    expect(lists.length).toBeGreaterThan(3);
    for (const e of lists) {
      const raw = bodyText(source(e.seq).response!.body!)!;
      const value = JSON.parse(raw) as { items?: unknown };
      if (!Array.isArray(value.items)) {
        expect(e.kubectl, `#${e.seq} is not a list (a Table)`).toBeUndefined();
        continue;
      }
      expect(JSON.parse(e.kubectl!.json!)).toEqual(JSON.parse(toKubectlView(raw, { output: "json" })));
      const expected = diffAgainstKubectl(raw);
      expect(e.kubectl!.differences!.map((d) => [d.path, d.change, d.explanation])).toEqual(
        expected.map((d) => [d.path, d.change, d.explanation]),
      );
    }
    const items = bySeq.get(3)!.kubectl!.differences!.find((d) => d.path === ".items[*].kind")!;
    expect(items).toMatchObject({ server: "absent", kubectl: "ConfigMap", transformation: "type-restored" });
    // Aggregated over items whose values differ: present on the server's side, not "absent".
    const managed = bySeq
      .get(3)!
      .kubectl!.differences!.find((d) => d.path === ".items[*].metadata.managedFields")!;
    expect(managed.server).toMatch(/^present \(differs in each of \d+ items\)$/);
    expect(managed.kubectl).toBe("absent");
  });

  it("gives every write the admission diff: who changed what, and refusals", () => {
    const writes = rows((e) => ["POST", "PUT", "PATCH"].includes(e.method));
    expect(writes.length).toBeGreaterThan(0);
    for (const e of writes) expect(e.admission, `#${e.seq}`).toBeDefined();
    expect(rows((e) => e.method === "GET" || e.method === "DELETE").every((e) => !e.admission)).toBe(true);
    const webhook = bySeq.get(16)!.admission!;
    expect(webhook.changes.some((c) => c.group === "admission" && c.path.startsWith(".spec"))).toBe(true);
    expect(webhook.changes.some((c) => c.group === "defaulted")).toBe(true);
    expect(bySeq.get(18)!.admission!.rejected).toMatchObject({ status: 403, reason: "Forbidden" });
    expect(bySeq.get(13)!.admission!.rejected).toMatchObject({ status: 409, reason: "Conflict" });
  });

  it("masks the admission diff's values as the diff's own masking does, and list differences likewise", () => {
    // The report asks the diffs for no masking where the redacted bodies hold nothing secret (kubectl's view) or
    // shows only what the bodies hold (the admission diff), turning markers into masks itself: the same tables.
    const json = (value: unknown) => ({ kind: "json" as const, bytes: 1, value });
    const at = (seq: number): Pick<Exchange, "seq" | "startedAt" | "durationMs"> => ({
      seq,
      startedAt: `2026-01-01T00:00:0${seq}.000000Z`,
      durationMs: 1,
    });
    const exchanges: Exchange[] = [
      {
        ...at(0),
        request: {
          method: "POST",
          url: "https://h/api/v1/namespaces/d/secrets",
          headers: {},
          body: json({
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: "s" },
            stringData: { pw: "hunter2-pw" },
          }),
        },
        response: {
          status: 201,
          statusText: "Created",
          headers: {},
          body: json({
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: "s", uid: "u" },
            data: { pw: "aHVudGVy" },
          }),
        },
      },
      {
        ...at(1),
        request: {
          method: "PATCH",
          url: "https://h/apis/example.com/v1/namespaces/d/widgets/w",
          headers: { "Content-Type": "application/merge-patch+json" },
          body: json({ spec: { apiKey: ["k-secret-1"], size: 2 } }),
        },
        response: {
          status: 200,
          statusText: "OK",
          headers: {},
          body: json({
            apiVersion: "example.com/v1",
            kind: "Widget",
            spec: { apiKey: ["k-secret-2"], size: 3, token: "t0k3n-value" },
          }),
        },
      },
      {
        ...at(2),
        request: { method: "GET", url: "https://h/api/v1/namespaces/d/secrets", headers: {} },
        response: {
          status: 200,
          statusText: "OK",
          headers: {},
          body: json({
            kind: "SecretList",
            apiVersion: "v1",
            metadata: { resourceVersion: "1" },
            items: [{ metadata: { name: "a", managedFields: [{ manager: "m" }] }, data: { k: "dmFsdWU=" } }],
          }),
        },
      },
    ];
    const report = buildReportData({ version: 1, recordedAt: "2026-01-01T00:00:00Z", exchanges });
    for (const [i, e] of report.exchanges.entries()) {
      const redacted = redactExchange(exchanges[i]!);
      if (e.admission) {
        const masked = admissionDiff(redacted).changes.map((c) => [
          c.path,
          previewValue(c.old, "old" in c),
          previewValue(c.new, "new" in c),
        ]);
        expect(e.admission.changes.map((c) => [c.path, c.sent, c.returned])).toEqual(masked);
        expect(masked.flat().join(" ")).toContain("***");
      }
      if (e.kubectl) {
        const masked = diffAgainstKubectl(
          redacted.response!.body!.kind === "json" ? redacted.response!.body!.value : null,
        );
        expect(e.kubectl.differences!.map((d) => d.path)).toEqual(masked.map((d) => d.path));
      }
    }
    expect(JSON.stringify(report)).not.toMatch(/hunter2|aHVudGVy|k-secret|t0k3n|dmFsdWU/);
  });

  it("keeps warnings (parsed from Warning headers when the cassette has only those) and failures", () => {
    expect(bySeq.get(17)!.warnings![0]!.text).toMatch(/would violate PodSecurity "restricted:latest"/);
    expect(bySeq.get(19)!.warnings![0]!.text).toMatch(
      /flowcontrol.apiserver.k8s.io\/v1beta2 FlowSchema is deprecated/,
    );
    expect(bySeq.get(6)!.failure).toEqual({
      reason: "NotFound",
      message: 'configmaps "does-not-exist" not found',
    });
    expect(bySeq.get(5)).not.toHaveProperty("failure");
  });

  it("times a watch's events from the request's start: headers, then each line's chunk", () => {
    const watch = bySeq.get(12)!;
    const body = source(12).response!.body!;
    if (body.kind !== "stream") throw new Error("the watch is a stream");
    const lines = body.chunks
      .map((c) => c.text)
      .join("")
      .split("\n")
      .filter((l) => l.trim() !== "");
    expect(watch.events).toHaveLength(lines.length);
    expect(watch.events![0]).toBe(watch.duration + body.chunks[0]!.atMs);
    expect(watch.total).toBe(source(12).totalMs);
  });

  it("counts events in lines split across chunks once, when the line ends", () => {
    const stream: Cassette = {
      version: 1,
      recordedAt: "2026-01-01T00:00:00.000000Z",
      exchanges: [
        {
          seq: 0,
          startedAt: "2026-01-01T00:00:00.000000Z",
          durationMs: 5,
          request: { method: "GET", url: "https://h/api/v1/pods?watch=1", headers: {} },
          response: {
            status: 200,
            statusText: "OK",
            headers: {},
            body: {
              kind: "stream",
              bytes: 40,
              chunks: [
                { atMs: 10, text: '{"type":"ADDED"}\n{"type":' },
                { atMs: 20, text: '"MODIFIED"}\n\n' },
                { atMs: 30, text: '{"type":"DELETED"}' },
              ],
            },
          },
        },
      ],
    };
    expect(buildReportData(stream).exchanges[0]!.events).toEqual([15, 25, 35]);
  });

  it("derives a curl command that replays the request, body included, with the token as $KUBE_TOKEN", () => {
    const create = bySeq.get(16)!;
    expect(create.curl).toMatch(/^curl -v -X POST /);
    expect(create.curl).toContain(`"Authorization: Bearer $KUBE_TOKEN"`);
    expect(create.curl).toContain('--data-binary \'{"apiVersion":"v1","kind":"Pod"');
    expect(bySeq.get(0)!.curl).not.toContain("--data-binary");
  });

  it("embeds every body's exact text, redacted", () => {
    for (const e of data.exchanges) {
      for (const [mine, theirs] of [
        [e.request.body, source(e.seq).request.body],
        [e.response?.body, source(e.seq).response?.body],
      ] as const) {
        if (theirs?.kind !== "json" && theirs?.kind !== "text") continue;
        expect(mine).toEqual({ kind: theirs.kind, bytes: theirs.bytes, text: bodyText(theirs) });
      }
    }
    expect(bySeq.get(7)!.response!.body!.text).toMatch(/\[redacted len=\d+\]/);
    expect(bySeq.get(7)).toMatchObject({ redacted: true });
  });

  it("names each User-Agent once and points to it", () => {
    expect(new Set(data.agents).size).toBe(data.agents.length);
    expect(data.agents.length).toBe(3);
    for (const e of data.exchanges) {
      const ua = source(e.seq).request.headers["User-Agent"];
      expect(data.agents[e.agent]).toBe(ua);
    }
  });
});

describe("the report's summary", () => {
  const summary = summarize(data, data.exchanges.map(reportRow));

  it("counts verbs and statuses, and names the server and the clients", () => {
    expect(summary.exchanges).toBe(cassette.exchanges.length);
    expect(summary.server).toBe("v1.28.7");
    expect(summary.origins).toEqual(["https://127.0.0.1:6443"]);
    const total = (xs: { count: number }[]) => xs.reduce((n, x) => n + x.count, 0);
    expect(total(summary.verbs)).toBe(summary.exchanges);
    expect(total(summary.statuses)).toBe(summary.exchanges);
    expect(total(summary.clients)).toBe(summary.exchanges);
    expect(summary.verbs.find((v) => v.verb === "watch")!.count).toBe(1);
    expect(summary.clients[0]!.agent).toMatch(/^kubewire|^kubectl/);
  });

  it("lists the errors with their reasons, and the slowest calls without watches", () => {
    const failed = data.exchanges.filter((e) => e.error || e.status! >= 400);
    expect(summary.errorCount).toBe(failed.length);
    expect(summary.errors.find((c) => c.status === 404)!.why).toBe(
      'NotFound: configmaps "does-not-exist" not found',
    );
    expect(summary.slowest.map((c) => c.verb)).not.toContain("watch");
    const durations = summary.slowest.map((c) => c.ms);
    expect(durations).toEqual([...durations].sort((a, b) => b - a));
    expect(summary.slowest[0]!.ms).toBe(
      Math.max(...data.exchanges.filter((e) => e.verb !== "watch").map((e) => e.duration)),
    );
  });

  it("counts the exchanges whose URL or bodies were redacted, not the credential headers every call has", () => {
    expect(data.exchanges.every((e) => e.redacted)).toBe(true);
    expect(summary.redacted).toBe(1); // the Secret list
    expect(summary.errors).toHaveLength(summary.errorCount);
  });

  it("groups identical warnings and says where each first appeared", () => {
    const deprecation = summary.warnings.find((w) => /deprecated/.test(w.text))!;
    expect(deprecation).toMatchObject({ count: 1, firstSeq: 19, code: 299 });
    expect(summary.warningCount).toBe(data.exchanges.reduce((n, e) => n + (e.warnings?.length ?? 0), 0));
  });
});
