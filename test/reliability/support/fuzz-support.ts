import fc from "fast-check";
import { expect } from "vitest";
import { KubewireError } from "../../../src/index.js";
import { propertyRuns } from "../../helpers/property-seed.js";

/**
 * Shared pieces of the fuzz and redaction property tests: run counts (multiplied by KUBEWIRE_SOAK for the opt-in
 * soak), fixed seeds (KUBEWIRE_FUZZ_SEED overrides them, to explore), and mutators that turn valid documents into
 * hostile ones, byte-wise and structurally.
 */

/** `npm run soak` sets KUBEWIRE_SOAK (e.g. 20): every property runs that many times more. */
export { SOAK } from "../../helpers/property-seed.js";

/** Generated inputs per fuzz property, in the default (fast) run. Their sum is checked to reach 100,000. */
export const FUZZ_RUNS = {
  losslessJsonText: 64_965,
  losslessJsonMutated: 10_000,
  normalizeList: 10_000,
  kubectlViews: 1_500,
  clientResponses: 1_000,
  clientWatchStreams: 600,
  kubeconfig: 300,
  kubeconfigResolve: 150,
  manifests: 600,
  validateInput: 300,
  validateCli: 25,
  cassettesMutated: 1_500,
  cassettesText: 7_860,
  logImport: 1_200,
} as const;

/** Generated sessions per redaction property. Their sum is checked to reach 10,000. */
export const REDACTION_RUNS = {
  recordedSessions: 800,
  cassettesOnDisk: 100,
  renderedLogs: 1_800,
  importedLogs: 400,
  errors: 1_000,
  diffs: 400,
  validation: 5_060,
  kubeconfigErrors: 200,
  updateReports: 200,
  cli: 40,
} as const;

/**
 * fast-check parameters for one property: its run count (times the soak factor) and a seed, the suite's policy
 * (`propertyRuns`); KUBEWIRE_FUZZ_SEED still offsets every seed, to explore.
 */
export function runs(count: number, seed: number): fc.Parameters<unknown> {
  const override = process.env.KUBEWIRE_FUZZ_SEED;
  const params = propertyRuns(count, seed);
  return override !== undefined ? { ...params, seed: Number(override) + seed } : params;
}

/** The one acceptable way to fail: a KubewireError (a typed error with a stable code). */
export function expectTyped(error: unknown, what: string): void {
  if (error instanceof KubewireError) return;
  expect.fail(
    `${what}: threw ${(error as Error)?.name ?? typeof error}: ${(error as Error)?.message ?? String(error)}`,
  );
}

/** Runs `f`; a KubewireError is a fine outcome, anything else fails the property. Returns the value or undefined. */
export function typedOrValue<T>(what: string, f: () => T): T | undefined {
  try {
    return f();
  } catch (error) {
    expectTyped(error, what);
    return undefined;
  }
}

export async function typedOrValueAsync<T>(what: string, f: () => Promise<T>): Promise<T | undefined> {
  try {
    return await f();
  } catch (error) {
    expectTyped(error, what);
    return undefined;
  }
}

/**
 * How long one property run may take before it counts as a hang. A run takes milliseconds; the bound is generous
 * so that a loaded machine never passes for a hang.
 */
export const HANG_MS = 60_000;

