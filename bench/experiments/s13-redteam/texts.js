// The session-13 entry and flag-item rules on chosen texts (printed for reading).
import { redactSecretText, redactJson } from "../../../dist/record/index.js";
const V = "hunter2Val";
const ts = [
  `{"name":"DB_PASSWORD","value":"${V}"}`,
  `{\n  "name": "DB_PASSWORD",\n  "value": "${V}"\n}`,
  JSON.stringify({ m: JSON.stringify({ env: [{ name: "API_TOKEN", value: V }] }) }),
  `env:\n- name: DB_PASSWORD\n  value: ${V}\n- name: X\n  value: y\n`,
  `env:\n  - name: "DB_PASSWORD"\n    value: "${V}"\n`,
  `env:\n  - name: DB_PASSWORD # c\n    value: ${V} two words # comment\n`,
  `env:\n  - name: DB_PASSWORD\n    value: ${V}\n      folded more\n  - name: x\n`,
  `env: [{name: DB_PASSWORD, value: ${V} b}, {name: x, value: y}]`,
  `- key: apiKey\n  value: ${V}\r\n`,
  `args: ["--password", "${V}"]`,
  `args:\n- --token\n- ${V}\n- --x\n`,
  `"args":[\\"--client-secret\\",\\"${V}\\"]`,
  `{"name":"DB_PASSWORD","value":1234567}`,
  // kept
  `{"name":"DB_HOST","value":"db.local"}`,
  `- name: DB_PASSWORD\n  valueFrom:\n    secretKeyRef: {name: s, key: password}\n`,
  `volumes:\n- name: app-secret\n  secret:\n    secretName: app-secret\n`,
  `args: ["--password-file", "/etc/pw", "--password", "--verbose"]`,
  `{"name":"DB_PASSWORD","value":""}`,
  `{"name":"DB_PASSWORD","value":"[redacted len=3 hmac:01234567]"}`,
];
for (const t of ts) console.log(JSON.stringify(redactSecretText(t)));
console.log(
  JSON.stringify(
    redactJson({
      kind: "Pod",
      spec: {
        containers: [
          {
            env: [
              { value: V, name: "DB_PASSWORD" },
              { name: "TLS_KEY", valueFrom: {} },
            ],
            args: ["--token", V, "--password-file", "/x"],
          },
        ],
      },
    }),
  ),
);
