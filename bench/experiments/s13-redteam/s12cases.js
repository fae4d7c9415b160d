// Times each session-12 adversarial text (test/security/linear-text-rules.test.ts) through the current build.
import { redactSecretText } from "../../../dist/record/index.js";
const MiB = 1024 * 1024,
  B = "\\",
  SECRET = "s3cretV4lue";
const repeat = (p, n) => p.repeat(Math.ceil(n / p.length));
const scale = Number(process.argv[2] ?? 1);
const M = MiB / scale;
const cases = [
  `${repeat("\\u0061", M / 2)}"x": 1, "\\u0070assword":"${SECRET}"`,
  `${repeat("\\u", M / 2)} {"t\\u006fken":"${SECRET}"}`,
  `password: a${" ".repeat(M / 2)}${SECRET}`,
  `{password: a${" ".repeat(M / 2)}${SECRET}}`,
  `${repeat("password:\n\n\n", M / 2)}password: a\n  ${SECRET}\n`,
  `password:\n  ${repeat("x ", M / 2)}${SECRET}\n`,
  `${repeat("--password ", M / 4)}--token ${SECRET}`,
  `${repeat("mysql ", M / 4)}-p${SECRET}`,
  `${repeat("-a-a-a-a ", M / 4)}\n--api-key ${SECRET}`,
  `${repeat("Cookie: x ", M / 4)}\nCookie: a=${SECRET}`,
  `${repeat("a=>", M / 4)} password => ${SECRET}`,
  `password${B.repeat(M / 2)} token\u00a0: ${SECRET}`,
  `${repeat("password\u00a0", M / 4)}: ${SECRET}`,
  `${repeat(",", M / 2)}${" ".repeat(M / 4)}{token: a ${SECRET}}`,
];
cases.forEach((t, i) => {
  const a = performance.now();
  redactSecretText(t);
  console.log(i, Math.round(performance.now() - a));
});
