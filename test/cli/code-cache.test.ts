import { execFile } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  codeCacheDir,
  optionsHash,
  pruneCacheDir,
  runWithCodeCache,
  UNUSED_CACHE_MS,
} from "../../src/cli/code-cache.js";

let dir: string;
let counter = 0;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "kubewire-code-cache-"));
});
afterEach(() => {
  chmodSync(dir, 0o700);
  rmSync(dir, { recursive: true, force: true });
});

/** A CommonJS file as scripts/bundle-cli.js writes get.cjs: its hash on the first line, then the code. */
function bundle(body: string, hash = "0123456789abcdef0123456789abcdef"): string {
  const file = join(dir, `bundle-${counter++}.cjs`);
  writeFileSync(file, `// kubewire-bundle-hash: ${hash}\n${body}\n`);
  return file;
}

const BODY = [
  "const { join } = require('node:path');",
  "exports.answer = (n) => n * 2 + 1;",
  "exports.where = join(__dirname, 'x') === require('node:path').join(__dirname, 'x');",
  "exports.self = module.exports === exports && typeof __filename === 'string';",
].join("\n");

const cacheFiles = (cache: string) => readdirSync(cache).filter((f) => f.endsWith(".v8cache"));

describe("runWithCodeCache", () => {
  it("runs a file as require would, then from the cache it wrote", async () => {
    const file = bundle(BODY);
    const cache = join(dir, "cache");
    const first = runWithCodeCache(file, cache);
    expect(first.fromCache).toBe(false);
    const exports = first.exports as { answer(n: number): number; where: boolean; self: boolean };
    expect([exports.answer(20), exports.where, exports.self]).toEqual([41, true, true]);
    // A module that requires the file gets the same exports (get-lazy.cjs takes get.cjs's modules this way).
    expect(createRequire(file)(file)).toBe(first.exports);
    first.saveCodeCache();
    expect(cacheFiles(cache)).toHaveLength(1);
    expect(statSync(cache).mode & 0o777).toBe(0o700);

    // V8 takes a script it compiled already from memory, not from cache data: new processes make and read the
    // cache (under a name of their own: their options are not this process's).
    expect(await child(file, cache)).toEqual({ fromCache: false, answer: 9 });
    expect(await child(file, cache)).toEqual({ fromCache: true, answer: 9 });
    expect(cacheFiles(cache)).toHaveLength(2);
  });

  it("names the cache by the bundle's hash, its length and the Node that made it", async () => {
    const file = bundle(BODY, "feedfacefeedfacefeedfacefeedface");
    const cache = join(dir, "cache");
    await child(file, cache);
    const [name] = cacheFiles(cache);
    const length = readFileSync(file, "utf8").length;
    // ...and the options of the process that made it (a hash of its arguments and NODE_OPTIONS).
    const prefix = `feedfacefeedfacefeedfacefeedface-${length}-${process.version}-${process.arch}-`;
    expect(name!.startsWith(prefix)).toBe(true);
    expect(name!.slice(prefix.length)).toMatch(/^[0-9a-f]{8}\.v8cache$/);
    // Another Node's cache (here: this one's, named for another version) is never read.
    const other = name!.replace(process.version, "v99.0.0");
    writeFileSync(join(cache, other), readFileSync(join(cache, name!)));
    rmSync(join(cache, name!));
    expect(await child(file, cache)).toEqual({ fromCache: false, answer: 9 });
  });

  it("keeps a cache for each set of V8 flags the runs use", async () => {
    const file = bundle(BODY);
    const cache = join(dir, "cache");
    const flagged = { NODE_OPTIONS: "--max-old-space-size=100" };
    expect(await child(file, cache)).toEqual({ fromCache: false, answer: 9 });
    expect(await child(file, cache, flagged)).toEqual({ fromCache: false, answer: 9 });
    expect(cacheFiles(cache)).toHaveLength(2);
    expect(await child(file, cache)).toEqual({ fromCache: true, answer: 9 });
    expect(await child(file, cache, flagged)).toEqual({ fromCache: true, answer: 9 });
    expect(optionsHash([], undefined)).not.toBe(optionsHash([], "--max-old-space-size=100"));
    expect(optionsHash(["--a"], "b")).not.toBe(optionsHash([], "--a b"));
  });

  it("compiles as usual from a damaged cache, and replaces it", async () => {
    const file = bundle(BODY);
    const cache = join(dir, "cache");
    await child(file, cache);
    const path = join(cache, cacheFiles(cache)[0]!);
    const good = readFileSync(path);
    const flip = (at: number) => {
      const bad = Buffer.from(good);
      bad[at]! ^= 0x5a;
      return bad;
    };
    const damaged = [
      Buffer.from("not a cache"),
      Buffer.alloc(0),
      good.subarray(0, good.length >> 1),
      // V8's header: another V8's, or another flags', cache of the same file is rejected.
      flip(0),
      flip(4),
      flip(12),
      // The payload: without V8's checksum, such a cache crashes the process as V8 reads it.
      flip(good.length - 3),
      flip(good.length >> 1),
      flip(40),
    ];
    const runs = await Promise.all(
      damaged.map(async (bad, i) => {
        const own = join(dir, `cache-${i}`);
        mkdirSync(own, { mode: 0o700 });
        writeFileSync(join(own, basename(path)), bad);
        return [await child(file, own), await child(file, own)];
      }),
    );
    for (const [first, second] of runs) {
      expect(first).toEqual({ fromCache: false, answer: 9 });
      expect(second).toEqual({ fromCache: true, answer: 9 });
    }
  });

  it("goes without a cache where it cannot write one", () => {
    const file = bundle(BODY);
    // A folder below a file cannot be made; a read-only folder cannot be written (for any user but root).
    const underFile = join(file, "cache");
    const readOnly = join(dir, "read-only");
    mkdirSync(readOnly, { mode: 0o500 });
    for (const cache of [underFile, readOnly]) {
      const run = runWithCodeCache(file, cache);
      expect(run.fromCache).toBe(false);
      expect(() => run.saveCodeCache()).not.toThrow();
      expect((run.exports as { answer(n: number): number }).answer(2)).toBe(5);
    }
    expect(readdirSync(readOnly).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("neither reads nor writes a cache in a folder others can write to", async () => {
    const file = bundle(BODY);
    const cache = join(dir, "cache");
    await child(file, cache);
    chmodSync(cache, 0o777);
    expect(await child(file, cache)).toEqual({ fromCache: false, answer: 9 });
    rmSync(join(cache, cacheFiles(cache)[0]!));
    runWithCodeCache(file, cache).saveCodeCache();
    expect(cacheFiles(cache)).toEqual([]);
  });

  it("keeps one whole cache when runs write it at the same time", async () => {
    const file = bundle(BODY);
    const cache = join(dir, "cache");
    const outputs = await Promise.all(Array.from({ length: 4 }, () => child(file, cache)));
    // Each either made the cache or used one another had renamed into place whole.
    expect(outputs.map((o) => o.answer)).toEqual([9, 9, 9, 9]);
    expect(readdirSync(cache).filter((f) => !f.endsWith(".v8cache"))).toEqual([]);
    expect(cacheFiles(cache)).toHaveLength(1);
    expect(await child(file, cache)).toEqual({ fromCache: true, answer: 9 });
  });

  it("runs a file without a hash line, or without a cache folder, uncached", () => {
    const plain = join(dir, "plain.cjs");
    writeFileSync(plain, BODY);
    const cache = join(dir, "cache");
    for (const [file, folder] of [
      [plain, cache],
      [bundle(BODY), undefined],
    ] as const) {
      const run = runWithCodeCache(file, folder);
      run.saveCodeCache();
      expect(run.fromCache).toBe(false);
      expect((run.exports as { answer(n: number): number }).answer(0)).toBe(1);
    }
    expect(() => readdirSync(cache)).toThrow();
  });

  it("a file that throws leaves no module behind in require's cache", () => {
    const file = bundle("exports.a = 1; throw new Error('boom');");
    expect(() => runWithCodeCache(file, join(dir, "cache"))).toThrow("boom");
    expect(createRequire(file).cache[file]).toBeUndefined();
  });
});

describe("pruning the cache folder", () => {
  const DAY = 24 * 60 * 60 * 1000;
  const HASH = "0123456789abcdef0123456789abcdef";
  const name = (n: number) => `${HASH.slice(0, 16)}${n}-1200-v20.20.2-x64-0a1b2c3d.v8cache`;
  /** A file in `folder` last modified `age` ms ago. */
  function aged(folder: string, file: string, age: number): string {
    const path = join(folder, file);
    writeFileSync(path, "x");
    const when = new Date(Date.now() - age);
    utimesSync(path, when, when);
    return path;
  }

  it("deletes caches unused for a month and writers' leftovers older than a day, nothing else", () => {
    const cache = join(dir, "cache");
    mkdirSync(cache, { mode: 0o700 });
    const keep = [
      aged(cache, name(1), UNUSED_CACHE_MS - DAY),
      aged(cache, `${name(2)}.4242.k3j4.tmp`, DAY / 2),
      // Not named as the cache names its files: someone else's, whatever its age.
      aged(cache, "notes.v8cache", 400 * DAY),
      aged(cache, "report.tmp", 400 * DAY),
      aged(cache, "README", 400 * DAY),
    ];
    const gone = [aged(cache, name(3), UNUSED_CACHE_MS + DAY), aged(cache, `${name(4)}.17.abc.tmp`, 2 * DAY)];
    mkdirSync(join(cache, name(5)));
    utimesSync(join(cache, name(5)), new Date(0), new Date(0));
    pruneCacheDir(cache, Date.now());
    expect(readdirSync(cache).sort()).toEqual([...keep.map((p) => basename(p)), name(5)].sort());
    expect(gone.some((p) => readdirSync(cache).includes(basename(p)))).toBe(false);
  });

  it("prunes when a cache is written, and a cache in use is never old", async () => {
    const file = bundle(BODY);
    const cache = join(dir, "cache");
    await child(file, cache);
    const [used] = cacheFiles(cache);
    // Last written two months ago, but read by a run since: the read renews it.
    const old = new Date(Date.now() - 2 * UNUSED_CACHE_MS);
    utimesSync(join(cache, used!), old, old);
    expect(await child(file, cache)).toEqual({ fromCache: true, answer: 9 });
    expect(Date.now() - statSync(join(cache, used!)).mtimeMs).toBeLessThan(DAY);

    const stale = aged(cache, name(6), UNUSED_CACHE_MS + DAY);
    // Another bundle's first run writes its cache, and deletes the stale one.
    expect(await child(bundle(BODY, "fedcba9876543210fedcba9876543210"), cache)).toEqual({
      fromCache: false,
      answer: 9,
    });
    expect(cacheFiles(cache)).toContain(used);
    expect(cacheFiles(cache)).not.toContain(basename(stale));
    expect(cacheFiles(cache)).toHaveLength(2);
  });

  it("leaves a folder others can write to alone", () => {
    const cache = join(dir, "cache");
    mkdirSync(cache, { mode: 0o700 });
    const stale = aged(cache, name(7), UNUSED_CACHE_MS + DAY);
    chmodSync(cache, 0o777);
    pruneCacheDir(cache, Date.now());
    expect(readdirSync(cache)).toEqual([basename(stale)]);
  });
});

describe("codeCacheDir", () => {
  it("is KUBEWIRE_COMPILE_CACHE, none for 0, else the user's own folder in the temporary folder", () => {
    expect(codeCacheDir({ KUBEWIRE_COMPILE_CACHE: "/some/where" })).toBe("/some/where");
    expect(codeCacheDir({ KUBEWIRE_COMPILE_CACHE: "0" })).toBeUndefined();
    const own = codeCacheDir({});
    expect(own?.startsWith(join(tmpdir(), "kubewire-compile-cache"))).toBe(true);
    if (process.getuid) expect(own).toBe(join(tmpdir(), `kubewire-compile-cache-${process.getuid()}`));
  });
});

/** dist/bundle/usage.js, where the launcher takes runWithCodeCache from (npm run build). */
function launcherBundle(): string {
  return fileURLToPath(new URL("../../dist/bundle/usage.js", import.meta.url));
}

const CHILD_ARGV = ["--input-type=module"];

/** runWithCodeCache in a process of its own (as the launcher runs it), then saveCodeCache: what it used and got. */
function child(
  file: string,
  cache: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ fromCache: boolean; answer: number }> {
  const script = [
    `const { runWithCodeCache } = await import(${JSON.stringify(launcherBundle())});`,
    `const run = runWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cache)});`,
    "run.saveCodeCache();",
    "process.stdout.write(JSON.stringify({ fromCache: run.fromCache, answer: run.exports.answer(4) }));",
  ].join("\n");
  return new Promise((resolve, reject) => {
    const options = { env: { PATH: process.env.PATH, ...env } };
    execFile(process.execPath, [...CHILD_ARGV, "-e", script], options, (error, stdout, stderr) =>
      error
        ? reject(new Error(`${error.message}\n${stderr}`))
        : resolve(JSON.parse(stdout) as { fromCache: boolean; answer: number }),
    );
  });
}
