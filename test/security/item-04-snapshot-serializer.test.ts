// Issue 17, item 4: the vitest snapshot serializer wrote Secret values into `.snap` files (which the docs tell users
// to commit).
import { describe, expect, it } from "vitest";
import { kubeSnapshotSerializer } from "../../src/testing/index.js";
import { expectNoLeak } from "./support.js";

function serialize(value: unknown): string {
  return kubeSnapshotSerializer.serialize(value, {}, "", 0, {}, (v) => JSON.stringify(v, null, 2));
}

describe("kubeSnapshotSerializer", () => {
  it("prints Secrets, tokens and secret fields redacted, the same on every machine", () => {
    const secret = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "db", namespace: "default", uid: "u-1", resourceVersion: "7" },
      data: { password: Buffer.from("sn4p-pa55word").toString("base64") },
      stringData: { token: "sn4p-t0ken-value" },
    };
    const custom = {
      apiVersion: "x.io/v1",
      kind: "Thing",
      metadata: { name: "t" },
      spec: { apiKey: "sn4p-ap1-key" },
    };
    const out = serialize([secret, custom]);
    expect(kubeSnapshotSerializer.test([secret, custom])).toBe(true);
    for (const value of ["sn4p-pa55word", "sn4p-t0ken-value", "sn4p-ap1-key"])
      expectNoLeak({ snapshot: out }, value);
    // No digest: a snapshot must not depend on whose machine wrote it.
    expect(out).not.toMatch(/hmac:|sha256:/);
    expect(out).toContain("[redacted len=");
  });
});
