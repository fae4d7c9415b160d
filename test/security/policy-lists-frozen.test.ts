import { afterEach, describe, expect, it } from "vitest";
import {
  configureSecretPolicy,
  DEFAULT_SECRET_FIELD_NAMES,
  redactJson,
  SECRET_QUERY_PARAMETERS,
} from "../../src/record/index.js";
import {
  CREDENTIAL_KINDS,
  SECRET_BEARING_KINDS,
  SECRET_KINDS,
  secretFieldWords,
} from "../../src/record/redact/secret-policy.js";

// The policy's lists are handed to callers (exports, configureSecretPolicy's answer). Typed readonly, but plain
// arrays would let any code in the process empty them, and with them the redaction of every later recording.
const SECRET = "hunter2-value";

afterEach(() => configureSecretPolicy({}));

describe("the secret policy's lists cannot be changed from outside", () => {
  const lists: [string, readonly string[]][] = [
    ["DEFAULT_SECRET_FIELD_NAMES", DEFAULT_SECRET_FIELD_NAMES],
    ["SECRET_QUERY_PARAMETERS", SECRET_QUERY_PARAMETERS],
    ["SECRET_KINDS", SECRET_KINDS],
    ["CREDENTIAL_KINDS", CREDENTIAL_KINDS],
    ["SECRET_BEARING_KINDS", SECRET_BEARING_KINDS],
    ["configureSecretPolicy's answer", configureSecretPolicy({ extraFieldNames: ["licenceCode"] })],
    ["secretFieldWords()", secretFieldWords()],
  ];

  it.each(lists)("%s rejects changes", (_, list) => {
    const mutable = list as string[];
    const before = [...list];
    expect(() => (mutable.length = 0)).toThrow(TypeError);
    expect(() => mutable.push("x")).toThrow(TypeError);
    expect(() => mutable.splice(0, 1)).toThrow(TypeError);
    expect(() => (mutable[0] = "nothing")).toThrow(TypeError);
    expect([...list]).toEqual(before);
  });

  it("still redacts after an attempt to empty the words in force", () => {
    const words = configureSecretPolicy({}) as string[];
    expect(() => words.splice(0)).toThrow(TypeError);
    const redacted = JSON.stringify(redactJson({ spec: { password: SECRET, apiKey: SECRET } }));
    expect(redacted).not.toContain(SECRET);
  });

  it("configures from the defaults as shipped, whatever was tried on them", () => {
    expect(() => (DEFAULT_SECRET_FIELD_NAMES as string[]).pop()).toThrow(TypeError);
    expect(configureSecretPolicy({ extraFieldNames: [] })).toContain("auth");
  });
});
