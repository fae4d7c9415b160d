#!/usr/bin/env node
// Bundles the CLI (npm run build): one module graph of kubewire and undici in a few files under dist/bundle/, so
// that a `kubewire get` loads a handful of files instead of some 200 modules. Each command stays its own chunk,
// loaded when it runs; ajv, jsdiff and node-forge stay outside, loaded on first use as in the library.
import { build } from "esbuild";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: ["src/cli/main.ts"],
  outdir: "dist/bundle",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // dist/bundle/ sits two folders below the package root, as dist/cli/ does: package.json and fixtures/demo are
  // found at the same relative paths.
  external: ["ajv", "diff", "node-forge", "vitest"],
  minifyWhitespace: false,
  legalComments: "inline",
  logLevel: "warning",
  plugins: [
    {
      name: "undici-for-the-cli",
      setup(b) {
        // Only the bare specifier: the shim itself requires undici's own files by their paths.
        b.onResolve({ filter: /^undici$/ }, () => ({ path: `${root}scripts/undici-cli.js` }));
      },
    },
    {
      name: "report-assets-beside-their-module",
      setup(b) {
        // The report page reads its script and style from the files beside its module (scripts/copy-assets.js
        // puts them in dist/report/page/): the bundle imports that compiled module rather than inlining it.
        b.onResolve({ filter: /^\.\/page-assets\.js$/ }, (args) =>
          /src[\\/]report[\\/]page[\\/]/.test(args.importer)
            ? { path: "../report/page/page-assets.js", external: true }
            : undefined,
        );
      },
    },
    {
      name: "yaml-in-the-bundle",
      setup(b) {
        // Every get reads a kubeconfig: the yaml package is bundled (one chunk) rather than required from its
        // dozens of files. The library loads it on first use through createRequire (src/internal/lazy-modules.ts),
        // which a bundler cannot follow, so that one call is pointed at a bundled import here.
        b.onLoad({ filter: /src[\\/]internal[\\/]lazy-modules\.ts$/ }, async (args) => {
          const source = await readFile(args.path, "utf8");
          const patched = source.replace('require("yaml")', "kubewireBundledYaml");
          if (patched === source)
            throw new Error('lazy-modules.ts: no require("yaml") to point at the bundle');
          return { contents: `import * as kubewireBundledYaml from "yaml";\n${patched}`, loader: "ts" };
        });
      },
    },
  ],
  // undici is CommonJS and requires Node's built-ins: give every chunk a require of its own.
  banner: {
    js: [
      "// kubewire's command line, bundled by scripts/bundle-cli.js from src/cli/main.ts.",
      'import { createRequire as __kubewireCreateRequire } from "node:module";',
      "const require = __kubewireCreateRequire(import.meta.url);",
    ].join("\n"),
  },
});

// `kubewire`, `--help` and `--version` are answered by src/cli/usage.ts alone: the launcher loads it first, as one
// file of a few kB that imports nothing but node:fs (main.js holds its own copy of the same module).
await build({
  absWorkingDir: root,
  entryPoints: ["src/cli/usage.ts"],
  outfile: "dist/bundle/usage.js",
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  logLevel: "warning",
  banner: {
    js: "// kubewire's answer to --help and --version, bundled by scripts/bundle-cli.js from src/cli/usage.ts.",
  },
});
