// The floor of any process in the middle: splice.c (a TCP pass-through in C, splice(2), one thread per direction;
// TLS runs end to end, the middle sees only ciphertext), built with gcc into the temporary directory on first use,
// behind proxy-child.js's IPC protocol. Its CPU is read from /proc in clock ticks (10 ms), so it is coarse.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const up = new URL(process.argv[2]);
const bin = join(tmpdir(), "kubewire-proxy-floor-splice");
if (!existsSync(bin))
  execFileSync("gcc", ["-O2", "-pthread", "-o", bin, fileURLToPath(new URL("splice.c", import.meta.url))]);
let child;
let cpuAt = 0;
const cpuOf = () => {
  const f = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
};
process.on("message", async (m) => {
  if (m.op === "start") {
    child = spawn(bin, [up.port], { stdio: ["ignore", "pipe", "inherit"] });
    const port = await new Promise((resolve) => child.stdout.once("data", (d) => resolve(String(d).trim())));
    process.send({ url: `https://127.0.0.1:${port}`, ca: m.ca, token: "unused" });
  } else if (m.op === "idle") process.send({ waitedMs: 0 });
  else if (m.op === "trim") {
    const c = cpuOf();
    process.send({ waitedMs: 0, cpuMs: c - cpuAt, minorFaults: 0, relay: { cpuMs: 0 } });
    cpuAt = c;
  } else if (m.op === "close") {
    child.kill();
    process.send({});
    process.disconnect();
  }
});
