import { generateKeyPairSync, randomBytes } from "node:crypto";
import forge from "node-forge";

/** A throwaway certificate authority and a server certificate it signed, all PEM. */
export interface GeneratedCertificate {
  /** The CA certificate: what a client trusts (`certificate-authority-data` in a kubeconfig). */
  ca: string;
  /** The server certificate. */
  cert: string;
  /** The server's private key. */
  key: string;
}

function rsaKeys(): {
  publicKey: forge.pki.rsa.PublicKey;
  privateKey: forge.pki.rsa.PrivateKey;
  pem: string;
} {
  // node:crypto generates RSA keys natively (milliseconds); node-forge's pure-JS generation takes seconds.
  const { publicKey, privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKey),
    privateKey: forge.pki.privateKeyFromPem(privateKey),
    pem: privateKey,
  };
}

function serial(): string {
  // Positive: the first hex digit below 8.
  return "0" + randomBytes(15).toString("hex");
}

/**
 * Generates a CA and a server certificate for 127.0.0.1, ::1 and localhost (plus any extra `hosts`), valid from
 * an hour ago for `days` days. For test servers only: nothing is stored, the keys live as long as the process.
 *
 * @example
 * const { ca, cert, key } = createSelfSignedCertificate();
 * https.createServer({ cert, key }, handler);
 */
export function createSelfSignedCertificate(
  options: { hosts?: string[]; days?: number } = {},
): GeneratedCertificate {
  const hosts = ["127.0.0.1", "::1", "localhost", ...(options.hosts ?? [])];
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  const notAfter = new Date(Date.now() + (options.days ?? 7) * 24 * 60 * 60 * 1000);

  const caKeys = rsaKeys();
  const ca = forge.pki.createCertificate();
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = serial();
  ca.validity.notBefore = notBefore;
  ca.validity.notAfter = notAfter;
  const caName = [{ name: "commonName", value: "kubewire test CA" }];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());

  const serverKeys = rsaKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = serverKeys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  cert.setSubject([{ name: "commonName", value: "kubewire replay server" }]);
  cert.setIssuer(caName);
  cert.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    {
      name: "subjectAltName",
      altNames: hosts.map((h) => (/^[\d.]+$|:/.test(h) ? { type: 7, ip: h } : { type: 2, value: h })),
    },
    { name: "authorityKeyIdentifier", keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKeys.privateKey, forge.md.sha256.create());

  return {
    ca: forge.pki.certificateToPem(ca),
    cert: forge.pki.certificateToPem(cert),
    key: serverKeys.pem,
  };
}
