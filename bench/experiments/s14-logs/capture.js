// Session 14: captures of the real kubectl for the log import's byte, CRLF and `--raw` fixes, written to
// fixtures/kubectl/extra/ (see its README). A local HTTP server answers with chosen bytes; each case runs one
// kubectl release at one level and keeps its stderr byte for byte.
//   node bench/experiments/s14-logs/capture.js [outdir]   (default fixtures/kubectl/extra)
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";

const out = process.argv[2] ?? "fixtures/kubectl/extra";
const bin = (v) => `/usr/lib/google-cloud-sdk/bin/kubectl.${v}`;

const gv = { groupVersion: "v1", version: "v1" };
const DISCOVERY = {
  "/api": JSON.stringify({ kind: "APIVersions", versions: ["v1"] }),
  "/apis": JSON.stringify({ kind: "APIGroupList", apiVersion: "v1", groups: [] }),
  "/api/v1": JSON.stringify({
    kind: "APIResourceList",
    groupVersion: gv.groupVersion,
    resources: [
      { name: "configmaps", singularName: "configmap", namespaced: true, kind: "ConfigMap", verbs: ["get"] },
    ],
  }),
};

// A ConfigMap pretty-printed with CRLF line ends (valid JSON: CR is whitespace), as a Windows-made file would be.
const CRLF_BODY = Buffer.from(
  '{\r\n  "kind": "ConfigMap",\r\n  "apiVersion": "v1",\r\n  "metadata": {"name": "crlf", "namespace": "default"},\r\n  "data": {"k": "v"}\r\n}\r\n',
);
// A ConfigMap whose data holds bytes that are not UTF-8 (Go's JSON reads them as U+FFFD; kubectl logs them raw),
// answered with a Latin-1 header value.
const BYTES_BODY = Buffer.concat([
  Buffer.from(
    '{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"bytes","namespace":"default"},"data":{"k":"caf',
  ),
  Buffer.from([0xe9, 0x20, 0xff, 0xfe, 0x20, 0xc3]),
  Buffer.from('"}}\n'),
]);

const server = createServer((req, res) => {
  const path = (req.url ?? "").split("?")[0];
  if (DISCOVERY[path]) {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(DISCOVERY[path] + "\n");
  } else if (path.endsWith("/configmaps/crlf")) {
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": CRLF_BODY.length });
    res.end(CRLF_BODY);
  } else if (path.endsWith("/configmaps/bytes")) {
    // Node writes a header value a byte a character (Latin-1): "café" goes out as 63 61 66 e9.
    res.writeHead(200, {
      "Content-Type": "application/json",
      "X-Note": "caf\u00e9",
      "Content-Length": BYTES_BODY.length,
    });
    res.end(BYTES_BODY);
  } else if (path.endsWith("/configmaps/raw204")) {
    res.writeHead(204);
    res.end();
  } else {
    res.writeHead(404, { "Content-Type": "application/json" });
    res.end(
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","reason":"NotFound","code":404}\n',
    );
  }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${server.address().port}`;
const dir = mkdtempSync(join(tmpdir(), "kubewire-s14-capture-"));
const kubeconfig = join(dir, "kubeconfig");
writeFileSync(
  kubeconfig,
  `apiVersion: v1\nkind: Config\nclusters:\n- name: stub\n  cluster:\n    server: ${url}\ncontexts:\n- name: stub\n  context:\n    cluster: stub\n    user: stub\ncurrent-context: stub\nusers:\n- name: stub\n  user: {}\n`,
);

const CASES = [
  { name: "crlf", args: ["get", "configmaps", "crlf", "-o", "name"] },
  { name: "bytes", args: ["get", "configmaps", "bytes", "-o", "name"] },
  { name: "raw204", args: ["delete", "--raw", "/api/v1/namespaces/default/configmaps/raw204"] },
];
const run = (v, args) =>
  new Promise((resolve) => {
    execFile(
      bin(v),
      args,
      { env: { HOME: dir, PATH: process.env.PATH }, encoding: "buffer" },
      (_e, _o, stderr) => resolve(stderr),
    );
  });
mkdirSync(out, { recursive: true });
try {
  for (const version of ["1.27", "1.33"])
    for (const c of CASES) {
      const args = [
        ...c.args,
        "--v=8",
        "--kubeconfig",
        kubeconfig,
        "--cache-dir",
        join(dir, `cache-${version}`),
      ];
      const stderr = await run(version, args);
      const name = `${c.name}-${version}-v8`;
      writeFileSync(join(out, `${name}.stderr`), stderr);
      writeFileSync(join(out, `${name}.cmd`), `kubectl.${version} ${c.args.join(" ")} --v=8\n`);
      console.log(name, stderr.length);
    }
} finally {
  server.close();
  rmSync(dir, { recursive: true, force: true });
}
