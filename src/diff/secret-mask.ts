import type { PathSegment } from "../internal/json-path.js";
import { redactJson, redactValueAt } from "../record/redact/redact.js";
import { isRedactionMarker } from "../record/redact/redaction-marker.js";
import { REDACTION_MARKER_PATTERN } from "../record/redact/secret-policy.js";
import { cryptoModule } from "../internal/lazy-modules.js";

/**
 * Masking in diffs and renderings is the recorder's redaction, shown differently: a document is redacted by the
 * one secret policy (so a diff hides exactly what a cassette hides: Secrets, credentials of every kind, secret
 * field names of custom resources, kubeconfigs and manifests inside strings), with markers keyed by a key of this
 * process alone, and each marker is then shown as `***`. Equal secrets get equal markers, so a value that did not
 * change is no difference, and one that did is `*** (before)` / `*** (after)`.
 */

/** What a Secret value becomes in a diff or a rendering. */
export const SECRET_MASK = "***";
/** A Secret value that changed, on the left (`old`) side. */
export const SECRET_MASK_BEFORE = "*** (before)";
/** A Secret value that changed, on the right (`new`) side. */
export const SECRET_MASK_AFTER = "*** (after)";

let processKey: Buffer | undefined;

/** A marker that tells values apart within this process only; it never leaves it (it is shown as `***`). */
function diffMarker(value: string): string {
  const crypto = cryptoModule();
  processKey ??= crypto.randomBytes(32);
  const mac = crypto.createHmac("sha256", processKey).update(value).digest("hex").slice(0, 8);
  return `[redacted len=0 hmac:${mac}]`;
}

/**
 * A document redacted for display: secrets replaced by this process's markers (see {@link maskMarkers}). `secret`
 * says the document is a Secret, or a list of them, even though it does not say so (bare list items). Returns the
 * same reference when nothing is secret.
 */
export function redactForDisplay(value: unknown, secret = false): unknown {
  return redactJson(value, { marker: diffMarker, ...(secret ? { url: "/api/v1/secrets" } : {}) });
}

/**
 * Both documents redacted for display, each also where the other is: a value that is secret on one side (a Secret's
 * data, seen by the item's kind there) is secret on the other (the same item bare, without its kind), so neither
 * side shows what the other hides. Paths pair by key and by index.
 */
export function redactPairForDisplay(a: unknown, b: unknown, secret = false): [unknown, unknown] {
  const ra = redactForDisplay(a, secret);
  const rb = redactForDisplay(b, secret);
  if (ra === a && rb === b) return [a, b];
  return [alsoWhere(ra, rb), alsoWhere(rb, ra)];
}

/** `mine` with a marker wherever `theirs` has one and `mine` a scalar (or text) instead. */
function alsoWhere(mine: unknown, theirs: unknown): unknown {
  if (isRedactionMarker(theirs)) {
    if (mine === null || mine === undefined || isRedactionMarker(mine)) return mine;
    if (typeof mine === "string") return diffMarker(mine);
    if (typeof mine === "number" || typeof mine === "boolean" || typeof mine === "bigint")
      return diffMarker(String(mine));
    return mine;
  }
  if (Array.isArray(mine) && Array.isArray(theirs)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < mine.length && i < theirs.length; i++) {
      const r = alsoWhere(mine[i], theirs[i]);
      if (r !== mine[i]) (out ??= [...(mine as unknown[])])[i] = r;
    }
    return out ?? mine;
  }
  if (isObj(mine) && isObj(theirs)) {
    let out: Record<string, unknown> | undefined;
    for (const k of Object.keys(mine)) {
      if (!Object.prototype.hasOwnProperty.call(theirs, k)) continue;
      const r = alsoWhere(mine[k], theirs[k]);
      if (r === mine[k]) continue;
      if (!out) {
        out = {};
        for (const key of Object.keys(mine)) Object.defineProperty(out, key, own(mine[key]));
      }
      Object.defineProperty(out, k, own(r));
    }
    return out ?? mine;
  }
  return mine;
}

/** Whether a value holds a marker anywhere (a whole marker, or one inside a string). */
export function holdsMarker(value: unknown): boolean {
  if (typeof value === "string") return value.includes("[redacted len=");
  if (Array.isArray(value)) return value.some(holdsMarker);
  if (typeof value === "object" && value !== null) return Object.values(value).some(holdsMarker);
  return false;
}

/**
 * A value with its markers shown as masks: a whole marker becomes `mask`, one inside text `***`. Returns the same
 * reference when it holds no marker (an admission diff masks every value it reports, and most hold none: copying
 * them all was most of its cost).
 */
