import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));

/** Where the packed package and its consumer live; removed by {@link removePackedProject}. */
export interface PackedProject {
  /** The temporary folder holding everything. */
  dir: string;
  /** The `npm pack` tarball. */
  tarball: string;
  /** A project with the tarball installed in `node_modules/kubewire`. */
  consumer: string;
}

/**
 * The package as `npm publish` would ship it, installed in a new project. The build goes to a copy of the
 * package's files (never to this checkout's dist/, which other tests run), `npm pack` packs that copy, and the
 * tarball is unpacked into the consumer's node_modules. The package's dependencies (and the tools a consumer
 * compiles with) are linked from this checkout's node_modules: the versions package-lock.json pins, with no
 * network.
 */
export async function packedProject(links: readonly string[] = []): Promise<PackedProject> {
  const dir = mkdtempSync(join(tmpdir(), "kubewire-packed-"));
  const pkg = join(dir, "package");
  mkdirSync(pkg);
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    files: string[];
    dependencies: Record<string, string>;
  };
  cpSync(join(root, "package.json"), join(pkg, "package.json"));
  for (const entry of [...manifest.files.filter((f) => f !== "dist"), "README.md", "LICENSE"])
    if (existsSync(join(root, entry))) cpSync(join(root, entry), join(pkg, entry), { recursive: true });
  await run(process.execPath, [
    join(root, "node_modules/typescript/bin/tsc"),
    "-p",
    join(root, "tsconfig.build.json"),
    "--outDir",
    join(pkg, "dist"),
  ]);
  const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], {
    cwd: pkg,
  });
  const tarball = join(dir, (JSON.parse(stdout) as { filename: string }[])[0]!.filename);

  const consumer = join(dir, "consumer");
  const installed = join(consumer, "node_modules", "kubewire");
  mkdirSync(installed, { recursive: true });
  await run("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"]);
  for (const name of [...Object.keys(manifest.dependencies), ...links]) {
    const target = join(consumer, "node_modules", name);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(join(root, "node_modules", name), target, "dir");
  }
  return { dir, tarball, consumer };
}

export function removePackedProject(project: PackedProject | undefined): void {
  if (project) rmSync(project.dir, { recursive: true, force: true });
}
