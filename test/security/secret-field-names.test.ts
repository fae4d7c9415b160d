import { describe, expect, it } from "vitest";
import { redactJson, redactSecretText } from "../../src/record/index.js";
import { isSecretFieldName } from "../../src/record/redact/secret-policy.js";

// Names that carry credentials the policy did not cover: a cloud provider's `credentials`, `accessKey`, an Azure
// connection string's `AccountKey=` and `SharedAccessKey=`, a stored `passwordHash`. A name counts when, lower-cased
// and without `-`, `_` and `.`, it ends with a word of the list, or with one and `hash` or `digest`.
const SECRET = "hunter2FieldName";

describe("secret field names", () => {
  it.each([
    "credentials",
    "credential",
    "passwordHash",
    "password_hash",
    "password_digest",
    "secretKey",
    "privateKey",
    "clientSecret",
    "accessKey",
    "sessionToken",
    "refreshToken",
    "idToken",
    "apiKey",
    "auth",
    "PGPASSWORD",
    "AWS_SECRET_ACCESS_KEY",
    "aws_session_token",
    "storageAccountKey",
    "masterKey",
    "SSHPASS",
    "MYSQL_PWD",
  ])("%s is one, in an object and in text", (name) => {
    expect(isSecretFieldName(name)).toBe(true);
    expect(JSON.stringify(redactJson({ kind: "Widget", spec: { [name]: SECRET } }))).not.toContain(SECRET);
    expect(redactSecretText(`${name}: ${SECRET}`)).not.toContain(SECRET);
  });

  it("in connection strings", () => {
    for (const text of [
      `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${SECRET}==;EndpointSuffix=core.windows.net`,
      `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=${SECRET}=`,
    ]) {
      const out = redactSecretText(text);
      expect(out).not.toContain(SECRET);
      expect(out).toMatch(/AccountName=acct|SharedAccessKeyName=Root/);
    }
  });

  it.each([
    "name",
    "key",
    "kind",
    "keyName",
    "tokenizer",
    "passwordPolicy",
    "hash",
    "digest",
    "AWS_ACCESS_KEY_ID",
    "PWD",
    "OLDPWD",
    "bypass",
    "compass",
  ])("%s is none", (name) => {
    expect(isSecretFieldName(name)).toBe(false);
  });
});
