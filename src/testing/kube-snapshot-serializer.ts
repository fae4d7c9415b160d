import { scrubVolatile } from "../normalize/scrub-volatile.js";
import { redactJson } from "../record/redact/redact.js";
import { keylessMarker } from "../record/redact/redaction-marker.js";

/** Objects this serializer produced: they are printed as they are, never scrubbed twice. */
const scrubbed = new WeakSet<object>();

function markDeep(value: unknown): void {
  if (typeof value !== "object" || value === null || scrubbed.has(value)) return;
  scrubbed.add(value);
  for (const child of Object.values(value)) markDeep(child);
}

function isKubeObject(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  const meta = v.metadata;
  return (
    (typeof meta === "object" && meta !== null) ||
    (typeof v.kind === "string" && typeof v.apiVersion === "string") ||
    Array.isArray(v.items)
  );
}

/**
 * A vitest snapshot serializer for Kubernetes objects, lists and Tables (and arrays of them): volatile values
 * (uid, resourceVersion, creation/deletion and managedFields times, generated name suffixes, Table ages) become
 * stable numbered placeholders (see `scrubVolatile`), so a snapshot survives re-recording a cassette. Secrets are
 * redacted as a cassette redacts them (Secret data, tokens, credentials, secret field names), with markers without a
 * digest (`[redacted len=N]`): a `.snap` file is committed, and must read the same on every machine.
 *
 * @example
 * import { expect } from "vitest";
 * import { kubeSnapshotSerializer } from "kubewire/testing";
 * expect.addSnapshotSerializer(kubeSnapshotSerializer);
 * expect(items).toMatchSnapshot(); // uid: "<uid-1>", resourceVersion: "<resourceVersion-1>", ...
 */
export const kubeSnapshotSerializer = {
  test(value: unknown): boolean {
    if (typeof value !== "object" || value === null || scrubbed.has(value)) return false;
    return isKubeObject(value) || (Array.isArray(value) && value.length > 0 && value.some(isKubeObject));
  },
  // Generic over pretty-format's Config and Refs, so this fits vitest's plugin type without importing it.
  serialize<Config, Refs>(
    value: unknown,
    config: Config,
    indentation: string,
    depth: number,
    refs: Refs,
    printer: (value: unknown, config: Config, indentation: string, depth: number, refs: Refs) => string,
  ): string {
    const clean = redactJson(scrubVolatile(value), { marker: keylessMarker });
    markDeep(clean);
    return printer(clean, config, indentation, depth, refs);
  },
};
