#!/usr/bin/env node
// Bundles the CLI (npm run build): one module graph of kubewire and undici in a few files under dist/bundle/, so
// that a command loads a handful of files instead of some 200 modules. main.js loads each command's chunk when it
// runs; `get` (the command run all day) also has a bundle of its own, and `--help` a module of its own, which the
// launcher (bin/kubewire.js) loads directly. ajv, jsdiff and node-forge stay outside, loaded on first use.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
/** What the CLI's bundles take for undici (see the undici-for-the-cli plugin). */
const UNDICI_SHIM = "scripts/undici-cli.js";

/**
 * The library loads the yaml package on first use through createRequire (src/internal/lazy-modules.ts), which a
 * bundler cannot follow, so that one call is pointed elsewhere: at a bundled import (main.js's chunks, whose
 * commands import yaml anyway), or at dist/bundle/yaml.cjs, a bundle of yaml alone that a get requires only for a
 * kubeconfig its own reader declines (src/client/config/simple-yaml.ts) or a YAML body: 230 kB that most gets
 * neither compile nor evaluate.
 */
function lazyYaml(into) {
  return {
    name: "lazy-yaml",
    setup(b) {
      b.onLoad({ filter: /src[\\/]internal[\\/]lazy-modules\.ts$/ }, async (args) => {
        const source = await readFile(args.path, "utf8");
        const patched = source.replace(
          'require("yaml")',
          into === "bundle" ? "kubewireBundledYaml" : 'require("./yaml.cjs")',
        );
        if (patched === source) throw new Error('lazy-modules.ts: no require("yaml") to point at the bundle');
        const contents =
          into === "bundle" ? `import * as kubewireBundledYaml from "yaml";\n${patched}` : patched;
        return { contents, loader: "ts" };
      });
    },
  };
}

// undici requires node:http (with it the HTTP server, agent and Node's own parser: 3 to 5 ms of a get) for
// two things: the default maxHeaderSize, which is Node's --max-http-header-size (16 kB unless a flag or
// NODE_OPTIONS sets it), and an identity check of a stream it destroys (an IncomingMessage exists only
// where node:http is loaded already). Both now load it only when they need it.
const lazyHttp = {
  "client.js": [
    ["const http = require('node:http')\n", ""],
    [
      /const getDefaultNodeMaxHeaderSize = http &&[^]*?invalid'\) \}\n/,
      [
        "const getDefaultNodeMaxHeaderSize = () => {",
        "  const set = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('max-http-header-size'))",
        "  if (!set) return 16384",
        "  const size = require('node:http').maxHeaderSize",
        "  if (Number.isInteger(size) && size > 0) return size",
        "  throw new InvalidArgumentError('http module not available or http.maxHeaderSize invalid')",
        "}",
        "",
      ].join("\n"),
    ],
  ],
  "util.js": [
    ["const { IncomingMessage } = require('node:http')\n", ""],
    [
      "Object.getPrototypeOf(stream).constructor === IncomingMessage",
      "Object.getPrototypeOf(stream).constructor.name === 'IncomingMessage' && Object.getPrototypeOf(stream).constructor === require('node:http').IncomingMessage",
    ],
  ],
};

/** Applies each [from, to] replacement to a dependency's source, failing the build where one no longer matches. */
function rewrite(path, source, pairs) {
  for (const [from, to] of pairs) {
    const next = source.replace(from, to);
    if (next === source) throw new Error(`${path}: no ${from} to rewrite`);
    source = next;
  }
  return source;
}

/**
 * kubewire's own modules only declare (their top level makes functions, classes and constants, and registers
 * nothing), so a module none of whose exports a chunk uses need not be evaluated with it. Without this, esbuild
 * evaluates every module the entry points reach, and places it (with the code only the get's lazily imported
 * printers use) in the chunks the get loads at start.
 */
const srcWithoutSideEffects = {
  name: "src-without-side-effects",
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.pluginData?.srcWithoutSideEffects || !/[\\/]src[\\/]/.test(args.importer)) return undefined;
      const resolved = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { srcWithoutSideEffects: true },
      });
      if (resolved.errors.length > 0 || !/[\\/]src[\\/]/.test(resolved.path)) return undefined;
      return { ...resolved, sideEffects: false };
    });
  },
};

