// What the differential fuzzers' runners share (table-fuzz, view-fuzz, real-fuzz): their command-line options, the
// helpers bundled from this checkout's TypeScript with esbuild (no build needed), the releases, and how two runs
// are compared and shown. Their generators stay in test/helpers/*-fuzz.ts, untouched by this module.
import { build } from "esbuild";
import { rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** The kubectl releases the fuzzers compare against. */
export const RELEASES = ["1.27", "1.28", "1.29", "1.30", "1.31", "1.32", "1.33"];

/** `--name value` options and `--name` flags of the command line. */
export function commandLine(args = process.argv.slice(2)) {
  return {
    option: (name, fallback) => {
      const i = args.indexOf(`--${name}`);
      return i >= 0 ? args[i + 1] : fallback;
    },
    flag: (name) => args.includes(`--${name}`),
  };
}

let bundles = 0;

/**
 * Bundles `contents` (TypeScript re-exports, resolved from the checkout's root) and imports it. The bundle sits
 * two folders below the root, as src/client/version.ts reads ../../package.json from the module, and is removed
 * once imported.
 */
export async function importBundled(contents) {
  const bundle = join(ROOT, "bench", "experiments", `.fuzz-bundle-${process.pid}-${bundles++}.mjs`);
  await build({
    stdin: { contents, resolveDir: ROOT, loader: "ts" },
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: bundle,
    packages: "external",
    logLevel: "error",
  });
  try {
    return await import(pathToFileURL(bundle).href);
  } finally {
    rmSync(bundle, { force: true });
  }
}

/** The same stdout, stderr and exit code. */
export const sameRun = (a, b) => a.stdout === b.stdout && a.stderr === b.stderr && a.code === b.code;

/** Where two outputs part, with `before` characters of context before it and 80 after. */
export function firstDiff(a, b, before = 100) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - before);
  return {
    at: i,
    kubectl: JSON.stringify(a.slice(from, i + 80)),
    kubewire: JSON.stringify(b.slice(from, i + 80)),
  };
}

/** A Go panic (exit 2, a goroutine dump with addresses) is kubectl crashing, not output to imitate. */
export const isKubectlPanic = (run) => run.code === 2 && run.stderr.startsWith("panic: ");
