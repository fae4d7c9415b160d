import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  diffJson,
  renderDifferencesJson,
  renderDifferenceTable,
  renderUnifiedDiff,
} from "../../src/diff/index.js";
import { diffAgainstKubectl } from "../../src/index.js";
import { kubectlView } from "../../src/kubectl/index.js";
import { readFixture } from "../helpers/fixtures.js";

const secretList = readFixture("realapi/curl/07-secret-list.body");
const parsed = JSON.parse(secretList) as { items: { data: Record<string, string> }[] };
const values = parsed.items.flatMap((i) => Object.values(i.data));
const decoded = values.map((v) => Buffer.from(v, "base64").toString("utf8"));

function leaks(text: string): string[] {
  return [...values, ...decoded].filter((v) => text.includes(v));
}

describe("Secret values never reach a diff by default", () => {
  it("the real SecretList against kubectl's view: data masked in every renderer", () => {
    const diffs = diffAgainstKubectl(secretList);
    expect(diffs.map((d) => d.path)).toContain(".items[*].kind");
    const outputs = [
      renderDifferenceTable(diffs, { explain: true }),
      renderDifferencesJson(diffs),
      JSON.stringify(diffs),
      renderUnifiedDiff(secretList, kubectlView(secretList)),
      renderUnifiedDiff(secretList, parsed.items[0], { secret: true }),
    ];
    for (const out of outputs) expect(leaks(out)).toEqual([]);
  });

  it("marks a changed value *** (before) / *** (after), an unchanged one ***", () => {
    const before = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "s" },
      data: { a: "c2VjcmV0MQ==", b: "c2FtZQ==" },
    };
    const after = { ...before, data: { a: "c2VjcmV0Mg==", b: "c2FtZQ==", c: "bmV3" } };
    expect(diffJson(before, after)).toEqual([
      {
        path: ".data.a",
        segments: ["data", "a"],
        change: "changed",
        old: "*** (before)",
        new: "*** (after)",
        masked: true,
      },
      { path: ".data.c", segments: ["data", "c"], change: "added", new: "***", masked: true },
    ]);
    const unified = renderUnifiedDiff(before, after);
    expect(unified).toContain('-  a: "*** (before)"');
    expect(unified).toContain('+  a: "*** (after)"');
    expect(unified).toContain('   b: "***"');
    expect(unified).not.toMatch(/c2VjcmV0|c2FtZQ|bmV3/);
    expect(diffJson(before, after, { showSecrets: true })[0]).toMatchObject({
      old: "c2VjcmV0MQ==",
      new: "c2VjcmV0Mg==",
    });
  });

  it("recognises SecretList items, whole added Secrets, the last-applied annotation, and the caller's word", () => {
    const item = {
      metadata: {
        name: "x",
        annotations: { "kubectl.kubernetes.io/last-applied-configuration": '{"data":{"k":"djE="}}' },
      },
      data: { k: "djE=" },
    };
    const list = { kind: "SecretList", apiVersion: "v1", items: [item] };
    const changed = { ...list, items: [{ ...item, data: { k: "djI=" } }] };
    expect(JSON.stringify(diffJson(list, changed))).not.toContain("dj");
    expect(
      JSON.stringify(
        diffJson({ kind: "List", items: [] }, { kind: "List", items: [{ ...item, kind: "Secret" }] }),
      ),
    ).not.toContain("dj");
    // Bare objects are not known to be Secrets unless the caller says so.
    expect(JSON.stringify(diffJson(item, { ...item, data: { k: "djI=" } }))).toContain("djI=");
    expect(JSON.stringify(diffJson(item, { ...item, data: { k: "djI=" } }, { secret: true }))).not.toContain(
      "dj",
    );
    expect(renderUnifiedDiff(item, { ...item, data: { k: "djI=" } }, { secret: true })).not.toContain("dj");
  });

  it("property: no Secret value of any list of Secrets appears in any rendering", () => {
    const secretValue = fc.string({ minLength: 6 }).map((s) => `SV${s}`);
    const secret = fc.record({
      metadata: fc.record({ name: fc.constantFrom("a", "b", "c") }),
      data: fc.dictionary(fc.constantFrom("k1", "k2", "k3"), secretValue),
      stringData: fc.option(fc.dictionary(fc.constantFrom("s1"), secretValue), { nil: undefined }),
    });
    const list = fc.uniqueArray(secret, { selector: (s) => s.metadata.name, maxLength: 3 }).map((items) => ({
      kind: "SecretList",
      apiVersion: "v1",
      items,
    }));
    fc.assert(
      fc.property(list, list, (a, b) => {
        const diffs = diffJson(a, b);
        const texts = [
          JSON.stringify(diffs),
          renderDifferenceTable(diffs),
          renderDifferencesJson(diffs),
          renderUnifiedDiff(a, b),
          JSON.stringify(diffAgainstKubectl(b)),
        ];
        const secrets = [...a.items, ...b.items].flatMap((s) => [
          ...Object.values(s.data),
          ...Object.values(s.stringData ?? {}),
        ]);
        for (const t of texts) for (const s of secrets) expect(t.includes(s)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe("renderers", () => {
  it("the unified diff of the ConfigMap list against kubectl's view is YAML with sorted keys", () => {
    const raw = readFixture("realapi/curl/03b-cm-list-kubectl-ua.body");
    const view = JSON.parse(readFixture("realapi/kubectl/kubectl-1.33-get-cm-json.stdout")) as unknown;
    const out = renderUnifiedDiff(raw, view, { oldLabel: "server", newLabel: "kubectl" });
    expect(out.split("\n").slice(0, 2)).toEqual(["--- server", "+++ kubectl"]);
    expect(out).toContain("-kind: ConfigMapList\n+kind: List\n");
    expect(out).toContain("+    kind: ConfigMap\n");
    expect(out).toContain("-      managedFields:\n");
    expect(renderUnifiedDiff(raw, raw)).toBe("");
  });

  it("JSON keeps big integers exact and the explanations", () => {
    const out = renderDifferencesJson(diffJson({ n: 12345678901234567890n }, { n: 1 }));
    expect(out).toBe(
      '[\n  {\n    "path": ".n",\n    "change": "changed",\n    "old": 12345678901234567890,\n    "new": 1\n  }\n]\n',
    );
    const explained = JSON.parse(
      renderDifferencesJson(diffAgainstKubectl(readFixture("realapi/curl/03b-cm-list-kubectl-ua.body"))),
    ) as unknown[];
    expect(explained[0]).toMatchObject({ path: ".kind", transformation: "list-wrapping" });
  });

  it("the table comes as text or markdown, and is empty without differences", () => {
    const diffs = diffAgainstKubectl(readFixture("realapi/curl/03b-cm-list-kubectl-ua.body"));
    const md = renderDifferenceTable(diffs, { format: "markdown" });
    expect(md.split("\n").slice(0, 3)).toEqual([
      "| difference | as printed by kubectl | as sent by the API server |",
      "|---|---|---|",
      "| `.kind` | List | ConfigMapList |",
    ]);
    expect(renderDifferenceTable([])).toBe("");
  });
});

describe("diffAgainstKubectl on several responses (kubectl get configmaps,secrets)", () => {
  it("compares the responses' items, as sent, with kubectl's merged List", () => {
    const cms = readFixture("realapi/curl/03b-cm-list-kubectl-ua.body");
    const diffs = diffAgainstKubectl([cms, secretList]);
    expect(diffs.map((d) => [d.path, d.change, d.transformation])).toEqual([
      [".items[*].metadata.managedFields", "removed", "managed-fields-hidden"],
      [".items[*].apiVersion", "added", "type-restored"],
      [".items[*].kind", "added", "type-restored"],
      [".apiVersion", "added", "list-wrapping"],
      [".kind", "added", "list-wrapping"],
      [".metadata", "added", "list-wrapping"],
    ]);
    expect(diffs.find((d) => d.path === ".items[*].kind")).toMatchObject({ count: 4 });
    expect(renderDifferenceTable(diffs)).toMatch(
      /^\.items\[\*\]\.kind +present \(differs in each of 4 items\) +absent$/m,
    );
    expect(leaks(JSON.stringify(diffs))).toEqual([]);
  });
});