export function maskMarkers(value: unknown, mask: string = SECRET_MASK): unknown {
  // Looked for first without copying anything: the walk below takes each object's entries as it goes, and the
  // report masks every value of every admission diff (a managedFields list, a whole object) to find none in most.
  return mayHoldMarker(value) ? maskMarkersWalk(value, mask) : value;
}

/**
 * Whether a marker may be anywhere in a value: every string that holds one contains `[redacted len=`. `for…in` visits
 * every own enumerable key (an own `__proto__` data property too, which shadows the accessor when read), and
 * inherited enumerable ones besides, which can only make the answer a yes.
 */
function mayHoldMarker(value: unknown): boolean {
  if (typeof value === "string") return value.includes("[redacted len=");
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (mayHoldMarker(value[i])) return true;
    return false;
  }
  for (const k in value) if (mayHoldMarker((value as Record<string, unknown>)[k])) return true;
  return false;
}

function maskMarkersWalk(value: unknown, mask: string): unknown {
  if (typeof value === "string") {
    if (isRedactionMarker(value)) return mask;
    return value.includes("[redacted len=") ? value.replace(REDACTION_MARKER_PATTERN, SECRET_MASK) : value;
  }
  if (Array.isArray(value)) {
    const items = value as unknown[];
    let out: unknown[] | undefined;
    for (let i = 0; i < items.length; i++) {
      const v = items[i];
      const m = maskMarkersWalk(v, mask);
      if (m !== v) (out ??= items.slice())[i] = m;
    }
    return out ?? items;
  }
  if (typeof value === "object" && value !== null) {
    const entries: [string, unknown][] = Object.entries(value);
    let masked: unknown[] | undefined;
    for (let i = 0; i < entries.length; i++) {
      const v = entries[i]![1];
      const m = maskMarkersWalk(v, mask);
      if (m !== v) (masked ??= entries.map((e) => e[1]))[i] = m;
    }
    if (!masked) return value;
    // Keys are defined, not assigned, so that a `__proto__` key stays an own key.
    const out: Record<string, unknown> = {};
    for (let i = 0; i < entries.length; i++) Object.defineProperty(out, entries[i]![0], own(masked[i]));
    return out;
  }
  return value;
}

/**
 * A copy of `value` with every secret in it shown as `***`. `path` is where `value` sits in `root` (an admission
 * diff's value at `.data.password` of a Secret): the value is judged as part of a document of the root's kind.
 */
export function maskSecrets(value: unknown, path: readonly PathSegment[] = [], root?: unknown): unknown {
  if (path.length === 0) return maskMarkers(redactForDisplay(value));
  return maskMarkers(redactValueAt(root, path, value, { marker: diffMarker }));
}

/**
 * Masks a pair of documents for display side by side (a unified diff): a secret equal on both sides is `***`, one
 * that differs is `*** (before)` on the left and `*** (after)` on the right. Array items pair by position.
 */
export function maskSecretPair(a: unknown, b: unknown, asSecrets = false): [unknown, unknown] {
  const [ra, rb] = redactPairForDisplay(a, b, asSecrets);
  if (ra === a && rb === b) return [a, b];
  return pair(ra, rb);
}

const ABSENT = Symbol("absent");

function pair(a: unknown, b: unknown): [unknown, unknown] {
  if (isRedactionMarker(a) && isRedactionMarker(b))
    return a === b ? [SECRET_MASK, SECRET_MASK] : [SECRET_MASK_BEFORE, SECRET_MASK_AFTER];
  if (Array.isArray(a) && Array.isArray(b)) {
    const ma: unknown[] = [];
    const mb: unknown[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const [x, y] = pair(i < a.length ? a[i] : ABSENT, i < b.length ? b[i] : ABSENT);
      if (x !== ABSENT) ma.push(x);
      if (y !== ABSENT) mb.push(y);
    }
    return [ma, mb];
  }
  if (isObj(a) && isObj(b)) {
    const ma: Record<string, unknown> = {};
    const mb: Record<string, unknown> = {};
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const [x, y] = pair(
        Object.prototype.hasOwnProperty.call(a, k) ? a[k] : ABSENT,
        Object.prototype.hasOwnProperty.call(b, k) ? b[k] : ABSENT,
      );
      if (x !== ABSENT) Object.defineProperty(ma, k, own(x));
      if (y !== ABSENT) Object.defineProperty(mb, k, own(y));
    }
    return [ma, mb];
  }
  return [a === ABSENT ? a : maskMarkers(a), b === ABSENT ? b : maskMarkers(b)];
}

function own(value: unknown): PropertyDescriptor {
  return { value, enumerable: true, writable: true, configurable: true };
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