/** Resolves with `promise`, or fails the property when it takes longer than `ms`: a hang is a finding too. */
export async function withinMs<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no outcome after ${ms} ms (a hang)`)), ms);
  });
  try {
    return await Promise.race([promise, hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** Bytes and words that break parsers: syntax, YAML features, prototype keys, control and wide characters. */
export const FRAGMENTS = [
  "{",
  "}",
  "[",
  "]",
  ":",
  ",",
  '"',
  "'",
  "\\",
  "\\u",
  "\\ud800",
  "-",
  "-0",
  "0",
  "1e999",
  "12345678901234567890",
  "null",
  "true",
  "&a ",
  "*a",
  "!!binary ",
  "!!str ",
  "!!map ",
  "!!set ",
  "!!python/object ",
  "---\n",
  "...\n",
  "\t",
  "\n",
  "\r\n",
  "  ",
  "? ",
  "| ",
  "> ",
  "<<: *a\n",
  "%YAML 1.1\n",
  "# ",
  "\u0000",
  "\u007f",
  "\u0085",
  "\ufeff",
  "\u2028",
  "é",
  "🚀",
  "__proto__",
  "constructor",
  "toString",
  '"kind":"Secret"',
  "kind: Secret\n",
  '{"a":',
  "[[[[[[[[",
  "]]]]",
] as const;

const junk = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

/** One byte-level edit: [what, where, how much, what to insert]. */
export const textMutation = fc.tuple(fc.nat(8), fc.nat(), fc.nat(), junk);
export type TextMutation = [number, number, number, string];

/** Applies byte-level edits to a text: deletions, insertions, duplications, truncation, deep nesting. */
export function mutateText(text: string, mutations: readonly TextMutation[]): string {
  let t = text;
  for (const [op, a, b, insert] of mutations) {
    const at = t.length === 0 ? 0 : a % (t.length + 1);
    const len = 1 + (b % 64);
    switch (op) {
      case 0:
        t = t.slice(0, at) + t.slice(at + len);
        break;
      case 1:
      case 2:
        t = t.slice(0, at) + insert + t.slice(at);
        break;
      case 3:
        t = t.slice(0, at) + t.slice(at, at + len) + t.slice(at);
        break;
      case 4:
        t = t.slice(0, at);
        break;
      case 5: {
        const c = t.charCodeAt(at);
        t =
          t.slice(0, at) + String.fromCharCode(Number.isNaN(c) ? 0x7b : c ^ (1 << (b % 7))) + t.slice(at + 1);
        break;
      }
      case 6: {
        const lines = t.split("\n");
        const i = a % lines.length;
        lines.splice(i, 0, lines[(i + b) % lines.length]!);
        t = lines.join("\n");
        break;
      }
      case 7: {
        // Deep nesting: hundreds to thousands of brackets at once.
        const depth = 200 + (b % 4000);
        t = t.slice(0, at) + insert.slice(0, 1).repeat(depth) + t.slice(at);
        break;
      }
      default: {
        const lines = t.split("\n");
        const i = a % lines.length;
        const j = b % lines.length;
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        t = lines.join("\n");
      }
    }
  }
  return t;
}

/** Values of the wrong type, and values at the edges of their type. */
export const ODD_VALUES: readonly unknown[] = [
  null,
  0,
  -1,
  1.5,
  2 ** 53 + 2,
  -0,
  1e308,
  "",
  "x",
  " ",
  "-",
  "0",
  "\u0000",
  "\n",
  "a".repeat(300),
  [],
  [null],
  {},
  { kind: "Secret" },
  true,
  false,
];

/** Keys worth adding to any object: prototype names, the Kubernetes words parsers branch on. */
export const ODD_KEYS = [
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "kind",
  "apiVersion",
  "metadata",
  "items",
  "data",
  "stringData",
  "raw",
  "value",
  "chunks",
  "base64",
  "text",
  "bytes",
  "",
  "a.b",
  "é",
] as const;

/** One structural edit: [which node, what, a random value, an odd value's index, a key's index]. */
export const jsonMutation = fc.tuple(
  fc.nat(),
  fc.nat(7),
  fc.jsonValue({ maxDepth: 2 }),
  fc.nat(ODD_VALUES.length - 1),
  fc.nat(ODD_KEYS.length - 1),
);
export type JsonMutation = [number, number, unknown, number, number];

type Node = Record<string, unknown> | unknown[];

function nodes(value: unknown, out: Node[] = []): Node[] {
  if (typeof value === "object" && value !== null) {
    out.push(value as Node);
    for (const child of Object.values(value)) nodes(child, out);
  }
  return out;
}

function set(node: Node, key: string | number, value: unknown): void {
  Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Applies structural edits to a copy of a JSON value: keys deleted or added, values replaced or of the wrong type. */
export function mutateJson(value: unknown, mutations: readonly JsonMutation[]): unknown {
  const root = { root: structuredClone<unknown>(value) };
  for (const [which, op, random, odd, keyIndex] of mutations) {
    const all = nodes(root);
    const node = all[which % all.length]!;
    const keys = Object.keys(node);
    const key: string | number | undefined = keys.length ? keys[which % keys.length] : undefined;
    const oddValue = structuredClone(ODD_VALUES[odd]);
    switch (op) {
      case 0:
        if (key === undefined || node === (root as Node)) break;
        if (Array.isArray(node)) node.splice(Number(key), 1);
        else delete node[key];
        break;
      case 1:
        if (key !== undefined) set(node, key, random);
        break;
      case 2:
      case 3:
        if (key !== undefined) set(node, key, oddValue);
        break;
      case 4:
        if (Array.isArray(node)) node.push(random);
        else set(node, ODD_KEYS[keyIndex]!, random);
        break;
      case 5:
        if (Array.isArray(node) && node.length > 0) node.push(structuredClone(node[0]));
        else if (!Array.isArray(node)) set(node, ODD_KEYS[keyIndex]!, oddValue);
        break;
      case 6:
        if (key !== undefined && node !== (root as Node))
          set(node, key, [(node as Record<string, unknown>)[key]]);
        break;
      default:
        if (key !== undefined) set(node, key, JSON.stringify((node as Record<string, unknown>)[key]) ?? "");
    }
  }
  return root.root;
}
