import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeApiServer } from "../../src/testing/index.js";
import type { FakeApiServer } from "../../src/testing/index.js";
import { main } from "../../src/cli/main.js";
import { captureIO, runCli } from "../helpers/cli.js";
import { kubectlTestsRun, requireKubectl, runKubectl, runPool } from "../helpers/kubectl-binary.js";

/**
 * `kubewire get` against kubectl 1.33 on the same in-memory API server, byte for byte: the flag forms, several
 * types, categories, type/name pairs, the table options, jsonpath and custom columns, sorting, and the errors.
 * Both share one HOME, so kubectl reads the discovery cache kubewire wrote and the other way round.
 */

const NOW = new Date("2026-01-02T03:04:05Z");
const dir = mkdtempSync(join(tmpdir(), "kubewire-habits-"));
const home = join(dir, "home");
let server: FakeApiServer;
let kubeconfig: string;

const objects = [
  { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } },
  {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "alpha", namespace: "default", labels: { app: "blog", tier: "web" } },
    data: { a: "1", b: "two" },
  },
  {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "beta", namespace: "default", labels: { app: "shop" } },
    data: { x: "10", size: "2Gi" },
  },
  {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "gamma", namespace: "default", labels: { app: "blog", "example.com/team": "ops" } },
    data: { x: "9", size: "900Mi" },
  },
  { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "delta", namespace: "shop" }, data: { x: "1" } },
  { apiVersion: "v1", kind: "Secret", metadata: { name: "s1", namespace: "default" }, type: "Opaque" },
  {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web-1", namespace: "default", labels: { app: "blog" } },
    spec: { containers: [{ name: "c", image: "nginx:1.27", ports: [{ containerPort: 80 }] }] },
  },
  {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default" },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "c", image: "nginx" }] },
      },
    },
  },
];

beforeAll(async () => {
  server = await createFakeApiServer({ objects, now: () => NOW });
  kubeconfig = join(dir, "config");
  await server.writeKubeconfig(kubeconfig);
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ KUBECONFIG: kubeconfig, HOME: home });
const kubewire = (args: string[]) => runCli(args, { env: env(), cwd: dir });
const kubectl = (args: string[]) => runKubectl(requireKubectl("1.33"), args, env(), dir);

/** kubectl names itself in a few messages; kubewire names itself. */
const asKubewire = (text: string) =>
  text.replaceAll("kubectl.1.33", "kubewire").replaceAll("'kubectl ", "'kubewire ");

async function compare(args: string[]): Promise<void> {
  const [theirs, ours] = [await kubectl(args), await kubewire(args)];
  expect({ args, stdout: ours.stdout, stderr: ours.stderr }).toEqual({
    args,
    stdout: theirs.stdout,
    stderr: asKubewire(theirs.stderr),
  });
  // Same success or failure; a command-line mistake is kubewire's exit 2 (kubectl exits 1 for everything).
  expect({ args, failed: ours.code !== 0 }).toEqual({ args, failed: theirs.code !== 0 });
}

