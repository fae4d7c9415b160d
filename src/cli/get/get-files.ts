import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { kubectlManifestObjects, ManifestObjectError } from "../../kubectl/index.js";
import type { KubectlVersion, ManifestItem } from "../../kubectl/index.js";
import { CliFailure } from "../io.js";

// `kubectl get -f`: cli-runtime's builder reads the files (FilenameParam, FileVisitor, StreamVisitor), maps each
// object's apiVersion and kind to a resource, and fetches the object by name (RetrieveLatest).

/** cli-runtime `FileExtensions`: what a directory walk reads (a file named on the command line is read whatever its name). */
const EXTENSIONS = [".json", ".yaml", ".yml"];

const GLOB = /[*?[\\]/;

/** Go's `filepath.Glob` for one pattern, enough for the shell-style patterns people pass (`dir/*.yaml`). */
function glob(pattern: string, cwd: string): string[] {
  const slash = pattern.lastIndexOf("/");
  const dir = slash < 0 ? "." : pattern.slice(0, slash) || "/";
  const base = pattern.slice(slash + 1);
  if (GLOB.test(dir)) return []; // kubewire matches only the last element
  const re = new RegExp(
    `^${base
      .replace(/[.+^${}()|\\]/g, "\\$&")
      .replace(/\*/g, "[^/]*")
      .replace(/\?/g, "[^/]")}$`,
  );
  let names: string[];
  try {
    names = readdirSync(resolve(cwd, dir));
  } catch {
    return [];
  }
  return names
    .filter((n) => re.test(n))
    .sort()
    .map((n) => (slash < 0 ? n : `${pattern.slice(0, slash + 1)}${n}`));
}

function isDirectory(path: string, cwd: string): boolean {
  return statSync(resolve(cwd, path)).isDirectory();
}

/** `filepath.Walk` in lexical order: files with kubectl's extensions; sub-directories only when recursive. */
function walk(dir: string, recursive: boolean, cwd: string, out: string[]): void {
  for (const name of readdirSync(resolve(cwd, dir)).sort()) {
    const path = join(dir, name);
    if (isDirectory(path, cwd)) {
      if (recursive) walk(path, recursive, cwd, out);
    } else if (EXTENSIONS.some((e) => name.endsWith(e))) out.push(path);
  }
}

/**
 * The files `-f` names, as cli-runtime expands them: `-` is standard input, a pattern is globbed, a directory is
 * walked. A path that does not exist fails the whole command before any request, as kubectl's does.
 */
export function expandFilenames(
  values: readonly string[],
  recursive: boolean,
  cwd: string,
): { paths: string[]; singleItemImplied: boolean } {
  const paths: string[] = [];
  let single = false;
  for (const value of values) {
    if (value === "-") {
      paths.push("-");
      continue;
    }
    if (/^https?:\/\//.test(value))
      throw new CliFailure(`kubewire get -f reads files, not URLs: ${JSON.stringify(value)}`);
    let matches: string[];
    try {
      statSync(resolve(cwd, value));
      matches = [value];
    } catch {
      matches = GLOB.test(value) ? glob(value, cwd) : [];
      if (matches.length === 0) throw new CliFailure(`the path ${JSON.stringify(value)} does not exist`);
    }
    if (matches.length === 1) single = true;
    for (const match of matches) {
      if (isDirectory(match, cwd)) walk(match, recursive, cwd, paths);
      else paths.push(match);
    }
  }
  return { paths, singleItemImplied: single && values.length === 1 };
}

/** Reads every file `-f` names into its objects, in kubectl's order (standard input, for `-`, read by the caller). */
export function readFileObjects(
  paths: readonly string[],
  cwd: string,
  stdin: string | undefined,
  kubectlVersion: KubectlVersion | undefined,
): ManifestItem[] {
  const items: ManifestItem[] = [];
  for (const path of paths) {
    const source = path === "-" ? "STDIN" : path;
    let text: string;
    try {
      text = path === "-" ? (stdin ?? "") : readFileSync(resolve(cwd, path), "utf8");
    } catch (error) {
      items.push({ source, error: new ManifestObjectError(`open ${path}: ${(error as Error).message}`) });
      continue;
    }
    items.push(...kubectlManifestObjects(text, source, kubectlVersion ? { kubectlVersion } : {}));
  }
  return items;
}
