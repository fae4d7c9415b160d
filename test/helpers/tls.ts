import { createCertificateAuthority, issueCertificate } from "../../src/testing/index.js";
import type { CertificateAuthority, CertificateKeyPair } from "../../src/testing/index.js";

/** Test-side names for the library's certificate helpers (src/internal/certificates.ts). */
export type KeyPair = CertificateKeyPair;
export type Ca = CertificateAuthority;
export const createCa = (commonName = "kubewire-test-ca"): Ca => createCertificateAuthority(commonName);
export const issue = issueCertificate;

/** Everything a TLS test needs: a CA, a server certificate for 127.0.0.1 and localhost, a client certificate. */
export interface TestPki {
  ca: Ca;
  server: KeyPair;
  client: KeyPair;
  /** A CA that signed nothing the server presents. */
  otherCa: Ca;
}

export function createTestPki(): TestPki {
  const ca = createCa();
  return {
    ca,
    server: issue(ca, {
      commonName: "kube-apiserver",
      dns: ["localhost", "kubernetes.default"],
      ips: ["127.0.0.1"],
      usage: "server",
    }),
    client: issue(ca, { commonName: "jane", organizations: ["developers"], usage: "client" }),
    otherCa: createCa("some-other-ca"),
  };
}
