import { generateKeyPairSync, randomBytes } from "node:crypto";
import type forge from "node-forge";
import { forgeModule } from "./lazy-modules.js";

/**
 * Throwaway certificates for local servers (the replay server, the in-memory API server, tests): a CA and the
 * certificates it signs. Nothing is stored; the keys live as long as the process. RSA keys come from node:crypto
 * (native, milliseconds); node-forge only assembles and signs the certificates.
 */

/** A PEM certificate and its private key. */
export interface CertificateKeyPair {
  cert: string;
  key: string;
}

/** A certificate authority: its PEM certificate and key, which {@link issueCertificate} signs with. */
export type CertificateAuthority = CertificateKeyPair;

/**
 * node-forge's parsed form of each CA this process made, so that issuing does not parse the PEM again. Kept out
 * of the CA object itself: node-forge's types are a development dependency and must not reach the published
 * declarations. A CA made elsewhere (or copied) is parsed from its PEM.
 */
const parsedAuthorities = new WeakMap<
  CertificateAuthority,
  { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey }
>();

function parsedAuthority(ca: CertificateAuthority): {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
} {
  let parsed = parsedAuthorities.get(ca);
  if (!parsed) {
    parsed = {
      cert: forgeModule().pki.certificateFromPem(ca.cert),
      key: forgeModule().pki.privateKeyFromPem(ca.key),
    };
    parsedAuthorities.set(ca, parsed);
  }
  return parsed;
}

export interface IssueCertificateOptions {
  commonName: string;
  /** `O=` entries: Kubernetes reads them as a client certificate's groups. */
  organizations?: string[];
  dns?: string[];
  ips?: string[];
  usage: "server" | "client";
  /** Validity in days from an hour ago (default 1). */
  days?: number;
}

function rsaKey(): { forgeKey: forge.pki.rsa.PrivateKey; forgePublic: forge.pki.rsa.PublicKey; pem: string } {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const forgeKey = forgeModule().pki.privateKeyFromPem(pem);
  return { forgeKey, forgePublic: forgeModule().pki.setRsaPublicKey(forgeKey.n, forgeKey.e), pem };
}

/**
 * A serial number DER can carry as it is: positive (Go's x509 refuses negative serials) and minimal. node-forge
 * strips at most one leading zero byte, so random bytes that start with two zero bytes became an INTEGER with
 * illegal padding, which OpenSSL refuses ("asn1 encoding routines::illegal padding") once in a few hundred
 * certificates. The first byte is forced into 0x40..0x7f: high bit clear, never zero.
 */
export function serialNumberHex(random: Uint8Array): string {
  const bytes = Buffer.from(random);
  bytes[0] = (bytes[0]! & 0x3f) | 0x40;
  return bytes.toString("hex");
}

function baseCert(publicKey: forge.pki.rsa.PublicKey, subject: forge.pki.CertificateField[], days: number) {
  const cert = forgeModule().pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serialNumberHex(randomBytes(16));
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + days * 24 * 3600_000);
  cert.setSubject(subject);
  return cert;
}

/** A self-signed certificate authority. */
export function createCertificateAuthority(commonName = "kubewire test CA", days = 1): CertificateAuthority {
  const { forgeKey, forgePublic, pem } = rsaKey();
  const cert = baseCert(forgePublic, [{ name: "commonName", value: commonName }], days);
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(forgeKey, forgeModule().md.sha256.create());
  const ca: CertificateAuthority = { cert: forgeModule().pki.certificateToPem(cert), key: pem };
  parsedAuthorities.set(ca, { cert, key: forgeKey });
  return ca;
}

/** A certificate signed by `ca`, for a server (with its DNS names and IPs) or a client. */
export function issueCertificate(
  ca: CertificateAuthority,
  options: IssueCertificateOptions,
): CertificateKeyPair {
  const authority = parsedAuthority(ca);
  const { forgePublic, pem } = rsaKey();
  const cert = baseCert(
    forgePublic,
    [
      { name: "commonName", value: options.commonName },
      ...(options.organizations ?? []).map((value) => ({ name: "organizationName", value })),
    ],
    options.days ?? 1,
  );
  cert.setIssuer(authority.cert.subject.attributes);
  const altNames = [
    ...(options.dns ?? []).map((value) => ({ type: 2, value })),
    ...(options.ips ?? []).map((ip) => ({ type: 7, ip })),
  ];
  cert.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: options.usage === "server", clientAuth: options.usage === "client" },
    ...(altNames.length ? [{ name: "subjectAltName", altNames }] : []),
    {
      name: "authorityKeyIdentifier",
      keyIdentifier: authority.cert.generateSubjectKeyIdentifier().getBytes(),
    },
  ]);
  cert.sign(authority.key, forgeModule().md.sha256.create());
  return { cert: forgeModule().pki.certificateToPem(cert), key: pem };
}

/** A throwaway CA and a server certificate it signed, all PEM. */
export interface GeneratedCertificate {
  /** The CA certificate: what a client trusts (`certificate-authority-data` in a kubeconfig). */
  ca: string;
  /** The server certificate. */
  cert: string;
  /** The server's private key. */
  key: string;
}

/**
 * A CA and a server certificate for 127.0.0.1, ::1 and localhost (plus any extra `hosts`), valid from an hour ago
 * for `days` days (default 7).
 *
 * @example
 * const { ca, cert, key } = createSelfSignedCertificate();
 * https.createServer({ cert, key }, handler); // clients trust `ca`
 */
export function createSelfSignedCertificate(
  options: { hosts?: string[]; days?: number } = {},
): GeneratedCertificate {
  const days = options.days ?? 7;
  const hosts = ["127.0.0.1", "::1", "localhost", ...(options.hosts ?? [])];
  const ca = createCertificateAuthority("kubewire test CA", days);
  const server = issueCertificate(ca, {
    commonName: "kubewire local server",
    dns: hosts.filter((h) => !/^[\d.]+$|:/.test(h)),
    ips: hosts.filter((h) => /^[\d.]+$|:/.test(h)),
    usage: "server",
    days,
  });
  return { ca: ca.cert, cert: server.cert, key: server.key };
}
