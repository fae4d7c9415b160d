// A secret field name whose value is an array (`"token": ["a", "b"]`, `apiKey:\n  - a`): each scalar in it is a
// secret value, as a scalar under the name would be. Before, only the text rules saw the items, and they kept them.
// Every structured path says so alike: a JSON body, a YAML body, a body cut short, JSON patch operations.
import { describe, expect, it } from "vitest";
import { redactPartialJsonText } from "../../src/record/redact/redact-partial-json.js";
import { redactBody, redactJson } from "../../src/record/redact/redact.js";
import { expectNoLeak, recordAgainst, recordingOutputs } from "./support.js";

const VALUES = ["s3cr3t-t0k3n-one", "s3cr3t-t0k3n-two"];

describe("an array under a secret field name", () => {
  it("loses its scalars in a recorded JSON body, the --v=10 log, log render and log import", async () => {
    const widget = {
      apiVersion: "example.com/v1",
      kind: "Widget",
      metadata: { name: "w", namespace: "default" },
      spec: { token: VALUES, replicas: [1, 2], serviceAccountToken: { path: "token" } },
    };
    const { exchanges } = await recordAgainst(
      (_req, res) => {
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(JSON.stringify(widget));
      },
      (client) => client.create(widget),
    );
    for (const value of VALUES) expectNoLeak(recordingOutputs(exchanges), value);
  });

  it("loses them in a YAML body's block sequence", async () => {
    const yaml = `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  apiKey:\n    - ${VALUES[0]}\n    - ${VALUES[1]}\n`;
    const { exchanges } = await recordAgainst(
      (_req, res) => {
        res.writeHead(200, { "Content-Type": "application/yaml" });
        res.end(yaml);
      },
      (client) => client.get("example.com/v1", "widgets", "w", { namespace: "default" }),
    );
    for (const value of VALUES) expectNoLeak(recordingOutputs(exchanges), value);
  });

  it("loses them in a body cut short, and keeps flags, nulls, objects and other arrays", () => {
    const text = `{"spec":{"token":["${VALUES[0]}",true,null,7,{"name":"n"}],"hosts":["h"],"password":["${VALUES[1]}"`;
    const out = redactPartialJsonText(text, false, (v) => `[M ${v.length}]`)!;
    expect(out).toBe(
      '{"spec":{"token":["[M 16]",true,null,"[M 1]",{"name":"n"}],"hosts":["h"],"password":["[M 16]"',
    );
  });

  it("loses them in a JSON patch body, whose text names the field only in each operation's path", () => {
    const ops = [
      { op: "replace", path: "/spec/token", value: VALUES[0] },
      { op: "add", path: "/spec/apiKey/0", value: VALUES[1] },
    ];
    const text = JSON.stringify(ops);
    const url = "https://h/apis/example.com/v1/namespaces/d/widgets/w";
    for (const body of [
      { kind: "text" as const, text, bytes: text.length },
      { kind: "json" as const, value: ops, bytes: text.length },
    ]) {
      const redacted = JSON.stringify(redactBody(body, { url }).body);
      for (const value of VALUES) expect(redacted).not.toContain(value);
    }
  });

  it("loses them in JSON patch operations: the array written whole, or one element of it", () => {
    const ops = redactJson([
      { op: "replace", path: "/spec/token", value: VALUES },
      { op: "add", path: "/spec/apiKey/0", value: VALUES[0] },
      { op: "add", path: "/spec/apiKey/-", value: VALUES[1] },
      { op: "add", path: "/spec/hosts/0", value: "kept" },
    ]);
    const text = JSON.stringify(ops);
    for (const value of VALUES) expect(text).not.toContain(value);
    expect(text).toContain('"kept"');
  });

  it("is the same in the JSON walk as in the walk of the same text cut short, arrays in the array included", () => {
    const body = { spec: { token: [VALUES[0], 3, false], apiKey: [[VALUES[1]]], names: ["x"] } };
    const whole = JSON.stringify(redactJson(body));
    const cut = redactPartialJsonText(JSON.stringify(body).slice(0, -1), false, () => "M")!;
    for (const value of VALUES) {
      expect(whole).not.toContain(value);
      expect(cut).not.toContain(value);
    }
    expect(whole).toContain('"names":["x"]');
    expect(cut).toBe('{"spec":{"token":["M","M",false],"apiKey":[["M"]],"names":["x"]}');
  });
});
