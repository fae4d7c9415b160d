import { execFile } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The package as a user gets it: `npm pack` of this checkout's build, installed with npm into a fresh project from
 * the tarball, its dependencies from npm's local cache (`--offline`: the versions `npm ci` fetched, no network),
 * then used there by the Node running the tests (CI runs the suite under Node 20 and Node 24): `import` and
 * `require` of every entry, every ```js example of the README and docs, and the CLI.
 */

const root = fileURLToPath(new URL("../..", import.meta.url));
const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), "kubewire-packed-"));
const project = join(work, "project");
let installOutput = "";

const entries = [
  "kubewire",
  ...Object.keys(packageJson().exports as Record<string, unknown>)
    .filter((k) => k !== "." && !k.includes("*") && k !== "./package.json")
    .map((k) => `kubewire/${k.slice(2)}`),
];

/**
 * A consumer's lockfile: kubewire from the tarball, and every package this checkout's lockfile installs for
 * production (its entries as they are: version, resolved address, integrity), none of the development ones.
 */
function consumerLockfile(tarball: string): Record<string, unknown> {
  const ours = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as {
    packages: Record<string, { dev?: boolean; link?: boolean }>;
  };
  const pkg = packageJson();
  const packages: Record<string, unknown> = {
    "": { name: "consumer", dependencies: { kubewire: tarball } },
    "node_modules/kubewire": {
      version: pkg.version,
      resolved: tarball,
      dependencies: pkg.dependencies,
      ...(pkg.engines ? { engines: pkg.engines } : {}),
    },
  };
  for (const [path, entry] of Object.entries(ours.packages))
    if (path !== "" && !entry.dev && !entry.link) packages[path] = entry;
  return { name: "consumer", lockfileVersion: 3, requires: true, packages };
}

function packageJson(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Record<string, unknown>;
}

/**
 * Every ```js block in README.md and docs/*.md. They run here only, as a reader runs them: against the package as
 * installed, with its production dependencies alone (a run against the repository's build as well checked nothing
 * more, and took as long again).
 */
function examples(): { name: string; title: string; code: string }[] {
  const files = [
    "README.md",
    ...readdirSync(join(root, "docs"))
      .filter((f) => f.endsWith(".md"))
      .map((f) => `docs/${f}`),
  ];
  return files.flatMap((file) =>
    [...readFileSync(join(root, file), "utf8").matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m, i) => ({
      name: `${file.replace(/\W/g, "_")}-${i}`,
      title: `${file} example ${i + 1}`,
      code: m[1]!,
    })),
  );
}

beforeAll(async () => {
  if (!existsSync(join(root, "dist", "index.js")) || !existsSync(join(root, "dist", "bundle", "main.js")))
    throw new Error("dist/ is not built: run npm run build first");
  const { stdout } = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  const filename = (JSON.parse(stdout) as { filename: string }[])[0]!.filename;
  mkdirSync(project);
  // The project's lockfile pins kubewire's dependencies to the versions this checkout's lockfile holds (those
  // `npm ci` fetched into npm's cache), so the install needs no registry: `npm install --offline` of the tarball
  // alone would ask the registry's metadata for every dependency's range, which a fresh cache does not hold.
  const tarball = `file:../${filename}`;
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module", dependencies: { kubewire: tarball } }),
  );
  writeFileSync(join(project, "package-lock.json"), JSON.stringify(consumerLockfile(tarball), null, 2));
  const installed = await run("npm", ["ci", "--offline", "--no-audit", "--no-fund", "--loglevel=warn"], {
    cwd: project,
    maxBuffer: 16 * 1024 * 1024,
  });
  installOutput = installed.stdout + installed.stderr;
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the packed package in a fresh project", () => {
  it("installs without a warning", () => {
    expect(installOutput.split("\n").filter((l) => /\bwarn/i.test(l))).toEqual([]);
  });

  it("ships no source map that points at a file it does not ship", () => {
    const dist = join(project, "node_modules", "kubewire", "dist");
    const maps = (readdirSync(dist, { recursive: true }) as string[]).filter((f) => f.endsWith(".js.map"));
    expect(maps.length).toBeGreaterThan(0);
    const missing = maps.flatMap((m) => {
      const map = JSON.parse(readFileSync(join(dist, m), "utf8")) as { sources: string[] };
      return map.sources.map((s) => join(dist, m, "..", s)).filter((s) => !existsSync(s));
    });
    expect(missing).toEqual([]);
  });

  describe(`under Node ${process.version}`, () => {
    const exec = (args: string[]) =>
      run(process.execPath, args, { cwd: project, maxBuffer: 16 * 1024 * 1024 });

    it("imports and requires every entry point", async () => {
      const script = entries
        .map(
          (e) =>
            `if (Object.keys(require(${JSON.stringify(e)})).length === 0) throw new Error("empty ${e}");`,
        )
        .join("\n");
      expect((await exec(["-e", script])).stderr).toBe("");
      const esm = entries.map((e) => `await import(${JSON.stringify(e)});`).join("\n");
      expect((await exec(["--input-type=module", "-e", esm])).stderr).toBe("");
    });

    describe("runs every README and docs example as written", () => {
      for (const { name, title, code } of examples())
        it(title, async () => {
          // Examples that illustrate with a recorded answer read it from the repository's fixtures/ (the tour and
          // the cassette examples use the recording the package ships): copy those beside them, as a reader
          // copies the file an example names.
          for (const [path] of code.matchAll(/fixtures\/[\w.-]+\/[\w.-]+/g))
            if (existsSync(join(root, path)))
              cpSync(join(root, path), join(project, path), { recursive: true });
          const file = join(project, `${name}.mjs`);
          writeFileSync(file, code);
          // No timeout of its own: an example (100 concurrent writers, say) takes as long as the machine needs.
          const { stderr } = await exec([file]);
          expect(stderr).toBe("");
        });
    });

    it("runs the CLI: --help, --version, demo", async () => {
      const bin = join(project, "node_modules", "kubewire", "bin", "kubewire.js");
      expect((await exec([bin, "--help"])).stdout).toContain("Usage: kubewire <command>");
      expect((await exec([bin, "--version"])).stdout).toBe(`kubewire ${String(packageJson().version)}\n`);
      const demo = await exec([bin, "demo"]);
      expect(demo.stderr).toBe("");
      expect(demo.stdout).toContain("kubectl get configmap --selector app=blog");
    });
  });
});