const cases: string[][] = [
  // Flag forms kubectl accepts.
  ["get", "cm", "-o=name"],
  ["get", "cm", "-ojson"],
  ["get", "cm", "--output=yaml"],
  ["get", "-o", "name", "cm"],
  ["get", "cm", "-n=shop", "-oname"],
  // Global flags before the command, as kubectl (cobra) reads them.
  ["-n", "shop", "get", "cm", "-o", "name"],
  ["--namespace=shop", "get", "cm"],
  ["--request-timeout", "5", "-nshop", "get", "cm"],
  ["--v=0", "-o", "name", "get", "cm"],
  ["get", "cm", "--namespace", "shop"],
  ["get", "cm", "-A"],
  ["get", "cm", "--all-namespaces=true", "-o", "wide"],
  // Several types, categories, type/name pairs.
  ["get", "cm,secrets"],
  ["get", "cm,secrets", "-o", "name"],
  ["get", "cm,configmaps,cm", "-o", "name"],
  ["get", "all"],
  ["get", "all", "-o", "name"],
  ["get", "cm/alpha", "secret/s1"],
  ["get", "cm/alpha", "secret/s1", "-o", "name"],
  ["get", "cm/alpha", "-o", "json"],
  ["get", "cm,secret", "alpha", "-o", "name"],
  ["get", "cm", "alpha", "beta", "-o", "name"],
  ["get", "cm", "alpha", "cm/beta"],
  ["get", "cm/alpha/x"],
  ["get", "cm,secret/alpha"],
  ["get", "deployments.apps", "-o", "name"],
  ["get", "deploy.v1.apps", "web", "-o", "yaml"],
  ["get", "ns", "default", "-A", "-o", "name"],
  ["get", "cm", "alpha", "-A"],
  ["get", "foos"],
  ["get", "foos.example.com", "-o", "name"],
  // Table options.
  ["get", "cm", "--show-labels"],
  ["get", "cm", "-L", "app", "-L", "tier,example.com/team"],
  ["get", "cm", "--label-columns=app", "--show-labels", "-A"],
  ["get", "cm", "--no-headers"],
  ["get", "cm,secrets", "--no-headers"],
  ["get", "cm", "--show-kind"],
  ["get", "cm", "-l", "app=blog"],
  ["get", "cm", "-l", "app=nothing"],
  ["get", "cm", "-l", "app=nothing", "-o", "json"],
  ["get", "cm", "--field-selector", "metadata.name=beta", "-o", "name"],
  ["get", "pods", "-o", "wide"],
  // Sorting.
  ["get", "cm", "--sort-by=.metadata.name"],
  ["get", "cm", "--sort-by", "{.data.x}", "-o", "name"],
  ["get", "cm", "--sort-by=.data.size", "-o", "name"],
  ["get", "cm", "--sort-by=.data.size"],
  ["get", "cm", "--sort-by=.nothing", "-o", "name"],
  ["get", "cm", "-A", "--sort-by=metadata.namespace"],
  // Custom columns.
  ["get", "cm", "-o", "custom-columns=NAME:.metadata.name,X:.data.x,LABELS:.metadata.labels"],
  ["get", "cm", "-o", "custom-columns=NAME:metadata.name,NS:{.metadata.namespace}", "--no-headers"],
  // A wildcard over a map of one key: over more, kubectl's order is Go's random map order (kubewire sorts).
  ["get", "cm", "delta", "-n", "shop", "-o", "custom-columns=NAME:.metadata.name,KEYS:.data.*"],
  ["get", "cm", "-o", "custom-columns=NAME"],
  ["get", "cm", "-o", "custom-columns="],
  ["get", "cm", "-o", "custom-columns-file=columns.txt"],
  ["get", "cm", "-o", "custom-columns-file=missing.txt"],
  // Not found, ignored or not.
  ["get", "cm", "nope"],
  ["get", "cm", "nope", "-o", "json"],
  ["get", "cm", "alpha", "nope", "-o", "json"],
  ["get", "cm", "nope", "--ignore-not-found"],
  ["get", "cm", "nope", "--ignore-not-found", "-o", "json"],
  ["get", "cm/nope", "secret/s1", "--ignore-not-found", "-o", "name"],
  // --raw and --request-timeout.
  ["get", "--raw", "/api/v1/namespaces/default/configmaps/alpha"],
  ["get", "--raw", "/nope"],
  ["get", "--raw", "api"],
  ["get", "cm", "--raw", "/api"],
  ["get", "--raw", "/api", "-o", "json"],
  ["get", "cm", "--request-timeout=5", "-o", "name"],
  ["get", "cm", "--request-timeout=1m30s", "-o", "name"],
  ["get", "cm", "--request-timeout=soon"],
  // Command-line mistakes.
  ["get", "cm", "--x"],
  ["get", "cm", "-z"],
  ["get", "cm", "-Az"],
  ["get", "cm", "-o"],
  ["get", "cm", "--watch=maybe"],
  ["get", "cm", "--chunk-size=x"],
  ["get", "cm", "-o", "bogus"],
  ["get", "cm", "--show-labels", "-o", "json"],
  ["get", "cm", "--output-watch-events"],
];

