// Probe: which inputs of the s12 leak list leak through the text rules today (run against dist).
import { redactSecretText, redactBody, redactHeaders } from "../../../dist/record/redact/redact.js";
const S = "SEKRIT9";
const cases = {
  u1: `{"\\u0070assword":"${S}"}`,
  u2: `{"\\u0050ASSWORD":"${S}"}`,
  u3: `{"p\\u0061ss\\u0077ord":"${S}"}`,
  u4: `{"api\\u004bey":"${S}"}`,
  u5: `msg {"\\u0074oken":"${S}"} more`,
  y1: `password: a\n  ${S}`,
  y2: `x:\n  password: a\n        ${S}\n  y: 1`,
  y3: `x: [\n password: a\n  ${S}`,
  y4: `{password: a ${S}}`,
  y5: `{token: "${S}", x: 1}`,
  y6: `[{password: a ${S}}]`,
  y7: `text {password: ${S}} more`,
  c1: `mysql --password ${S}`,
  c2: `mysql --password=${S}`,
  c3: `mysql -p${S} db`,
  c4: `kubeadm join 1.2.3.4:6443 --token ${S}.abcdef --discovery-token-ca-cert-hash sha256:abc`,
  c5: `x --client-secret ${S}`,
  c6: `x --api-key ${S}`,
  c7: `x --bearer-token ${S}`,
  c8: `x --auth-token ${S}`,
  c9: `x --secret ${S}`,
  c10: `x --client-secret=${S}`,
  k1: `Cookie: session=${S}; other=1`,
  k2: `Set-Cookie: session=${S}; Path=/`,
  k3: `error: request had Cookie: sid=${S}`,
  s1: `password\u00a0${S}`,
  s1b: `password:\u00a0${S}`,
  s2: `password\uff1a${S}`,
  s3: `password\ufe55${S}`,
  s4: `password = ${S}`,
  s5: `password => ${S}`,
  s6: `"password" => "${S}"`,
  s7: `password\u2003${S}`,
  f1: `credentials: ${S}`,
  f2: `credential: ${S}`,
  f3: `passwordHash: ${S}`,
  f4: `password_hash: ${S}`,
  f5: `secretKey: ${S}`,
  f6: `privateKey: ${S}`,
  f7: `clientSecret: ${S}`,
  f8: `accessKey: ${S}`,
  f9: `sessionToken: ${S}`,
  f10: `refreshToken: ${S}`,
  f11: `idToken: ${S}`,
  f12: `apiKey: ${S}`,
  f13: `auth: ${S}`,
  f14: `DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${S};EndpointSuffix=core.windows.net`,
  f15: `Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=${S}`,
  f16: `PGPASSWORD=${S}`,
  f17: `AWS_SECRET_ACCESS_KEY=${S}`,
  f18: `aws_session_token = ${S}`,
  f19: `export AWS_ACCESS_KEY_ID=${S}`,
};
for (const [k, v] of Object.entries(cases)) {
  const r = redactSecretText(v);
  const rb = redactBody({ kind: "text", text: v, bytes: v.length }).body;
  const bt = rb.kind === "text" ? rb.text : JSON.stringify(rb);
  console.log(
    (r.includes(S) ? "LEAK " : "ok   ") + (bt.includes(S) ? "LEAKB" : "okB  "),
    k,
    JSON.stringify(r).slice(0, 140),
  );
}
const h = redactHeaders({ cookie: `a=${S}`, "set-cookie": [`b=${S}; Path=/`] });
console.log(JSON.stringify(h));
for (const t of [
  "password:\n  hunter2SEKRIT9",
  "password: a\u2028SEKRIT9",
  'x: 1\npassword:\n  "SEKRIT9"\n',
  "Authorization: token SEKRIT9",
  "-H \"Cookie: a=SEKRIT9\" 'https://x'",
]) {
  const r = redactSecretText(t);
  console.log(r.includes("SEKRIT9") ? "LEAK" : "ok  ", JSON.stringify(r));
}
