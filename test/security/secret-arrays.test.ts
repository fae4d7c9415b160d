// A secret field name whose value is an array (`"token": ["a", "b"]`, `apiKey:\n  - a`): each scalar in it is a
// secret value, as a scalar under the name would be. Before, only the text rules saw the items, and they kept them.
// Every structured path says so alike: a JSON body, a YAML body, a body cut short, JSON patch operations.
import { describe, expect, it } from "vitest";
import { redactPartialJsonText } from "../../src/record/redact/redact-partial-json.js";
import { redactBody, redactJson, redactSecretText } from "../../src/record/redact/redact.js";
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

// Free text: a string field, a log line, an error page. The text rules read a flow array or a block sequence
// under a secret name as they read a scalar, and a key in another key's value is still a key.
describe("secret values written in free text", () => {
  const marker = (value: string) => `[M ${value.length}]`;
  const [one, two] = VALUES as [string, string];

  it("loses each scalar of a flow array, quoted, escaped-quoted or bare, one level of nesting too", () => {
    expect(redactSecretText(`error: token: [${one}, "${two}", 7, true, null] rest`, { marker })).toBe(
      'error: token: [[M 16], "[M 16]", [M 1], true, null] rest',
    );
    expect(redactSecretText(`log \\"password\\":[\\"${one}\\"] end`, { marker })).toBe(
      'log \\"password\\":[\\"[M 16]\\"] end',
    );
    expect(redactSecretText(`apiKey = [[${one}], ['${two}']]`, { marker })).toBe(
      "apiKey = [[[M 16]], ['[M 16]']]",
    );
  });

  it("loses each item of a block sequence, and keeps the lines after it", () => {
    expect(redactSecretText(`notes: see\napiKey:\n  - ${one}\n  - "${two}"\nother: kept\n`, { marker })).toBe(
      'notes: see\napiKey:\n  - [M 16]\n  - "[M 16]"\nother: kept\n',
    );
  });

  it("reads a key inside another key's bare value (`msg: password: x`)", () => {
    expect(redactSecretText(`level=info msg: password: ${one} user: bob`, { marker })).toBe(
      "level=info msg: password: [M 16] user: bob",
    );
  });

  it("keeps arrays of objects to the document walk, and empty arrays and markers as they are", () => {
    const kept = ['token: [{"name":"n"}] and more', "token: [] and more"];
    for (const text of kept) expect(redactSecretText(text, { marker })).toBe(text);
    const once = redactSecretText(`token: [${one}, "${two}"] and more`);
    expect(redactSecretText(once)).toBe(once);
  });

  it("holds in a recorded ConfigMap whose value is such text, and in the log and cassette made of it", async () => {
    const configMap = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "notes", namespace: "default" },
      data: {
        "app.conf": `# not a whole document: { unbalanced\ntoken: [${one}, ${two}]\nmsg: password: ${one}\n`,
      },
    };
    const { exchanges } = await recordAgainst(
      (_req, res) => {
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(JSON.stringify(configMap));
      },
      (client) => client.get("v1", "ConfigMap", "notes", { namespace: "default" }),
    );
    for (const value of VALUES) expectNoLeak(recordingOutputs(exchanges), value);
  });
});
