// The session-13 entry and flag-item rules on adversarial text: each must take time linear in the text.
import { redactSecretText } from "../../../dist/record/index.js";
const MiB = 1024 * 1024;
const B = "\\";
const cases = {
  backslashes: `${B.repeat(MiB)}name: DB_PASSWORD\nvalue: x`,
  heads: "name: DB_PASSWORD\n".repeat(MiB / 18),
  headsJson: '"name":"DB_PASSWORD",'.repeat(MiB / 22),
  headsBackslashNoValue: ('"name":"DB_PASSWORD",' + B.repeat(1000)).repeat(1000),
  flags: '"--password",'.repeat(MiB / 13),
  flagsEsc: (B.repeat(20) + '"--password' + B.repeat(20) + '",').repeat(MiB / 64),
  flagBlock: "- --password\n".repeat(MiB / 13),
  nameRun: "name:".repeat(MiB / 5),
  longValue: `"name":"${"a".repeat(MiB)}`,
  foldedLines: "- name: DB_PASSWORD\n  value: x\n" + "   y\n".repeat(MiB / 5),
  spaces: `- name: DB_PASSWORD\n  value: x${" ".repeat(MiB)}y`,
};
for (const [k, t] of Object.entries(cases)) {
  const a = performance.now();
  redactSecretText(t);
  console.log(k, Math.round(performance.now() - a), "ms");
}
