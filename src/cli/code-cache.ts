// Runs a CommonJS bundle (dist/bundle/get.cjs) with V8's code cache. Node 22.1+ keeps compiled code between runs
// itself (module.enableCompileCache); Node 20 compiles a 270 kB bundle from scratch at every `kubewire get`, which
// is a fifth of the command's CPU time. node:vm takes and makes V8's cache data for a script; this module keeps it
// in a file, made after the command ran, so that it also holds the functions V8 compiled lazily on the way.
//
// The launcher loads this module before it knows the command (it is bundled with the answer to --help), so node:vm
// and node:os, which Node does not load at start, are taken only when a get runs.
import {
  closeSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** A CommonJS file run through {@link runWithCodeCache}: its exports, and the call that keeps its compiled code. */
export interface CachedModule {
  exports: unknown;
  /** Whether V8 compiled it from a cache an earlier run left. */
  fromCache: boolean;
  /** Writes the compiled code for the next run, when this run had none to use; never throws. */
  saveCodeCache(): void;
}

/** The first line a bundle made by scripts/bundle-cli.js starts with: its content hash, for the cache's name. */
const HASH_LINE = /^\/\/ kubewire-bundle-hash: ([0-9a-f]{16,64})\n/;

/**
 * Where the compiled code lives: `KUBEWIRE_COMPILE_CACHE` (a directory, or `0` for none), else a directory of the
 * user's own in the OS's temporary folder (as Node's own compile cache is).
 */
export function codeCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  const set = env.KUBEWIRE_COMPILE_CACHE;
  if (set === "0") return undefined;
  if (set !== undefined && set !== "") return set;
  const uid = process.getuid?.();
  return join(
    process.getBuiltinModule("node:os").tmpdir(),
    uid === undefined ? "kubewire-compile-cache" : `kubewire-compile-cache-${uid}`,
  );
}

/**
 * Loads `filename` as CommonJS, as `require` would (the same entry in require.cache, so that a module requiring it
 * gets these exports), compiled from the cached code in `cacheDir` when there is a cache made for this file, this
 * Node and V8's flags. Any cache that cannot be read, is not the user's own, or that V8 rejects is ignored; the
 * file is then compiled as usual and {@link CachedModule.saveCodeCache} writes a new cache.
 */
export function runWithCodeCache(filename: string, cacheDir: string | undefined): CachedModule {
  const source = readFileSync(filename, "utf8");
  const hash = HASH_LINE.exec(source)?.[1];
  // The name says which bundle, which Node and which options it runs with; V8 itself checks its version and flags
  // and the source's length. Runs with other V8 flags (NODE_OPTIONS, node's arguments) get a file of their own:
  // V8 would reject the other's, and each would replace it at every run.
  const cacheFile =
    cacheDir === undefined || hash === undefined
      ? undefined
      : join(
          cacheDir,
          `${hash}-${source.length}-${process.version}-${process.arch}-${optionsHash(process.execArgv, process.env.NODE_OPTIONS)}.v8cache`,
        );
  const cachedData = cacheFile === undefined ? undefined : readOwnFile(cacheFile);
  // The wrapper is Node's own for CommonJS; on the first line, so line numbers in stacks stay the file's.
  // V8 checks a cache's header (its version, flags, the source's length) but, unless told, not its payload: damaged
  // data would crash the process, where checked data is rejected. The flag is V8's own and costs a checksum.
  process.getBuiltinModule("node:v8").setFlagsFromString("--verify-snapshot-checksum");
  const { Script } = process.getBuiltinModule("node:vm");
  const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, {
    filename,
    ...(cachedData === undefined ? {} : { cachedData }),
  });
  const used = cachedData !== undefined && !script.cachedDataRejected;
  const module = new Module(filename);
  module.filename = filename;
  module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(
    dirname(filename),
  );
  const require = createRequire(filename);
  require.cache[filename] = module;
  try {
    const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
    wrapper.call(module.exports, module.exports, require, module, filename, dirname(filename));
  } catch (error) {
    delete require.cache[filename];
    throw error;
  }
  module.loaded = true;
  return {
    exports: module.exports,
    fromCache: used,
    saveCodeCache() {
      if (used || cacheFile === undefined || cacheDir === undefined) return;
      try {
        writeCache(cacheDir, cacheFile, script.createCachedData());
      } catch {
        // A cache is an optimisation: a read-only or full disk, or a folder that is not ours, just goes without.
      }
    },
  };
}

/** FNV-1a of Node's own options: a short name for them, not a check (V8 checks its flags itself). */
export function optionsHash(execArgv: readonly string[], nodeOptions: string | undefined): string {
  const text = `${execArgv.join("\0")}\n${nodeOptions ?? ""}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** The file's bytes when it is a regular file owned by this user in a folder only this user can write to. */
function readOwnFile(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    if (!ownPrivateDir(dirname(file))) return undefined;
    fd = openSync(file, "r");
    const stat = fstatSync(fd);
    if (!stat.isFile() || !ownedByUs(stat)) return undefined;
    const data = readFileSync(fd);
    // The file's time says it is still in use (pruneCacheDir goes by it); renewed at most once a day, not per run.
    if (Date.now() - stat.mtimeMs > DAY_MS) renewQuietly(file);
    return data;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function ownedByUs(stat: { uid: number }): boolean {
  const uid = process.getuid?.();
  return uid === undefined || stat.uid === uid;
}

/** Compiled code is run as it is: only a directory this user owns and no one else can write to may hold it. */
function ownPrivateDir(dir: string): boolean {
  const stat = lstatSync(dir);
  return stat.isDirectory() && ownedByUs(stat) && (process.getuid === undefined || (stat.mode & 0o022) === 0);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A cache no run has used for this long belongs to a kubewire, Node or flag set that is gone. */
export const UNUSED_CACHE_MS = 30 * DAY_MS;

function renewQuietly(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // Only the pruning's clock: a file that cannot be touched is at worst compiled again in a month.
  }
}

/** Written under a name of its own, then renamed: a process reading the cache sees a whole file or none. */
function writeCache(dir: string, file: string, data: Buffer): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!ownPrivateDir(dir)) return;
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temporary, data, { mode: 0o600, flag: "wx" });
  try {
    renameSync(temporary, file);
  } catch (error) {
    unlinkSync(temporary);
    throw error;
  }
  pruneCacheDir(dir, Date.now());
}

/**
 * Deletes the caches no run has used for {@link UNUSED_CACHE_MS} (every build, Node version and flag set leaves a
 * file of ~0.5 MB), and temporary files a writer left behind more than a day ago. Runs only when a cache is
 * written, which is once per build, Node and flag set; only this user's own regular files, named as this module
 * names them, are touched. Never throws.
 */
export function pruneCacheDir(dir: string, now: number): void {
  let names: string[];
  try {
    if (!ownPrivateDir(dir)) return;
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const maxAge = name.endsWith(".v8cache") ? UNUSED_CACHE_MS : name.endsWith(".tmp") ? DAY_MS : undefined;
    if (maxAge === undefined || !CACHE_NAME.test(name)) continue;
    const path = join(dir, name);
    try {
      const stat = lstatSync(path);
      if (stat.isFile() && ownedByUs(stat) && now - stat.mtimeMs > maxAge) unlinkSync(path);
    } catch {
      // Gone already (another run pruned it), or not ours to delete.
    }
  }
}

/** `<hash>-<length>-<node version>-<arch>-<options hash>.v8cache`, or one of its temporary files. */
const CACHE_NAME = /^[0-9a-f]{16,64}-\d+-v[^/]+\.v8cache(?:\.\d+\.[0-9a-z]*\.tmp)?$/;
