import { describe, expect, it } from "vitest";
import { redactExchange, redactJson, redactSecretText } from "../../src/record/index.js";
import { expectNoLeak, jsonGetExchange, recordingOutputs } from "./support.js";

// A command line quoted in a message, a Pod's command or a pasted shell history gave a credential in clear when the
// flag that carries it is a short one (`docker login -p X`, `curl -u user:X`, `sshpass -p X`) or a `--from-literal`
// of `kubectl create secret` whose key is no secret name (`dbpass=X`). The rule: a short flag that takes a
// credential is read after the word that gives it that meaning (a `login` subcommand, or the client's name), in
// text and in an argument list; the value of any `--from-literal` is a secret unless the command creates a
// ConfigMap.
const SECRET = "hunter2ShortFlag";

describe("a credential given to a short flag", () => {
  it.each([
    `docker login -u u -p ${SECRET} r.io`,
    `docker login -u u -p${SECRET} r.io`,
    `docker login -u u -p=${SECRET} r.io`,
    `docker login --username u --password ${SECRET} r.io`,
    `docker login --password=${SECRET} r.io`,
    `podman login -p '${SECRET}' quay.io`,
    `helm registry login r.io -u u -p "${SECRET}"`,
    `oc login https://api:6443 -u admin -p ${SECRET}`,
    `$ /usr/local/bin/docker login -u u -p ${SECRET} r.io && docker run -p 8080:80 nginx`,
    `["docker","login","-u","u","-p","${SECRET}","r.io"]`,
    `args: [login, -u, u, -p, ${SECRET}]`,
    `{"command":["sh","-c","echo hi; docker login -p ${SECRET} r.io"]}`,
    `curl -u user:${SECRET} https://h`,
    `curl -fsSL --user "user:${SECRET}" https://h`,
    `curl --user=user:${SECRET} https://h`,
    `curl -uuser:${SECRET} https://h`,
    `curl -x proxy:3128 -U proxyuser:${SECRET} https://h`,
    `curl -sSu user:${SECRET} https://h`,
    `wget --http-password ${SECRET} https://h`,
    `wget --ftp-password=${SECRET} ftp://h`,
    `sshpass -p ${SECRET} ssh root@h`,
    `redis-cli -h r -a ${SECRET} ping`,
    `mongosh mongodb://h -u admin -p ${SECRET}`,
    `ldapsearch -x -D cn=admin -w ${SECRET} -b dc=x`,
    `openssl pkcs12 -export -in c.pem -passout pass:${SECRET} -out c.p12`,
    `keytool -importcert -keystore k.jks -storepass ${SECRET} -file c.pem`,
    `unzip -P ${SECRET} backup.zip`,
    `docker login -u u -p ${SECRET} \\\n  registry.example.com`,
    `- docker\n- login\n- -p\n- ${SECRET}\n`,
  ])("%s", (text) => {
    const out = redactSecretText(text);
    expect(out).not.toContain(SECRET);
    expect(out).toContain("[redacted len=");
  });

  it("keeps the user name, other flags, --password-stdin and the same letters elsewhere", () => {
    expect(redactSecretText(`curl -u admin:${SECRET} https://h`)).toMatch(
      /^curl -u admin:\[redacted len=16 [^\]]*\] https:\/\/h$/,
    );
    expect(redactSecretText(`docker login -u admin -p ${SECRET} r.io`)).toMatch(
      /^docker login -u admin -p \[redacted len=16 [^\]]*\] r\.io$/,
    );
    for (const kept of [
      "echo $TOKEN | docker login --password-stdin -u u r.io",
      "docker run -p 8080:80 -u 1000:1000 nginx",
      "docker login r.io\ndocker run -p 8080:80 nginx",
      "kubectl logs -p web --tail 10",
      "curl -u admin https://h",
      "curl -sS https://h | sort -u",
      "helm install x ./chart -f values.yaml",
      "mongosh -u admin -p --authenticationDatabase admin",
      "openssl pkcs12 -in c.p12 -passin env:P12_PASS",
      "kubectl create configmap app --from-literal=mode=fast --from-literal=level=3",
      "kubectl create cm app --from-literal mode=fast",
    ])
      expect(redactSecretText(kept)).toBe(kept);
  });
});

describe("the value of a --from-literal of kubectl create secret", () => {
  it.each([
    `kubectl create secret generic db --from-literal=dbpass=${SECRET}`,
    `kubectl create secret generic db --from-literal dbpass=${SECRET} --from-literal=user=admin`,
    `kubectl -n prod create secret generic api --from-literal='api=${SECRET}'`,
    `["kubectl","create","secret","generic","db","--from-literal=dbpass=${SECRET}"]`,
    `kubectl create secret docker-registry r --docker-server=r.io --docker-password=${SECRET}`,
    `kubectl create secret docker-registry r --docker-password ${SECRET}`,
    `--from-literal=anything=${SECRET}`,
  ])("%s", (text) => {
    const out = redactSecretText(text);
    expect(out).not.toContain(SECRET);
    expect(out).toContain("[redacted len=");
  });

  it("keeps the key name", () => {
    expect(redactSecretText(`kubectl create secret generic db --from-literal=dbpass=${SECRET}`)).toMatch(
      /^kubectl create secret generic db --from-literal=dbpass=\[redacted len=16 [^\]]*\]$/,
    );
  });
});

describe("in objects and every recording output", () => {
  it("an argument list walked item by item: the command's words name the flag", () => {
    const pod = {
      kind: "Pod",
      spec: {
        containers: [
          { name: "a", command: ["docker"], args: ["login", "-u", "u", "-p", SECRET, "r.io"] },
          { name: "b", command: ["curl", "-u", `u:${SECRET}`, "https://h"] },
          { name: "c", args: ["create", "secret", "generic", "x", `--from-literal=k=${SECRET}`] },
          { name: "d", args: ["sshpass", "-p", SECRET, "ssh", "h"] },
          { name: "e", args: ["mysql", "-h", "db", `-p${SECRET}`] },
        ],
      },
    };
    expect(JSON.stringify(redactJson(pod))).not.toContain(SECRET);
    const kept = {
      kind: "Pod",
      spec: {
        containers: [
          { name: "w", args: ["run", "-p", "8080:80", "-u", "1:1"] },
          { name: "m", command: ["mysql"], args: ["-p", "app"] },
        ],
      },
    };
    expect(redactJson(kept)).toEqual(kept);
  });

  it("an Event's message, the log and its import", () => {
    const exchange = jsonGetExchange("https://127.0.0.1:6443/api/v1/namespaces/d/events", {
      kind: "EventList",
      items: [
        { message: `Error: exec: docker login -u u -p ${SECRET} r.io: exit status 1` },
        { message: `kubectl create secret generic x --from-literal=dbpass=${SECRET}` },
        { message: `curl --user admin:${SECRET} https://h failed` },
      ],
    });
    expectNoLeak(recordingOutputs([redactExchange(exchange)]), SECRET);
  });
});
