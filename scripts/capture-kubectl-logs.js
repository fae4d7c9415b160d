#!/usr/bin/env node
// Captures real kubectl verbose logs against kubewire's in-memory API server (HTTPS, bearer token), the raw
// material of fixtures/pasted-logs/ (see its README). Run by hand after `npm run build`; tests never run it.
//   node scripts/capture-kubectl-logs.js <out-dir> <version> <v> -- <kubectl args...>
// Writes <out-dir>/<name>.stderr and .stdout, where name is the args joined; the token is "tok-" + 40 hex digits
// so that a fixture shows an unmasked token where an author forgot to mask one. Failures on purpose:
//   CAPTURE_NO_CA=1            the kubeconfig lacks the CA (x509 / "tls: failed to verify certificate")
//   CAPTURE_SERVER=<url>       the kubeconfig points elsewhere (an unresolvable name: "no such host")
//   CAPTURE_HANG=1             a server that accepts connections and never answers (with --request-timeout)
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer } from "node:net";
import { join } from "node:path";
import { createFakeApiServer, kubeconfigYaml } from "kubewire/testing";

const [outDir, version, v, sep, ...args] = process.argv.slice(2);
if (!outDir || !version || !v || sep !== "--") {
  console.error("usage: capture-kubectl-logs.js <out-dir> <version> <v> -- <kubectl args...>");
  process.exit(2);
}
const token = "tok-5f0c2d9e8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d";
const server = await createFakeApiServer({
  tls: true,
  token,
  objects: [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } },
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "web-config", namespace: "shop", labels: { app: "web" } },
      data: { "nginx.conf": "server { listen 8080; }\n", mode: "production" },
    },
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "db-credentials", namespace: "shop" },
      type: "Opaque",
      data: { username: "c2hvcC1hZG1pbg==", password: "aHVudGVyMi1jb3JyZWN0LWhvcnNl" },
    },
    {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web-7d4b9c6f5-x2x9k", namespace: "shop", labels: { app: "web" } },
      spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] },
    },
  ],
});
// Accepts and holds every connection: kubectl's client timeout fires while awaiting headers.
const held = [];
const hang = process.env.CAPTURE_HANG
  ? await new Promise((resolve) => {
      const s = createServer((socket) => held.push(socket)).listen(0, "127.0.0.1", () => resolve(s));
    })
  : undefined;
const serverUrl =
  process.env.CAPTURE_SERVER ?? (hang ? `https://127.0.0.1:${hang.address().port}` : server.url);
const dir = mkdtempSync(join(tmpdir(), "kubewire-capture-"));
try {
  writeFileSync(
    join(dir, "config"),
    kubeconfigYaml(serverUrl, process.env.CAPTURE_NO_CA ? undefined : server.ca, token, {
      namespace: "shop",
    }),
  );
  const bin = `/usr/lib/google-cloud-sdk/bin/kubectl.${version}`;
  const { stdout, stderr } = await new Promise((resolve) =>
    execFile(
      bin,
      ["--kubeconfig", join(dir, "config"), `--v=${v}`, ...args],
      { env: { PATH: process.env.PATH, HOME: dir }, cwd: dir, timeout: 30_000 },
      (_error, stdout, stderr) => resolve({ stdout, stderr }),
    ),
  );
  mkdirSync(outDir, { recursive: true });
  const name = `${version}-v${v}-${args.join("_").replace(/[^\w.=-]+/g, "_")}`;
  writeFileSync(join(outDir, `${name}.stderr`), stderr.split(dir).join("/home/dev/.kube"));
  writeFileSync(join(outDir, `${name}.stdout`), stdout);
  console.log(join(outDir, name));
} finally {
  for (const socket of held) socket.destroy();
  hang?.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
