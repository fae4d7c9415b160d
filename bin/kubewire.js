#!/usr/bin/env node
// Thin launcher. `npm run build` (run by `npm ci` through the `dependencies` script) compiles the library to dist/
// and bundles the CLI into dist/bundle/ (scripts/bundle-cli.js): a few files to load instead of some 200 modules.
import { writeSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { answerWithoutCommand, codeCacheDir, commandFirst, runWithCodeCache } from "../dist/bundle/usage.js";

// `kubewire --kubeconfig k get cm`: global flags before the command, as kubectl allows.
const argv = commandFirst(process.argv.slice(2));
// `kubewire`, `--help` and `--version` are answered by a module of a few kB, without compiling the CLI at all, and
// written straight to file descriptors 1 and 2: process.stdout on a pipe is a socket (node:net and its streams, a
// few ms of a 60 ms answer). A reader that stops reading (`kubewire --help | head -1`) is not an error.
const answered = answerWithoutCommand(argv, { stdout: writerTo(1), stderr: writerTo(2) });
if (answered === undefined) await runCommand();
else process.exitCode = answered;

/** @param {1 | 2} fd */
function writerTo(fd) {
  return {
    /** @param {string} text */
    write(text) {
      const bytes = Buffer.from(text);
      let at = 0;
      try {
        while (at < bytes.length) at += writeSync(fd, bytes, at);
      } catch (error) {
        const code = /** @type {NodeJS.ErrnoException} */ (error).code;
        if (code === "EPIPE") return true;
        // A descriptor another process made non-blocking, and full: the stream waits for it.
        if (code !== "EAGAIN") throw error;
        (fd === 1 ? process.stdout : process.stderr).write(bytes.subarray(at));
      }
      return true;
    },
  };
}

async function runCommand() {
  // `kubewire get ... | head`: a reader that stops reading is not an error; stop quietly, as kubectl does.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error) => {
      if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  const [{ default: module }, { default: v8 }] = await Promise.all([
    import("node:module"),
    import("node:v8"),
  ]);
  // Node 22.1+ keeps V8's compiled code between runs (in the OS's temporary folder); older Nodes start without it.
  module.enableCompileCache?.();
  // undici's HTTP parser is WebAssembly, and V8's baseline code for it is fast enough for any command: a get of a
  // few requests would otherwise wait at exit for V8 optimising it in the background (most of a second on a busy
  // machine), and a long-running proxy holds about 30 MB of compiler memory for a second or two when the optimising
  // compile comes (bench/experiments/proxy-watch-rss). bench/lib/proxy-child.js runs the proxy with the same flag.
  v8.setFlagsFromString("--liftoff-only");

  const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
  // A get loads a bundle of its own (dist/bundle/get.cjs): only the modules a get uses, evaluated, and compiled
  // from V8's code cache when an earlier get left one; any other command goes through main.js, which loads each
  // command's chunk when it runs.
  const code =
    argv[0] === "get"
      ? await runGet(argv.slice(1), io)
      : await (await import("../dist/bundle/main.js")).main(argv, io);
  // The command is done: once what it wrote is flushed, exit without waiting for idle keep-alive sockets and timers.
  await Promise.all([process.stdout, process.stderr].map((s) => new Promise((done) => s.write("", done))));
  process.exit(code);
}

/** @param {string[]} args @param {import("../dist/cli/io.js").CliIO} io */
async function runGet(args, io) {
  const bundle = runWithCodeCache(
    fileURLToPath(new URL("../dist/bundle/get.cjs", import.meta.url)),
    codeCacheDir(process.env),
  );
  const code = await /** @type {typeof import("../dist/cli/get-alone.js")} */ (bundle.exports).runGetCommand(
    args,
    io,
  );
  // After the command: the cache then holds what V8 compiled while it ran, not only the bundle's top level.
  bundle.saveCodeCache();
  return code;
}
