// CPU time of the pre-scan and of redactJson/redactSecretText over the report session's bodies, one checkout.
import { pathToFileURL } from "node:url";
const root = process.argv[2];
const { reportSession } = await import(pathToFileURL(`${root}/bench/lib/report-session.js`).href);
const { mayHoldSecrets, redactExchange } = await import(
  pathToFileURL(`${root}/dist/record/redact/redact.js`).href
);
const session = reportSession(10000);
const exchanges = session.exchanges ?? session;
const texts = [];
for (const e of exchanges)
  for (const b of [e.request?.body, e.response?.body]) {
    if (!b) continue;
    texts.push(
      b.kind === "json"
        ? JSON.stringify(b.value)
        : b.kind === "text"
          ? b.text
          : b.kind === "stream"
            ? b.chunks.map((c) => c.text).join("")
            : "",
    );
  }
function cpu(f) {
  globalThis.gc?.();
  const a = process.cpuUsage();
  f();
  const b = process.cpuUsage(a);
  return Math.round((b.user + b.system) / 1000);
}
const scan = [],
  red = [];
for (let i = 0; i < 3; i++) {
  scan.push(
    cpu(() => {
      for (const t of texts) mayHoldSecrets(t + " ");
    }),
  );
  red.push(
    cpu(() => {
      for (const e of exchanges) {
        const r = redactExchange(e);
        void r.response?.body?.kind;
      }
    }),
  );
}
console.log(
  root.includes("main") ? "main" : "s12 ",
  "prescan ms",
  scan.join(" "),
  "| redactExchange ms",
  red.join(" "),
);