/**
 * The CLI imports the library through its public entry points (src/index.ts, src/kubectl/index.ts...), which
 * re-export everything. esbuild places a module in the chunks of every entry point that reaches it through any
 * import, used or not: through those entry points, the get would load every chunk its lazily imported printers
 * use. In the get bundle, the CLI's imports of an entry point are rewritten to the modules that define the names
 * (the entry points only re-export, and the names stay the same bindings).
 */
const BARREL_REEXPORT = /export\s*(type\s*)?\{([^}]*)\}\s*from\s*"([^"]+)";/g;
const CLI_IMPORT = /(import|export)\s*\{([^}]*)\}\s*from\s*"((?:\.\.?\/)+(?:[\w-]+\/)*index\.js)";/g;

/** The names an entry point re-exports: name -> the defining module (absolute, .ts) and its name there. */
async function reexportsOf(file, cache) {
  if (cache.has(file)) return cache.get(file);
  const names = new Map();
  cache.set(file, names);
  const source = await readFile(file, "utf8");
  for (const [, typeOnly, list, spec] of source.matchAll(BARREL_REEXPORT)) {
    if (typeOnly) continue;
    const target = join(dirname(file), spec.replace(/\.js$/, ".ts"));
    const inner = target.endsWith(`${sep}index.ts`) ? await reexportsOf(target, cache) : undefined;
    for (const entry of list.split(",").map((e) => e.trim())) {
      if (entry === "" || entry.startsWith("type ")) continue;
      const [from, as = from] = entry.split(/\s+as\s+/);
      names.set(as, inner?.get(from) ?? { file: target, name: from });
    }
  }
  return names;
}

/**
 * undici's HTTP/2 half (required on first use, see undici-http2-on-first-use) is left out of the get bundle: undici
 * offers h2 in ALPN only with allowH2, which kubewire never sets, so no server can choose it; were one to, the
 * connection fails as a failed connect does. 10 kB less for every get to scan.
 */
const getWithoutHttp2 = {
  name: "get-without-http2",
  setup(b) {
    b.onResolve({ filter: /^\.\/client-h2\.js$/ }, (args) =>
      /undici[\\/]lib[\\/]dispatcher[\\/]client\.js$/.test(args.importer)
        ? { path: "get-without-http2", namespace: "kubewire" }
        : undefined,
    );
    b.onLoad({ filter: /^get-without-http2$/, namespace: "kubewire" }, () => ({
      loader: "js",
      contents:
        'module.exports = () => { throw new Error("the server chose HTTP/2, which kubewire\'s get bundle does not speak"); };',
    }));
  },
};

/** @param {Map<string, string>} [rewritten] receives each rewritten module's source, by path */
function deepImports(rewritten) {
  const cache = new Map();
  return {
    name: "cli-deep-imports",
    setup(b) {
      b.onLoad({ filter: /src[\\/]cli[\\/].*\.ts$/ }, async (args) => {
        const source = await readFile(args.path, "utf8");
        let out = "";
        let at = 0;
        for (const match of source.matchAll(CLI_IMPORT)) {
          const [text, keyword, list, spec] = match;
          const names = await reexportsOf(join(dirname(args.path), spec.replace(/\.js$/, ".ts")), cache);
          const byModule = new Map();
          const kept = [];
          for (const entry of list.split(",").map((e) => e.trim())) {
            if (entry === "") continue;
            if (entry.startsWith("type ")) continue;
            const [name, local = name] = entry.split(/\s+as\s+/);
            const found = names.get(name);
            if (!found) {
              kept.push(entry);
              continue;
            }
            const rel = relative(dirname(args.path), found.file).replace(/\.ts$/, ".js").split(sep).join("/");
            const spec2 = rel.startsWith(".") ? rel : `./${rel}`;
            if (!byModule.has(spec2)) byModule.set(spec2, []);
            byModule.get(spec2).push(found.name === local ? local : `${found.name} as ${local}`);
          }
          const parts = [...byModule].map(([m, l]) => `${keyword} { ${l.join(", ")} } from "${m}";`);
          if (kept.length > 0) parts.push(`${keyword} { ${kept.join(", ")} } from "${spec}";`);
          out += source.slice(at, match.index) + parts.join(" ");
          at = match.index + text.length;
        }
        const contents = out + source.slice(at);
        rewritten?.set(args.path, contents);
        return { contents, loader: "ts" };
      });
    },
  };
}