const jsonPaths = [
  '{range .items[*]}{.metadata.name}{"\\t"}{.data.x}{"\\n"}{end}',
  '{.items[?(@.metadata.labels.app=="blog")].metadata.name}',
  "{.items[*].metadata.labels.app}",
  "{..name}",
  "{.items[0:1].metadata.name}",
  "{.items[-1:].metadata.name}",
  "{.items[*]['metadata']['name']}",
  "{.items[*].metadata.name,.kind}",
  "{.items[0].metadata.x}",
  "{.items[5]}",
  "{.items[0].metadata.name[0]}",
  '{.kind}{"\\n"}',
  "x{.kind}y",
  "{.items[?(@.data.x)].metadata.name}",
  '{.items[?(@.metadata.name<"b")].metadata.name}',
  "{.items[?(@.data.x>5)].metadata.name}",
  "{range .items[*]}[{.metadata.name}]{end}",
  "{.items[0].metadata.managedFields[0].manager}",
  "{.a.b.c",
  "{.items[?(@.x}",
  "{$.kind}",
  "{.items[0:2:0]}",
  "{.items[3:1]}",
  "{.items[1:9]}",
  "{range .items[*]}{.metadata.name}{'\\n'}{end}",
  "{end}",
  "{.items[*].metadata.name} {.items[*].metadata.namespace}",
  "{.items[?(@.metadata.name!='alpha')].metadata.name}",
  "{.items[0].metadata.name.*}",
  "{range .items[*]}{.metadata.name}:{range .metadata.labels.app}{@},{end};{end}",
  "{true} {3} {1.5}",
  "{!}",
  '{"unterminated}',
  "{.items[-9]}",
  "{.kind[?(@.a)]}",
];

