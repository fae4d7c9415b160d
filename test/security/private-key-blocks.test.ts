import { describe, expect, it } from "vitest";
import { redactExchange, redactSecretText } from "../../src/record/index.js";
import { expectNoLeak, jsonGetExchange, recordingOutputs } from "./support.js";

// An OpenPGP armored private key (`-----BEGIN PGP PRIVATE KEY BLOCK-----`: the key sops, flux and git-crypt keep in
// a ConfigMap or a Secret, or that a user pastes in a log) was left in clear by the text rules, which knew the PEM
// form only (`-----BEGIN … PRIVATE KEY-----`).
const SECRET = "lQOYBGXhunter2S3cretKeyMaterial";
const PGP = `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${SECRET}\n=AbCd\n-----END PGP PRIVATE KEY BLOCK-----\n`;

describe("an OpenPGP private key block", () => {
  it("goes whole in any text, to its END line or the end of a text cut short", () => {
    const out = redactSecretText(`key file:\n${PGP}after`);
    expect(out).not.toContain(SECRET);
    expect(out).toMatch(/^key file:\n\[redacted len=\d+[^\]]*\]\nafter$/);
    expect(redactSecretText(PGP.slice(0, 60))).not.toContain(SECRET.slice(0, 12));
    // The public block is no secret.
    const pub = "-----BEGIN PGP PUBLIC KEY BLOCK-----\nmQINBGX\n-----END PGP PUBLIC KEY BLOCK-----";
    expect(redactSecretText(pub)).toBe(pub);
  });

  it("in a ConfigMap, through every recording output", () => {
    const exchange = jsonGetExchange("https://127.0.0.1:6443/api/v1/namespaces/flux/configmaps/sops", {
      kind: "ConfigMap",
      apiVersion: "v1",
      metadata: { name: "sops" },
      data: { "sops.asc": PGP },
    });
    expectNoLeak(recordingOutputs([redactExchange(exchange)]), SECRET);
  });
});
