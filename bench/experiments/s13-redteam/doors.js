// Probe (session 13): util.inspect/JSON of a client, a loaded kubeconfig and a client error; prints which leak the token.
import { inspect } from "node:util";
import { createClient, loadKubeConfig, createClientFromKubeConfig } from "../../../dist/index.js";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
const T = "Zq9tokenSECRETvalue";
const c = createClient({ server: "https://127.0.0.1:1", token: T, retry: false });
const outs = {
  inspect: inspect(c, { depth: 10, showHidden: false }),
  json: (() => {
    try {
      return JSON.stringify(c);
    } catch (e) {
      return String(e);
    }
  })(),
};
const dir = mkdtempSync(join(tmpdir(), "kw-"));
const kc = join(dir, "config");
writeFileSync(
  kc,
  `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:1\nusers:\n- name: u\n  user:\n    token: ${T}\n    client-certificate-data: Q0VSVA==
    client-key-data: ${Buffer.from("KEY" + T).toString("base64")}\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\ncurrent-context: x\n`,
);
try {
  const cfg = await loadKubeConfig({ kubeconfig: kc });
  outs.cfgInspect = inspect(cfg, { depth: 10 });
  outs.cfgJson = JSON.stringify(cfg);
  const c2 = await createClientFromKubeConfig({ kubeconfig: kc, retry: false });
  outs.c2 = inspect(c2, { depth: 10 });
  try {
    await c2.get({ apiVersion: "v1", kind: "Pod", namespace: "d", name: "p" });
  } catch (e) {
    outs.err =
      inspect(e, { depth: 10 }) + JSON.stringify(e) + String(e) + e.stack + inspect(e.cause, { depth: 10 });
  }
  await c2.close?.();
} catch (e) {
  console.log("cfg err", e.message);
}
for (const [k, v] of Object.entries(outs))
  console.log(k, v.includes(T) ? "LEAK" : "ok", v.includes("S0VZ") ? "LEAKKEY" : "", v.length);
await c.close?.();