describe.skipIf(!kubectlTestsRun())("kubewire get against kubectl 1.33, byte for byte", () => {
  beforeAll(() => {
    writeFileSync(join(dir, "columns.txt"), "NAME   KEY-X\n.metadata.name   {.data.x}\n");
    writeFileSync(join(dir, "template.jsonpath"), '{range .items[*]}{.metadata.name}{"\\n"}{end}');
  });

  it("flags, types, tables, sorting, columns, errors", async () => {
    // kubectl processes, two at a time; each case compares both sides' stdout, stderr and success.
    await runPool(
      cases.map((args) => () => compare(args)),
      2,
    );
  }, 300_000);

  it("-o jsonpath, -o jsonpath-file and -o jsonpath-as-json, templates and errors", async () => {
    await runPool(
      [
        ...jsonPaths.map((t) => () => compare(["get", "cm", "-o", `jsonpath=${t}`])),
        ...jsonPaths.slice(0, 12).map((t) => () => compare(["get", "cm", "alpha", "-o", `jsonpath=${t}`])),
        () => compare(["get", "cm", "-o", "jsonpath-file=template.jsonpath"]),
        () => compare(["get", "cm", "-o", "jsonpath-file=missing"]),
        () => compare(["get", "cm", "-o", "jsonpath-as-json={.items[*].metadata.name}"]),
        () => compare(["get", "cm", "-o", "jsonpath"]),
        () => compare(["get", "cm", "-o", "jsonpath", "--template", "{.kind}"]),
        () =>
          compare(["get", "cm", "-o", "jsonpath={.items[0].nope}", "--allow-missing-template-keys=false"]),
      ],
      2,
    );
  }, 300_000);

  it("-f: files, directories, patterns, Lists, and what kubectl refuses or cannot find", async () => {
    const cm = (name: string, namespace?: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}${namespace ? `, namespace: ${namespace}` : ""}}\n`;
    const files: Record<string, string> = {
      "one.yaml": cm("alpha", "default"),
      "two.yaml": `${cm("beta")}---\napiVersion: v1\nkind: Secret\nmetadata: {name: s1}\n`,
      "shop.yaml": cm("delta", "shop"),
      "typo.yaml": cm("alpha", "typo"),
      "foo.yaml": "apiVersion: example.com/v1\nkind: Foo\nmetadata: {name: f}\n",
      "list.json": JSON.stringify({ kind: "List", items: [objects[0], objects[1]] }),
      "m/a.yaml": cm("gamma"),
      "m/b.json": JSON.stringify(objects[7]),
      "m/c.txt": "hello\n",
      "m/sub/d.yml": `${cm("alpha")}---\n`,
    };
    mkdirSync(join(dir, "m", "sub"), { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    await runPool(
      [
        ["get", "-f", "one.yaml"],
        ["get", "-f", "one.yaml", "-o", "json"],
        ["get", "-f", "two.yaml"],
        ["get", "-f", "list.json", "-o", "yaml"],
        ["get", "-f", "m", "-R", "-o", "name"],
        ["get", "-f", "m/*", "-o", "name"],
        ["get", "-f", "one.yaml,foo.yaml"],
        ["get", "-f", "shop.yaml", "-n", "default"],
        ["get", "-f", "typo.yaml"],
        ["get", "-f", "missing.yaml"],
        ["get", "-f", "one.yaml", "cm"],
        // A named object in a namespace that does not exist: kubectl looks the namespace up and reports that.
        ["get", "cm", "alpha", "-n", "typo"],
        ["get", "cm", "alpha", "nope", "-n", "typo", "-o", "name"],
      ].map((args) => () => compare(args)),
      2,
    );
  }, 300_000);

  it("-f with JSON streams that are not clean JSON: kubectl 1.27's Go errors, 1.33's YAML fallback", async () => {
    const cm = JSON.stringify(objects[1]);
    const files: Record<string, string> = {
      "bad-value.json": '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"alpha"},"data":{"a":b}}',
      "then-yaml.json": `${cm}\n{"a": x}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n`,
      "two-then-bad.json": `${cm}\n${cm} 12x\n`,
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    await runPool(
      Object.keys(files).flatMap((file) =>
        (["1.27", "1.33"] as const).map((version) => async () => {
          const args = ["get", "-f", file, "-o", "name"];
          const theirs = await runKubectl(requireKubectl(version), args, env(), dir);
          const ours = await kubewire([...args, `--kubectl-version=${version}`]);
          expect({ file, version, stdout: ours.stdout, stderr: ours.stderr, code: ours.code }).toEqual({
            file,
            version,
            stdout: theirs.stdout,
            stderr: theirs.stderr,
            code: theirs.code,
          });
        }),
      ),
      2,
    );
  }, 120_000);

  it("-o go-template, -o template, -o go-template-file and --template alone, with kubectl 1.27's and 1.33's Go", async () => {
    writeFileSync(
      join(dir, "template.gotemplate"),
      '{{range .items}}{{.metadata.name}} {{index .data "x"}} {{len .data}}{{"\\n"}}{{end}}',
    );
    // One case per behaviour: a list from a file with index and len, {{else with}} (a parse error before go1.23),
    // --template alone with missing keys, a failure part-way (stdout keeps the output so far and kubectl's
    // debugging block).
    const templates: string[][] = [
      [
        "cm",
        "alpha",
        "-o",
        'template={{with .data.c}}{{.}}{{else with .data.b}}{{.}}{{end}} {{printf "%05.1f|%q" 3.14159 .kind}}',
      ],
      ["cm", "alpha", "--template", "{{.metadata.name}} {{.a.b.c}} {{.metadata.labels}}"],
      ["cm", "alpha", "-o", "go-template={{.metadata.name}}|{{.data.a.x}}"],
      ["cm", "-o", "go-template-file=template.gotemplate"],
    ];
    for (const version of ["1.27", "1.33"]) {
      await runPool(
        templates.map((t) => async () => {
          const args = ["get", ...t];
          const theirs = await runKubectl(requireKubectl(version), args, env(), dir);
          const ours = await kubewire([...args, `--kubectl-version=${version}`]);
          expect({ version, args, ...ours }).toEqual({ version, args, ...theirs });
        }),
        2,
      );
    }
  }, 300_000);

  it("shares kubectl's discovery cache: same files, and neither side asks for discovery once the other wrote it", async () => {
    const cache = join(dir, "shared-cache");
    const before = server.requests.length;
    expect((await kubewire(["get", "cm", "-o", "name", "--cache-dir", cache])).code).toBe(0);
    const discoveryPaths = (from: number) =>
      server.requests.slice(from).filter((r) => r.path === "/api" || r.path === "/apis");
    expect(discoveryPaths(before)).toHaveLength(2);
    const written = readdirSync(join(cache, "discovery"), { recursive: true }).map(String).sort();
    expect(written).toContain(`127.0.0.1_${server.port}/servergroups.json`);
    expect(written).toContain(`127.0.0.1_${server.port}/v1/serverresources.json`);
    const afterKubewire = server.requests.length;
    expect((await kubectl(["get", "cm", "-o", "name", "--cache-dir", cache])).code).toBe(0);
    expect(discoveryPaths(afterKubewire)).toEqual([]);
    const afterKubectl = server.requests.length;
    expect((await kubewire(["get", "deploy", "-o", "name", "--cache-dir", cache])).code).toBe(0);
    expect(discoveryPaths(afterKubectl)).toEqual([]);
  });
});

describe.skipIf(!kubectlTestsRun())("kubewire get --watch against kubectl 1.33", () => {
  let changes = 0;

  /**
   * A server of its own: both commands watch it, the test makes a change, then stops the server, which ends both
   * watches right after the change went out (so both exit, as kubectl does when the server ends a watch).
   */
  async function bothWatching(args: string[]) {
    const watched = await createFakeApiServer({ objects, now: () => NOW });
    const config = join(dir, `watch-config-${++changes}`);
    await watched.writeKubeconfig(config);
    const env = { KUBECONFIG: config, HOME: home };
    try {
      const theirs = runKubectl(requireKubectl("1.33"), args, env, dir);
      const ours = runCli(args, { env, cwd: dir });
      while (watched.requests.filter((r) => r.verb === "watch").length < 2)
        await new Promise((r) => setTimeout(r, 20));
      const name = `watched-${changes}`;
      watched.load([{ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "default" } }]);
      await watched.close();
      return { theirs: await theirs, ours: await ours, name };
    } finally {
      await watched.close();
    }
  }

  for (const args of [
    ["get", "cm", "-w"],
    ["get", "cm", "-w", "-o", "name"],
    ["get", "cm", "--watch-only", "-o", "name"],
    ["get", "cm", "alpha", "-w", "-o", "name"],
    ["get", "cm", "-w", "--output-watch-events"],
  ])
    it(`${args.join(" ")}: the list, then each change, as kubectl prints them`, async () => {
      const { theirs, ours, name } = await bothWatching(args);
      expect({ stdout: ours.stdout, stderr: ours.stderr, code: ours.code }).toEqual({
        stdout: theirs.stdout,
        stderr: theirs.stderr,
        code: theirs.code,
      });
      if (!args.includes("alpha")) expect(ours.stdout).toContain(name);
    }, 120_000);

  it("--request-timeout ends the watch quietly, and --v=6 logs the watch when its headers are in, as kubectl does", async () => {
    const watched = await createFakeApiServer({ objects, now: () => NOW });
    const config = join(dir, "watch-config-timeout");
    await watched.writeKubeconfig(config);
    const env = { KUBECONFIG: config, HOME: home };
    const args = ["get", "cm", "-w", "-o", "name", "--request-timeout=1s", "--v=6"];
    // The lines of the configmaps requests, without klog's header and the latency, which differ from run to run.
    const traffic = (stderr: string) =>
      stderr
        .split("\n")
        .filter((line) => line.includes("round_trippers.go") && line.includes("/configmaps"))
        .map((line) => line.replace(/^.*?\] /, "").replace(/milliseconds=\d+/, "milliseconds=N"));
    try {
      const [theirs, ours] = await Promise.all([
        runKubectl(requireKubectl("1.33"), args, env, dir),
        runCli(args, { env, cwd: dir }),
      ]);
      expect({ stdout: ours.stdout, traffic: traffic(ours.stderr), code: ours.code }).toEqual({
        stdout: theirs.stdout,
        traffic: traffic(theirs.stderr),
        code: theirs.code,
      });
      expect(traffic(ours.stderr)).toHaveLength(2);
      expect(traffic(ours.stderr)[1]).toContain("watch=true");
    } finally {
      await watched.close();
    }
  }, 120_000);

  it("refuses to watch more than one type, as kubectl does", async () => {
    await compare(["get", "cm,secrets", "-w"]);
  });
});

describe("kubewire get --watch --v=6", () => {
  it("logs the watch request when its headers are in, while the watch runs (kubectl's order), not when it ends", async () => {
    const watched = await createFakeApiServer({ objects, now: () => NOW });
    const config = join(dir, "watch-config-live");
    await watched.writeKubeconfig(config);
    const { io, out } = captureIO({ env: { KUBECONFIG: config, HOME: home }, cwd: dir });
    const running = main(["get", "cm", "-w", "-o", "name", "--v=6"], io);
    try {
      // The watch stays open until the server closes: its line must come before that, or this waits forever.
      while (!out.stderr.includes("watch=true")) await new Promise((r) => setTimeout(r, 20));
      expect(watched.requests.filter((r) => r.verb === "watch")).toHaveLength(1);
      const lines = out.stderr.split("\n").filter((line) => line.includes("watch=true"));
      expect(lines).toHaveLength(1);
      // This process's pid in klog's header, as kubectl's log carries its own.
      expect(lines[0]).toMatch(new RegExp(`^I\\d{4} [\\d:.]+ +${process.pid} round_trippers`));
    } finally {
      await watched.close();
    }
    expect(await running).toBe(0);
    // When the server ends it, the watch is not logged a second time.
    expect(out.stderr.split("\n").filter((line) => line.includes("watch=true"))).toHaveLength(1);
  }, 30_000);
});
