// A Node TCP pipe (TLS end to end, the proxy sees only ciphertext): the floor of any process in the middle.
import net from "node:net";
const [upstreamUrl] = process.argv.slice(2);
const up = new URL(upstreamUrl);
let server;
let cpuAtTrim = process.cpuUsage();
process.on("message", async (m) => {
  if (m.op === "start") {
    server = net.createServer((c) => {
      c.setNoDelay(true);
      const u = net.connect(Number(up.port), up.hostname);
      u.setNoDelay(true);
      c.pipe(u);
      u.pipe(c);
      c.on("error", () => u.destroy());
      u.on("error", () => c.destroy());
    });
    await new Promise((r) => server.listen(0, "127.0.0.1", r));
    process.send({ url: `https://127.0.0.1:${server.address().port}`, ca: m.ca, token: "x" });
  } else if (m.op === "idle") process.send({ waitedMs: 0 });
  else if (m.op === "trim") {
    const cpu = process.cpuUsage(cpuAtTrim);
    cpuAtTrim = process.cpuUsage();
    process.send({ waitedMs: 0, cpuMs: (cpu.user + cpu.system) / 1000, minorFaults: 0, relay: { cpuMs: 0 } });
  } else if (m.op === "close") {
    server.close();
    process.send({});
    process.disconnect();
    setTimeout(() => process.exit(0), 100).unref();
  }
});
