import { describe, expect, it } from "vitest";
import { encodeKubernetesProtobuf } from "../../src/protobuf/envelope.js";
import { redactExchange } from "../../src/record/index.js";
import type { Exchange } from "../../src/index.js";
import { expectNoLeak, recordingOutputs } from "./support.js";

// A Pod answered in protobuf (kubectl 1.32+ asks for it) with an environment variable `DB_PASSWORD` was recorded as
// sent: the protobuf look-up searched the secret field names as written in the list (`password`, `apikey`), and a
// variable's name is upper case with underscores (`DB_PASSWORD`, `API_KEY`). The rule: bytes that cannot be read
// field by field hold a secret when a secret field name stands in them as a word in any case and spelling.
const SECRET = "hunter2ProtobufEnv";

function protobufPod(env: { name: string; value: string }[]): Exchange {
  const pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "app", namespace: "d" },
    spec: { containers: [{ name: "app", image: "app:1", env }] },
  };
  const bytes = Buffer.from(encodeKubernetesProtobuf(pod));
  return {
    seq: 0,
    startedAt: "2026-12-05T10:00:00.000000Z",
    durationMs: 1,
    request: {
      method: "GET",
      url: "https://h:6443/api/v1/namespaces/d/pods/app",
      headers: { Accept: "application/vnd.kubernetes.protobuf" },
    },
    response: {
      status: 200,
      statusText: "OK",
      headers: { "Content-Type": "application/vnd.kubernetes.protobuf" },
      body: { kind: "binary", base64: bytes.toString("base64"), bytes: bytes.length },
    },
  };
}

describe("a protobuf Pod's environment", () => {
  it.each(["DB_PASSWORD", "API_KEY", "GITHUB_TOKEN", "Client_Secret"])("%s goes whole", (name) => {
    const exchange = redactExchange(protobufPod([{ name, value: SECRET }]));
    expect(exchange.response!.body!.kind).toBe("text");
    expectNoLeak(recordingOutputs([exchange]), SECRET);
  });

  it("a Pod with no secret name is kept as sent", () => {
    const exchange = protobufPod([{ name: "DB_HOST", value: "db.local" }]);
    expect(redactExchange(exchange).response!.body).toEqual(exchange.response!.body);
  });
});
