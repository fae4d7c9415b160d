// What the differential fuzzers' runners share (table-fuzz, view-fuzz, real-fuzz): their command-line options, the
// helpers bundled from this checkout's TypeScript with esbuild (no build needed), the releases, and how two runs
// are compared and shown. Their generators stay in test/helpers/*-fuzz.ts, untouched by this module.
import { build } from "esbuild";
import { readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** The kubectl releases the fuzzers compare against. */
export const RELEASES = ["1.27", "1.28", "1.29", "1.30", "1.31", "1.32", "1.33"];

/**
 * The recorded objects the real-object fuzzers start from (kube-apiserver 1.28.7's, under `realapi`): list items
 * get the kind and apiVersion their list implies; then `written`, the objects written in that server's shape.
 */
export function recordedSeeds(realapi, written) {
  const read = (p) => JSON.parse(readFileSync(join(realapi, p), "utf8"));
  const seeds = [];
  const fromList = (p, kind, max = 3) => {
    const list = read(p);
    for (const item of list.items.slice(0, max))
      seeds.push({ kind, object: { kind, apiVersion: list.apiVersion, ...item } });
  };
  fromList("curl/09-pod-list.body", "Pod");
  fromList("curl/x25-cm-list-all.body", "ConfigMap");
  fromList("curl/07-secret-list.body", "Secret");
  fromList("curl/08-widget-list.body", "Widget");
  fromList("admission/08-deprecated-api-warning.body", "FlowSchema", 2);
  for (const p of ["01-pod-dryrun-create", "03-pod-create-mutated", "02-deployment-dryrun-create"]) {
    const o = read(`admission/${p}.body`);
    seeds.push({ kind: o.kind, object: o });
  }
  seeds.push(...written);
  return seeds;
}

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
