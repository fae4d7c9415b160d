import { generateKeyPairSync, randomBytes } from "node:crypto";
import forge from "node-forge";

/** A PEM certificate and its private key. */
export interface KeyPair {
  cert: string;
  key: string;
}

export interface Ca extends KeyPair {
  forgeCert: forge.pki.Certificate;
  forgeKey: forge.pki.rsa.PrivateKey;
}

/** RSA keys come from node:crypto (native, fast); node-forge builds and signs the certificates. */
function rsaKey(): { forgeKey: forge.pki.rsa.PrivateKey; forgePublic: forge.pki.rsa.PublicKey; pem: string } {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pem);
  return { forgeKey, forgePublic: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), pem };
}

function baseCert(
  publicKey: forge.pki.rsa.PublicKey,
  subject: forge.pki.CertificateField[],
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = "01" + randomBytes(8).toString("hex");
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  cert.setSubject(subject);
  return cert;
}

/** A self-signed certificate authority, generated at test time. */
export function createCa(commonName = "kubewire-test-ca"): Ca {
  const { forgeKey, forgePublic, pem } = rsaKey();
  const cert = baseCert(forgePublic, [{ name: "commonName", value: commonName }]);
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(forgeKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: pem, forgeCert: cert, forgeKey };
}

export interface IssueOptions {
  commonName: string;
  /** `O=` entries: Kubernetes reads them as the client's groups. */
  organizations?: string[];
  dns?: string[];
  ips?: string[];
  usage: "server" | "client";
}

/** A certificate signed by `ca`, for a server (with its DNS and IP names) or a client. */
export function issue(ca: Ca, options: IssueOptions): KeyPair {
  const { forgePublic, pem } = rsaKey();
  const cert = baseCert(forgePublic, [
    { name: "commonName", value: options.commonName },
    ...(options.organizations ?? []).map((value) => ({ name: "organizationName", value })),
  ]);
  cert.setIssuer(ca.forgeCert.subject.attributes);
  const altNames = [
    ...(options.dns ?? []).map((value) => ({ type: 2, value })),
    ...(options.ips ?? []).map((ip) => ({ type: 7, ip })),
  ];
  cert.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: options.usage === "server", clientAuth: options.usage === "client" },
    ...(altNames.length ? [{ name: "subjectAltName", altNames }] : []),
  ]);
  cert.sign(ca.forgeKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: pem };
}

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
