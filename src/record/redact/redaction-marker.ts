import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { cryptoModule } from "../../internal/lazy-modules.js";

/**
 * The marker that stands for a secret: `[redacted len=N hmac:xxxxxxxx]`. The digest is a keyed MAC
 * (HMAC-SHA256, 32 bits shown) under a per-user key that never travels with a cassette or a log: it shows that a
 * value changed between two exchanges recorded by one user, and cannot be used by a reader of the artefact to
 * confirm a guess of the value (an unkeyed hash could, for any low-entropy password). SECURITY.md, "The marker".
 */

/** Environment variable naming the key file (tests point it at a temporary file). */
export const REDACTION_KEY_FILE_ENV = "KUBEWIRE_REDACTION_KEY_FILE";

/** Where the per-user key lives: `$KUBEWIRE_REDACTION_KEY_FILE`, else `$XDG_CONFIG_HOME|~/.config/kubewire/redaction.key`. */
export function redactionKeyFile(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env[REDACTION_KEY_FILE_ENV];
  if (explicit) return explicit;
  const configHome = env.XDG_CONFIG_HOME || join(homedir(), ".config");
  return join(configHome, "kubewire", "redaction.key");
}

let key: Buffer | undefined;
let keyFromFile: string | undefined;

/**
 * Reads the key file, creating it (32 random bytes, hex; mode 0600 in a 0700 folder) when it does not exist. A
 * home that cannot be written gets a key for this process only: markers then differ between runs, which loses
 * only the "same value" comparison across runs, never a secret.
 */
function loadKey(file: string): Buffer {
  try {
    const text = readFileSync(file, "utf8").trim();
    if (/^[0-9a-f]{64}$/.test(text)) return Buffer.from(text, "hex");
  } catch {
    // Not there yet: made below.
  }
  const fresh = cryptoModule().randomBytes(32);
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // `wx`: two processes creating the key at once keep the first one's.
    const fd = openSync(file, "wx", 0o600);
    try {
      writeSync(fd, fresh.toString("hex") + "\n");
    } finally {
      closeSync(fd);
    }
    chmodSync(file, 0o600);
    return fresh;
  } catch {
    try {
      const text = readFileSync(file, "utf8").trim();
      if (/^[0-9a-f]{64}$/.test(text)) return Buffer.from(text, "hex");
    } catch {
      // Unreadable and unwritable: a key of this process alone.
    }
    return fresh;
  }
}

function currentKey(): Buffer {
  const file = redactionKeyFile();
  if (!key || keyFromFile !== file) {
    key = loadKey(file);
    keyFromFile = file;
  }
  return key;
}

/** Makes a marker for one secret value. */
export type MarkerFunction = (value: string) => string;

/** The marker for a secret value, keyed by the user's redaction key: `[redacted len=N hmac:xxxxxxxx]` (N in UTF-8 bytes). */
export function redactionMarker(value: string): string {
  const mac = cryptoModule()
    .createHmac("sha256", currentKey())
    .update("kubewire-redaction-v2\0")
    .update(value)
    .digest("hex");
  return `[redacted len=${Buffer.byteLength(value)} hmac:${mac.slice(0, 8)}]`;
}

/** A marker without any digest, `[redacted len=N]`: stable on every machine (snapshots, cassettes of another user). */
export function keylessMarker(value: string): string {
  return `[redacted len=${Buffer.byteLength(value)}]`;
}

/**
 * Every marker kubewire wrote or writes: keyed (`hmac:`), keyless, and the unkeyed `sha256:` markers of earlier
 * versions (recognised so that they are replaced by keyless ones, never kept: an unkeyed digest confirms guesses).
 */
export const MARKER_SOURCE = String.raw`\[redacted len=\d+(?: (?:hmac|sha256):[0-9a-f]{8})?\]`;
const MARKER = new RegExp(`^${MARKER_SOURCE}$`);
const LEGACY = /^\[redacted len=(\d+) sha256:[0-9a-f]{8}\]$/;

/** Whether a value is exactly a redaction marker (so redacting twice changes nothing). */
export function isRedactionMarker(value: unknown): boolean {
  return typeof value === "string" && value.startsWith("[redacted len=") && MARKER.test(value);
}

/** A marker as it may stay in an output: a legacy unkeyed `sha256:` marker loses its digest. */
export function currentMarker(marker: string): string {
  const legacy = LEGACY.exec(marker);
  return legacy ? `[redacted len=${legacy[1]}]` : marker;
}

/** A marker without its digest: replay matching compares these, since the key of another machine is not here. */
export function markerWithoutDigest(text: string): string {
  return text.replace(/(\[redacted len=\d+) (?:hmac|sha256):[0-9a-f]{8}\]/g, "$1]");
}
