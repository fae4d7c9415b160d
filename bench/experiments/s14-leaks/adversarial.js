// Session 14: the new text rules (command lines, token shapes, value-first entries, binaryData in text) on
// adversarial texts of about 1 MiB: each must take time linear in the text (tens of milliseconds, not minutes).
// Run after `npm run build`: node bench/experiments/s14-leaks/adversarial.js
import { redactSecretText } from "../../../dist/record/index.js";

const MiB = 1024 * 1024;
const rep = (piece, size = MiB) => piece.repeat(Math.ceil(size / piece.length));
const key40 = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYNOTREALKEY";
const texts = {
  "curl words": rep("curl "),
  "curl -u no colon": rep("curl -u admin "),
  "login -p": rep("login -p x "),
  "login lines": rep("docker login\n- -p\n"),
  "items over lines": rep("- login\n"),
  "commas over lines": rep("login,\n"),
  "from-literal": rep("--from-literal "),
  "from-literal quote": rep("--from-literal='a=b "),
  "quoted flags": rep('"-p","'),
  "escaped quotes": rep('curl \\"-u\\",\\"'),
  "value keys": rep("value: "),
  "value keys flow": rep("{value: a, "),
  "value then name": rep("value: a\nname: x\n"),
  "value then secret name": rep("value: a name: DB_PASSWORD "),
  "value quotes": rep('value: "a name: API_KEY '),
  "secret names": rep("name: DB_PASSWORD\n"),
  "quoted values one line": rep('login -p "a" '),
  "unclosed quotes lines": rep('login -p "a\n') + '"',
  "escaped openers": rep('login -p \\\\"a '),
  eyJ: rep("eyJ"),
  "eyJ dots": rep("eyJaaaaaaaaa."),
  "bootstrap-ish": rep("abcdef.ghijklmnopqrstu."),
  "six dots": rep("abcdef."),
  "AWS ids and keys": rep(`AKIAQ3EGRXJ5NOTREAL7 ${key40} `),
  "AWS ids": rep("AKIAQ3EGRXJ5NOTREAL7 "),
  "base64 PEM": rep("LS0tLS1CRUdJTi"),
  "base64 PEM runs": rep("LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t "),
  "binaryData keys": rep("binaryData: "),
  "binaryData flow": rep("binaryData: {a: "),
  "binaryData block":
    "binaryData:\n" + rep("  a: " + Buffer.from("db.password=x\n").toString("base64") + "\n", MiB / 4),
};
let worst = 0;
for (const [name, text] of Object.entries(texts)) {
  const t0 = process.hrtime.bigint();
  redactSecretText(text);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  worst = Math.max(worst, ms);
  console.log(`${ms.toFixed(0).padStart(7)} ms  ${name} (${text.length} chars)`);
}
console.log(`worst ${worst.toFixed(0)} ms`);
