// Issue 17, item 1: a Secret manifest held as text in a string (kubectl create secret tls --dry-run=client -o yaml
// stored in a ConfigMap) reached the cassette, the --v=10 log, log render and log import: the pre-scan looked for
// `\bkind:` in the JSON-encoded body, where the `n` of the `\n` escape defeats `\b`.
import { describe, it } from "vitest";
import { expectNoLeak, PEM_KEY, recordAgainst, recordingOutputs } from "./support.js";

const TLS_CRT = Buffer.from("-----BEGIN CERTIFICATE-----\nnot-secret\n-----END CERTIFICATE-----\n").toString(
  "base64",
);
const TLS_KEY = Buffer.from(PEM_KEY + "\n").toString("base64");
const MANIFEST = `apiVersion: v1
data:
  tls.crt: ${TLS_CRT}
  tls.key: ${TLS_KEY}
kind: Secret
metadata:
  creationTimestamp: null
  name: web-tls
type: kubernetes.io/tls
`;
const OPAQUE =
  "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  username: admin\n  dsn: postgres-d5n-k3y\n";

describe("a Secret manifest inside a string field", () => {
  for (const [name, manifest, secrets] of [
    ["a TLS Secret as YAML", MANIFEST, [TLS_KEY]],
    ["an Opaque Secret with stringData", OPAQUE, ["postgres-d5n-k3y"]],
    [
      "a Secret as JSON",
      JSON.stringify({ apiVersion: "v1", kind: "Secret", data: { token: "c2VjcmV0LXRva2Vu" } }),
      ["c2VjcmV0LXRva2Vu"],
    ],
  ] as const) {
    it(`${name} in a ConfigMap reaches no cassette, log or import`, async () => {
      const configMap = {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "holder", namespace: "default" },
        data: { "secret.yaml": manifest },
      };
      const { exchanges } = await recordAgainst(
        (_req, res) => {
          res.writeHead(200, { "Content-Type": "application/json" });
          res.end(JSON.stringify(configMap));
        },
        (client) => client.create(configMap),
      );
      for (const secret of secrets) expectNoLeak(recordingOutputs(exchanges), secret);
    });
  }
});