const shared = {
  absWorkingDir: root,
  bundle: true,
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
      name: "undici-http2-on-first-use",
      setup(b) {
        // undici's Client loads its HTTP/2 half, and with it node:http2 (the costliest of Node's modules to load),
        // when it is loaded itself; kubewire never asks for HTTP/2 (no allowH2), so load it on first use instead.
        b.onLoad({ filter: /undici[\\/]lib[\\/]dispatcher[\\/]client\.js$/ }, async (args) => {
          const source = await readFile(args.path, "utf8");
          const eager = "const connectH2 = require('./client-h2.js')";
          if (!source.includes(eager)) throw new Error(`${args.path}: no "${eager}" to make lazy`);
          const lazy = "const connectH2 = (client, socket) => require('./client-h2.js')(client, socket)";
          // One onLoad per file: node:http on first use (the plugin below) is applied here too.
          return {
            contents: rewrite(args.path, source.replace(eager, lazy), lazyHttp["client.js"]),
            loader: "js",
          };
        });
      },
    },
    {
      name: "undici-http-on-first-use",
      setup(b) {
        b.onLoad({ filter: /undici[\\/]lib[\\/]core[\\/]util\.js$/ }, async (args) => ({
          contents: rewrite(args.path, await readFile(args.path, "utf8"), lazyHttp["util.js"]),
          loader: "js",
        }));
      },
    },
    {
      name: "undici-assert",
      setup(b) {
        // undici's dispatcher and core call node:assert only as `assert(value, message)`, to check their own
        // invariants; loading node:assert (its error formatting, diffing and call tracking) is several ms of every
        // `kubewire get`. Their files get this function instead; a failed check still throws, coded ERR_ASSERTION.
        b.onResolve({ filter: /^(node:)?assert$/ }, (args) =>
          /node_modules[\\/]undici[\\/]lib[\\/](core|dispatcher|api|handler|util|llhttp)[\\/]/.test(
            args.importer,
          )
            ? { path: "undici-assert", namespace: "kubewire" }
            : undefined,
        );
        b.onLoad({ filter: /^undici-assert$/, namespace: "kubewire" }, () => ({
          loader: "js",
          contents: [
            "function assert(value, message) {",
            "  if (value) return;",
            "  if (message instanceof Error) throw message;",
            '  const error = new Error(message ?? "undici: internal assertion failed");',
            '  error.code = "ERR_ASSERTION";',
            "  throw error;",
            "}",
            "assert.ok = assert;",
            "module.exports = assert;",
          ].join("\n"),
        }));
      },
    },
    {
      name: "undici-llhttp-as-files",
      setup(b) {
        // undici ships its HTTP parser (WebAssembly, two builds) as base64 in JavaScript strings: 145 kB of source
        // that every start decodes from UTF-8 and scans, then 70 kB decoded from base64. The bundle reads the
        // binary from a file beside it instead, when undici first needs it (as undici decodes it then).
        b.onLoad({ filter: /undici[\\/]lib[\\/]llhttp[\\/]llhttp(_simd)?-wasm\.js$/ }, async (args) => {
          const name = args.path.endsWith("_simd-wasm.js") ? "llhttp_simd.wasm" : "llhttp.wasm";
          await mkdir("dist/bundle", { recursive: true });
          await writeFile(`dist/bundle/${name}`, createRequire(import.meta.url)(args.path));
          return {
            loader: "js",
            contents: `module.exports = require("node:fs").readFileSync(new URL("./${name}", __kubewireBundleUrl));`,
          };
        });
      },
    },
    {
      name: "undici-without-formdata",
      setup(b) {
        // undici's HTTP/1 client turns a FormData body into a stream with its fetch implementation (90 kB with
        // WebIDL); kubewire sends JSON, YAML and bytes, never FormData.
        b.onResolve({ filter: /^\.\.\/web\/fetch\/body\.js$/ }, (args) =>
          /undici[\\/]lib[\\/]dispatcher[\\/]/.test(args.importer)
            ? { path: "undici-without-formdata", namespace: "kubewire" }
            : undefined,
        );
        b.onLoad({ filter: /^undici-without-formdata$/, namespace: "kubewire" }, () => ({
          loader: "js",
          contents:
            'exports.extractBody = () => { throw new Error("the kubewire CLI does not send FormData bodies"); };',
        }));
      },
    },
    {
      name: "undici-for-the-cli",
      setup(b) {
        // Only the bare specifier: the shim itself requires undici's own files by their paths.
        b.onResolve({ filter: /^undici$/ }, () => ({ path: join(root, UNDICI_SHIM) }));
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
  ],
  // undici is CommonJS and requires Node's built-ins: give every chunk a require of its own.
  banner: {
    js: [
      "// kubewire's command line, bundled by scripts/bundle-cli.js from src/cli/main.ts.",
      'import { createRequire as __kubewireCreateRequire } from "node:module";',
      "const require = __kubewireCreateRequire(import.meta.url);",
      "const __kubewireBundleUrl = import.meta.url;",
    ].join("\n"),
  },
};

