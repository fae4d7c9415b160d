import { describe, expect, it } from "vitest";
import { redactExchange, redactJson, redactSecretText } from "../../src/record/index.js";
import { expectNoLeak, jsonGetExchange, recordingOutputs } from "./support.js";

// A command line quoted in a message, a Pod's log or an Event (`mysql --password X`, `kubeadm join --token X`) gave
// a credential flag's value in clear: the key rules read `--password=X` only. The rule: a flag (one or two dashes
// at the start of a word) whose name, stripped of its dashes, is a secret field name has its value (the next word,
// or a quoted string) redacted; a MySQL client's `-pX` too, on a line that names the client.
const SECRET = "hunter2FlagValue";

describe("a command-line flag named like a secret", () => {
  it.each([
    `mysql -h db --password ${SECRET} app`,
    `mysql --password=${SECRET}`,
    `kubectl exec db -- mysql -uroot -p${SECRET} -e 'select 1'`,
    `sh -c "mysqldump -p${SECRET} app > /dump.sql"`,
    `mariadb-dump --user=root -p'${SECRET}'`,
    `kubeadm join 10.0.0.1:6443 --token ${SECRET}.abcdef --discovery-token-ca-cert-hash sha256:0123abcd`,
    `app --client-secret ${SECRET}`,
    `app --client_secret=${SECRET}`,
    `app --api-key\t${SECRET}`,
    `app --bearer-token "${SECRET} with spaces"`,
    `app --auth-token ${SECRET}`,
    `app -secret ${SECRET}`,
    `["app", "--token ${SECRET}"]`,
  ])("%s", (text) => {
    const out = redactSecretText(text);
    expect(out).not.toContain(SECRET);
    expect(out).toContain("[redacted len=");
  });

  it("keeps the CA hash, other flags and `-p` outside a MySQL client's line", () => {
    expect(
      redactSecretText(`kubeadm join x --token ${SECRET} --discovery-token-ca-cert-hash sha256:0a1b`),
    ).toMatch(
      /^kubeadm join x --token \[redacted len=16 [^\]]*\] --discovery-token-ca-cert-hash sha256:0a1b$/,
    );
    for (const kept of [
      "kubectl logs -p web --tail 10",
      "mkdir -pv /data && docker run -p8080:80 nginx",
      "kubeadm token create --ttl 24h --print-join-command",
      "app --token-ttl 1h --password-file /etc/pw --secret-name db --token -",
      "mysql -p app",
    ])
      expect(redactSecretText(kept)).toBe(kept);
  });

  it("in a Pod's command, an Event's message and an imported log", () => {
    const pod = {
      kind: "Pod",
      spec: { containers: [{ name: "c", command: ["sh", "-c", `mysql -p${SECRET}`] }] },
    };
    expect(JSON.stringify(redactJson(pod))).not.toContain(SECRET);
    const exchange = jsonGetExchange("https://127.0.0.1:6443/api/v1/namespaces/d/events", {
      kind: "EventList",
      items: [{ message: `Started: app --client-secret ${SECRET}` }],
    });
    expectNoLeak(recordingOutputs([redactExchange(exchange)]), SECRET);
  });
});
