// Issue 17, item 2: a kubeconfig without the optional `kind: Config` line inside a string was never redacted.
import { describe, it } from "vitest";
import { expectNoLeak, recordAgainst, recordingOutputs } from "./support.js";

const KUBECONFIG = `apiVersion: v1
clusters:
- cluster:
    server: https://10.0.0.1:6443
  name: prod
contexts:
- context:
    cluster: prod
    user: deployer
  name: prod
current-context: prod
users:
- name: deployer
  user:
    token: kubeconfig-b3ar3r-t0ken-value
- name: basic
  user:
    username: admin
    password: kubeconfig-pa55w0rd-value
- name: plugin
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: get-token
      env:
      - name: VAULT_TOKEN
        value: exec-env-s3cret-value
`;

describe("a kubeconfig without its kind inside a string", () => {
  it("in a ConfigMap, as YAML and as JSON, reaches no cassette, log or import", async () => {
    for (const text of [KUBECONFIG, JSON.stringify(KUBECONFIG.length > 0 ? yamlish() : {})]) {
      const configMap = {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "kubeconfig", namespace: "default" },
        data: { config: text },
      };
      const { exchanges } = await recordAgainst(
        (_req, res) => {
          res.writeHead(200, { "Content-Type": "application/json" });
          res.end(JSON.stringify(configMap));
        },
        (client) => client.create(configMap),
      );
      const outputs = recordingOutputs(exchanges);
      for (const secret of [
        "kubeconfig-b3ar3r-t0ken-value",
        "kubeconfig-pa55w0rd-value",
        "exec-env-s3cret-value",
      ])
        expectNoLeak(outputs, secret);
    }
  });
});

/** The same kubeconfig as a JSON document. */
function yamlish(): unknown {
  return {
    apiVersion: "v1",
    clusters: [{ name: "prod", cluster: { server: "https://10.0.0.1:6443" } }],
    users: [
      { name: "deployer", user: { token: "kubeconfig-b3ar3r-t0ken-value" } },
      { name: "basic", user: { username: "admin", password: "kubeconfig-pa55w0rd-value" } },
      {
        name: "plugin",
        user: {
          exec: { command: "get-token", env: [{ name: "VAULT_TOKEN", value: "exec-env-s3cret-value" }] },
        },
      },
    ],
  };
}
