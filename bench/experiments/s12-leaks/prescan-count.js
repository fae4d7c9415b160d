// How many texts of the report session the pre-scan lets through, and which ones differ between checkouts.
import { pathToFileURL } from "node:url";
const root = process.argv[2];
const { reportSession } = await import(pathToFileURL(`${root}/bench/lib/report-session.js`).href);
const { mayHoldSecrets } = await import(pathToFileURL(`${root}/dist/record/redact/redact.js`).href);
const session = reportSession(2000);
let n = 0,
  yes = 0;
const samples = new Map();
function walk(v) {
  if (typeof v === "string") {
    n++;
    if (mayHoldSecrets(v)) {
      yes++;
      const k = v.slice(0, 100);
      samples.set(k, (samples.get(k) ?? 0) + 1);
    }
  } else if (Array.isArray(v)) v.forEach(walk);
  else if (v && typeof v === "object") for (const x of Object.values(v)) walk(x);
}
walk(JSON.parse(JSON.stringify(session)));
console.log(root, "strings", n, "let through", yes, "distinct", samples.size);
for (const [k, c] of [...samples].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(c, JSON.stringify(k));
let bodies = 0,
  bodyYes = 0;
for (const e of session.exchanges ?? session) {
  for (const b of [e.request?.body, e.response?.body]) {
    if (!b) continue;
    const t =
      b.kind === "json"
        ? JSON.stringify(b.value)
        : b.kind === "text"
          ? b.text
          : b.kind === "stream"
            ? b.chunks.map((c) => c.text).join("")
            : "";
    bodies++;
    if (mayHoldSecrets(t)) {
      bodyYes++;
    }
  }
}
console.log("bodies", bodies, "let through", bodyYes);
