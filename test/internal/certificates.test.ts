import { X509Certificate } from "node:crypto";
import { createSecureContext } from "node:tls";
import forge from "node-forge";
import { describe, expect, it } from "vitest";
import { createSelfSignedCertificate, serialNumberHex } from "../../src/internal/certificates.js";

/** A self-signed certificate carrying `serialHex`, encoded by node-forge as the generator does. */
function certificateWithSerial(serialHex: string): string {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 512, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialHex;
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 3600_000);
  cert.setSubject([{ name: "commonName", value: "serial" }]);
  cert.setIssuer([{ name: "commonName", value: "serial" }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

describe("certificate serial numbers", () => {
  // Random bytes that once produced a certificate OpenSSL refused (illegal padding): two leading zero bytes,
  // and the other edges of the first byte.
  const edges = [
    Buffer.alloc(16, 0),
    Buffer.from([0, 0, 0x12, ...Buffer.alloc(13, 0xab)]),
    Buffer.from([0, 0x80, ...Buffer.alloc(14, 1)]),
    Buffer.alloc(16, 0xff),
    Buffer.from([0x80, ...Buffer.alloc(15, 0)]),
  ];

  it.each(edges.map((bytes) => [bytes.toString("hex"), bytes] as const))(
    "random bytes %s give a positive, minimal serial OpenSSL accepts",
    (_name, bytes) => {
      const hex = serialNumberHex(bytes);
      expect(hex).toMatch(/^[4-7][0-9a-f]{31}$/);
      const parsed = new X509Certificate(certificateWithSerial(hex));
      expect(parsed.serialNumber.toLowerCase()).toBe(hex);
    },
  );

  it("the old scheme fails on the first edge, so the test above can fail", () => {
    expect(() => new X509Certificate(certificateWithSerial("0" + "00".repeat(15)))).toThrow(/padding/);
  });

  it("a generated server certificate and key load into a TLS context", () => {
    const { cert, key, ca } = createSelfSignedCertificate();
    expect(() => createSecureContext({ cert, key, ca })).not.toThrow();
  });
});