await build({
  ...shared,
  plugins: [...shared.plugins, lazyYaml("bundle")],
  entryPoints: ["src/cli/main.ts"],
  outdir: "dist/bundle",
  splitting: true,
});
// `kubewire get` alone (src/cli/get-alone.ts): the launcher loads dist/bundle/get.cjs for a get, and esbuild keeps
// only the modules a get uses, where main.js's chunks hold what any command needs (replay server, exec plugin...).
await buildGet();
await build({
  absWorkingDir: root,
  stdin: { contents: 'module.exports = require("yaml");', resolveDir: root, loader: "js" },
  outfile: "dist/bundle/yaml.cjs",
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  legalComments: "inline",
  logLevel: "warning",
  banner: { js: "// The yaml package alone, for dist/bundle/get.cjs, bundled by scripts/bundle-cli.js." },
});

// `kubewire`, `--help` and `--version` are answered by src/cli/usage.ts alone: the launcher loads it first, as one
// file of a few kB that imports nothing but node:fs (main.js holds its own copy of the same module). The same file
// holds src/cli/code-cache.ts, which runs get.cjs.
await build({
  absWorkingDir: root,
  stdin: {
    contents: [
      'export { answerWithoutCommand, commandFirst } from "./src/cli/usage.ts";',
      'export { codeCacheDir, runWithCodeCache } from "./src/cli/code-cache.ts";',
    ].join("\n"),
    resolveDir: root,
    sourcefile: "launcher-entry.ts",
    loader: "ts",
  },
  outfile: "dist/bundle/usage.js",
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  logLevel: "warning",
  banner: {
    js: "// kubewire's answer to --help and --version, and the loader of get.cjs, bundled by scripts/bundle-cli.js.",
  },
});

// Node decodes a module's source as UTF-8: one character outside ASCII makes the whole file a two-byte string,
// slower to decode and to compile (the get bundle is over a megabyte). esbuild escapes strings but leaves regular
// expression literals and comments as written; their characters are escaped here (\uXXXX means the same in a
// pattern, and nothing in a comment). In a String.raw template an escape would change the value: refuse those.
for (const name of await readdir("dist/bundle")) {
  if (!name.endsWith(".js") && !name.endsWith(".cjs")) continue;
  const path = `dist/bundle/${name}`;
  const text = await readFile(path, "utf8");
  if (!/[^\x00-\x7f]/.test(text)) continue;
  for (const line of text.split("\n"))
    if (/[^\x00-\x7f]/.test(line) && line.includes("String.raw`"))
      throw new Error(`${path}: a String.raw template holds a character outside ASCII: ${line.trim()}`);
  const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  await writeFile(path, ascii);
}

