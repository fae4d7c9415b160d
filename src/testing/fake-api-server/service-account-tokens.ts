/**
 * ServiceAccount tokens as kube-apiserver issues them for a TokenRequest: RS256 JWTs with the Kubernetes claims,
 * signed by a key made on first use, and verified again when such a token authenticates a request or is
 * reviewed (TokenReview). The tokens are credentials: nothing here logs or keeps them.
 */
import { createHash, createPublicKey, generateKeyPairSync, sign, verify } from "node:crypto";
import type { KeyObject } from "node:crypto";

/** The issuer and default audience of the tokens (a real cluster's `--service-account-issuer`). */
export const TOKEN_ISSUER = "https://kubernetes.default.svc";

/** What a verified token says. */
export interface TokenClaims {
  namespace: string;
  name: string;
  uid: string;
  audiences: string[];
  expires: number;
}

const b64 = (v: Buffer | string) => Buffer.from(v).toString("base64url");

export class TokenIssuer {
  #key: { privateKey: KeyObject; publicKey: KeyObject; kid: string } | undefined;

  #keys() {
    if (!this.#key) {
      const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      const publicKey = createPublicKey(privateKey);
      const der = publicKey.export({ type: "spki", format: "der" });
      this.#key = { privateKey, publicKey, kid: b64(createHash("sha256").update(der).digest()) };
    }
    return this.#key;
  }

  /** A signed token for a ServiceAccount, valid from `now` for `expirationSeconds`. */
  issue(claims: {
    namespace: string;
    name: string;
    uid: string;
    audiences: string[];
    now: Date;
    expirationSeconds: number;
  }): {
    token: string;
    expirationTimestamp: Date;
  } {
    const { privateKey, kid } = this.#keys();
    const iat = Math.floor(claims.now.getTime() / 1000);
    const exp = iat + claims.expirationSeconds;
    const header = b64(JSON.stringify({ alg: "RS256", kid }));
    const payload = b64(
      JSON.stringify({
        aud: claims.audiences,
        exp,
        iat,
        iss: TOKEN_ISSUER,
        "kubernetes.io": {
          namespace: claims.namespace,
          serviceaccount: { name: claims.name, uid: claims.uid },
        },
        nbf: iat,
        sub: `system:serviceaccount:${claims.namespace}:${claims.name}`,
      }),
    );
    const signature = sign("sha256", Buffer.from(`${header}.${payload}`), privateKey);
    return { token: `${header}.${payload}.${b64(signature)}`, expirationTimestamp: new Date(exp * 1000) };
  }

  /** The claims of a token this issuer signed and that has not expired at `now`; undefined otherwise. */
  verify(token: string, now: Date): TokenClaims | undefined {
    if (!this.#key) return undefined;
    const parts = token.split(".");
    if (parts.length !== 3) return undefined;
    const [header, payload, signature] = parts as [string, string, string];
    if (
      !verify(
        "sha256",
        Buffer.from(`${header}.${payload}`),
        this.#key.publicKey,
        Buffer.from(signature, "base64url"),
      )
    )
      return undefined;
    try {
      const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
        aud: string[];
        exp: number;
        "kubernetes.io": { namespace: string; serviceaccount: { name: string; uid: string } };
      };
      if (claims.exp * 1000 <= now.getTime()) return undefined;
      const k = claims["kubernetes.io"];
      return {
        namespace: k.namespace,
        name: k.serviceaccount.name,
        uid: k.serviceaccount.uid,
        audiences: claims.aud,
        expires: claims.exp,
      };
    } catch {
      return undefined;
    }
  }
}