// get.cjs runs from V8's code cache (src/cli/code-cache.ts), kept under a name made from this hash of its content:
// the launcher does not hash 270 kB at every start (and node:crypto takes longer to load than that would save).
{
  const path = "dist/bundle/get.cjs";
  const text = await readFile(path, "utf8");
  if (/\bimport\(/.test(text.replace(/"(?:[^"\\]|\\.)*"/g, '""')))
    throw new Error(`${path} holds an import(), which a script run by node:vm cannot make`);
  const hash = createHash("sha256").update(text).digest("hex").slice(0, 32);
  await writeFile(path, `// kubewire-bundle-hash: ${hash}\n${text}`);
}

/**
 * The get bundle is two files. dist/bundle/get.cjs holds what every get runs, in one file: Node's module loader
 * costs about a millisecond and a few dozen page faults per file, more than a split saves, so esbuild's own code
 * splitting (a chunk for what the entry and the lazy part share, beside the entry) measured slower. What only some
 * gets run (src/cli/get/get-lazy.ts: tables, templates, -o yaml|name, --watch, --record, --v logs) is
 * dist/bundle/get-lazy.cjs, which get.cjs requires on first use. A module both need must be one instance (a class
 * tested with instanceof, a module's state), so get-lazy.cjs takes those modules from get.cjs, which exports their
 * namespaces, instead of bundling copies; which ones is found by building both until the set no longer changes.
 */
async function buildGet() {
  const options = {
    ...shared,
    // CommonJS: the launcher runs get.cjs through V8's code cache (src/cli/code-cache.ts), which Node 20 offers for
    // scripts (node:vm) and not for ES modules. import.meta.url (the package's version, the yaml bundle) is the
    // bundle's own URL, as it is in an ES module.
    format: "cjs",
    define: { "import.meta.url": "__kubewireBundleUrl" },
    banner: {
      js: [
        "// kubewire get, bundled by scripts/bundle-cli.js from src/cli/get-alone.ts.",
        'const __kubewireBundleUrl = require("node:url").pathToFileURL(__filename).href;',
      ].join("\n"),
    },
    // Minified: V8 scans and compiles the whole file at every get, and a third of the bytes is about 10 ms of CPU
    // less (the CLI's errors carry literal names and codes, so nothing depends on function names).
    minify: true,
    metafile: true,
  };
  const lazyEntry = "src/cli/get/get-lazy.ts";
  // get.cjs runs as a script (node:vm), where an import() has no loader to go to: an import() of a built-in (the
  // exec plugin's node:child_process) becomes a require at the same point.
  const builtinImportsAsRequire = {
    name: "builtin-imports-as-require",
    setup(b) {
      b.onResolve({ filter: /^node:/ }, (args) =>
        args.kind === "dynamic-import" ? { path: args.path, namespace: "kubewire-builtin" } : undefined,
      );
      b.onResolve({ filter: /^node:/ }, (args) =>
        args.namespace === "kubewire-builtin" ? { path: args.path, external: true } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: "kubewire-builtin" }, (args) => ({
        loader: "js",
        contents: `module.exports = require(${JSON.stringify(args.path)});`,
      }));
    },
  };
  // `await import("./get-lazy.js")` becomes a require of get-lazy.cjs on first use: esbuild keeps an import() of a
  // file outside the bundle as it is, and an import() would load Node's ES module loader for a CommonJS file.
  const toLazy = {
    name: "get-lazy-beside",
    setup(b) {
      b.onResolve({ filter: /^\.\/get-lazy\.js$/ }, (args) =>
        /src[\\/]cli[\\/]get[\\/]/.test(args.importer)
          ? { path: "get-lazy-beside", namespace: "kubewire" }
          : undefined,
      );
      b.onResolve({ filter: /^\.\/get-lazy\.cjs$/ }, (args) =>
        args.namespace === "kubewire" ? { path: "./get-lazy.cjs", external: true } : undefined,
      );
      b.onLoad({ filter: /^get-lazy-beside$/, namespace: "kubewire" }, () => ({
        loader: "js",
        contents: 'module.exports = require("./get-lazy.cjs");',
      }));
    },
  };
  // module (relative to the root) -> the names get-lazy.cjs imports from it
  let common = new Map();
  for (let round = 0; round < 6; round++) {
    const modules = [...common];
    const eager = await build({
      ...options,
      plugins: [
        ...options.plugins,
        lazyYaml("file"),
        srcWithoutSideEffects,
        deepImports(),
        toLazy,
        getWithoutHttp2,
        builtinImportsAsRequire,
      ],
      stdin: {
        contents: [
          'export { runGetCommand } from "./src/cli/get-alone.ts";',
          ...modules.map(
            ([file, names], i) =>
              `import { ${names.map((n) => `${n} as m${i}_${n}`).join(", ")} } from ${JSON.stringify(join(root, file))};`,
          ),
          // Getters: get-lazy.cjs reads each binding as it is when it reads it, as an import would.
          `export const __kubewireGetModules = { ${modules
            .map(
              ([file, names], i) =>
                `${JSON.stringify(file)}: { ${names.map((n) => `get ${n}() { return m${i}_${n}; }`).join(", ")} }`,
            )
            .join(", ")} };`,
        ].join("\n"),
        resolveDir: root,
        sourcefile: "get-entry.ts",
        loader: "ts",
      },
      outfile: "dist/bundle/get.cjs",
    });
    // The modules get.cjs holds code of (the metafile also lists modules it loaded and left out whole).
    const inGet = new Set(
      Object.entries(eager.metafile.outputs["dist/bundle/get.cjs"].inputs)
        .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
        .map(([input]) => input),
    );
    const used = new Map();
    const rewritten = new Map();
    const lazy = await build({
      ...options,
      plugins: [
        fromGetBundle(inGet, lazyEntry, used, rewritten),
        ...options.plugins,
        lazyYaml("file"),
        srcWithoutSideEffects,
        deepImports(rewritten),
        builtinImportsAsRequire,
      ],
      banner: { js: `${options.banner.js}\nconst { __kubewireGetModules } = require("./get.cjs");` },
      entryPoints: [lazyEntry],
      outfile: "dist/bundle/get-lazy.cjs",
    });
    for (const input of Object.keys(lazy.metafile.inputs))
      if (input.includes("node_modules") && !input.includes("node_modules/yaml/"))
        throw new Error(`get-lazy.cjs would hold its own copy of ${input}, which get.cjs has`);
    const next = new Map([...used].sort(([a], [b]) => (a < b ? -1 : 1)).map(([f, n]) => [f, [...n].sort()]));
    if (JSON.stringify([...next]) === JSON.stringify([...common])) return;
    common = next;
  }
  throw new Error("get.cjs and get-lazy.cjs: the modules they share did not settle");
}

/**
 * The names a module imports (or re-exports) from a specifier: `import { a, b as c }` gives a and b. Undefined
 * where it takes more than names (a namespace, a default, `export *`), which get.cjs does not hand over.
 */
function namesImported(source, spec) {
  const quoted = spec.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const named = new RegExp(`(?:import|export)\\s*(type\\s*)?\\{([^}]*)\\}\\s*from\\s*["']${quoted}["']`, "g");
  const other = new RegExp(`(?:import|export)\\s+(?!type\\b)[^;{]*?from\\s*["']${quoted}["']`);
  if (other.test(source.replace(named, ""))) return undefined;
  const names = [];
  for (const [, typeOnly, list] of source.matchAll(named)) {
    if (typeOnly) continue;
    for (const entry of list.split(",").map((e) => e.trim()))
      if (entry !== "" && !entry.startsWith("type ")) names.push(entry.split(/\s+as\s+/)[0]);
  }
  return names;
}

/** In get-lazy.cjs's build: a module get.cjs holds is taken from get.cjs rather than bundled again. */
function fromGetBundle(inGet, lazyEntry, used, rewritten) {
  const take = async (input, importer, spec) => {
    const source = rewritten.get(importer) ?? (await readFile(importer, "utf8"));
    const names = namesImported(source, spec);
    if (names === undefined)
      throw new Error(`${importer}: get-lazy.cjs can take only named imports of ${spec}`);
    if (!used.has(input)) used.set(input, new Set());
    for (const name of names) used.get(input).add(name);
    return { path: input, namespace: "get-bundle" };
  };
  return {
    name: "from-get-bundle",
    setup(b) {
      // undici: the CLI's shim of it (scripts/undici-cli.js), which get.cjs holds whenever the lazy part needs it.
      b.onResolve({ filter: /^undici$/ }, (args) =>
        inGet.has(UNDICI_SHIM) ? take(UNDICI_SHIM, args.importer, args.path) : undefined,
      );
      b.onResolve({ filter: /^\.\.?\// }, async (args) => {
        if (args.pluginData?.fromGetBundle || args.namespace !== "file") return undefined;
        const resolved = await b.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: { fromGetBundle: true },
        });
        const input = relative(root, resolved.path).split(sep).join("/");
        if (resolved.errors.length > 0 || input === lazyEntry || !inGet.has(input)) return undefined;
        if (!input.startsWith("src/")) throw new Error(`get-lazy.cjs imports ${input}, which get.cjs holds`);
        return take(input, args.importer, args.path);
      });
      // A CommonJS module whose exports object is get.cjs's: every access reads get.cjs's binding as it is then.
      b.onLoad({ filter: /.*/, namespace: "get-bundle" }, (args) => ({
        contents: `module.exports = __kubewireGetModules[${JSON.stringify(args.path)}];`,
        loader: "js",
      }));
    },
  };
}
