import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { KubewireError } from "../../src/errors.js";
import {
  decodeKubernetesProtobuf,
  decodeProtobufMessage,
  decodeWatchStream,
  encodeKubernetesProtobuf,
  encodeProtobufMessage,
  encodeWatchEventFrame,
  messageForKind,
  ProtobufDecodeError,
  ProtobufEncodeError,
  ProtobufUnknownTypeError,
  ProtobufWatchDecoder,
} from "../../src/protobuf/index.js";
import { schema } from "../../src/protobuf/schema.js";
import { fixturePath } from "../helpers/fixtures.js";
import { canonicalObject, useQuantities } from "./canonical-objects.js";
import { bytesDifference, jsonDifference } from "./json-difference.js";

const SEED = 20251204;

useQuantities(
  Object.values(
    JSON.parse(readFileSync(fixturePath("protobuf/quantities-kubectl-1.31.json"), "utf8")) as Record<
      string,
      string | null
    >,
  ).filter((q): q is string => q !== null),
);

/** Every top-level kind of the tables: [apiVersion, kind]. */
const kinds: [string, string][] = [...schema().kinds.values()].map((m) => [
  m.group ? `${m.group}/${m.version}` : m.version!,
  m.name.slice(m.name.lastIndexOf(".") + 1),
]);

/** Kinds by name only: a counterexample must print small (a message links to the whole schema). */
const kindArb = fc.constantFrom(...kinds);

function randomObject(g: fc.GeneratorValue, [apiVersion, kind]: [string, string]): Record<string, unknown> {
  return canonicalObject(g, messageForKind(apiVersion, kind)!, apiVersion, kind);
}

describe("protobuf codec properties (fast-check, fixed seed)", () => {
  it("knows hundreds of kinds", () => {
    expect(kinds.length).toBeGreaterThan(300);
  });

  const sizes: number[] = [];
  it("decode(encode(object)) is the object, for objects of random built-in kinds in the API server's JSON form", () => {
    fc.assert(
      fc.property(kindArb, fc.gen(), (kind, g) => {
        const object = randomObject(g, kind);
        sizes.push(
          JSON.stringify(object, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v)).length,
        );
        const bytes = encodeKubernetesProtobuf(object);
        const decoded = decodeKubernetesProtobuf(bytes);
        expect(decoded.unknownFields).toEqual([]);
        expect(jsonDifference(decoded.object, object)).toBeUndefined();
        // …and encode(decode(bytes)) is the bytes.
        expect(bytesDifference(encodeKubernetesProtobuf(decoded.object), bytes)).toBeUndefined();
      }),
      { seed: SEED, numRuns: 300, endOnFailure: true },
    );
    // The objects are not trivially small: a good share carries nested structs, lists and maps.
    expect(sizes.filter((n) => n > 500).length).toBeGreaterThan(100);
  });

  it("carries watch events of random kinds through frames", () => {
    const types = fc.constantFrom("ADDED", "MODIFIED", "DELETED", "BOOKMARK");
    fc.assert(
      fc.property(
        fc.array(fc.tuple(types, kindArb), { minLength: 1, maxLength: 4 }),
        fc.gen(),
        (events, g) => {
          const objects = events.map(([type, kind]) => ({ type, object: randomObject(g, kind) }));
          const decoded = decodeWatchStream(Buffer.concat(objects.map((e) => encodeWatchEventFrame(e))));
          expect(decoded.map((e) => e.type)).toEqual(objects.map((e) => e.type));
          decoded.forEach((e, i) => expect(jsonDifference(e.object, objects[i]!.object)).toBeUndefined());
        },
      ),
      { seed: SEED, numRuns: 60, endOnFailure: true },
    );
  });

  it("skips fields it does not know, of every wire type, as Go does (a newer server's fields)", () => {
    const unknownField = fc.oneof(
      fc.tuple(
        fc.integer({ min: 100, max: 536870911 }),
        fc.constant(0),
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      ),
      fc.tuple(fc.integer({ min: 100, max: 1000 }), fc.constantFrom(1, 5), fc.constant(0n)),
      fc.tuple(fc.integer({ min: 100, max: 1000 }), fc.constant(2), fc.bigInt({ min: 0n, max: 300n })),
    );
    fc.assert(
      fc.property(
        kindArb,
        fc.array(unknownField, { minLength: 1, maxLength: 4 }),
        fc.gen(),
        (kind, extra, g) => {
          const name = messageForKind(...kind)!.name;
          const object = randomObject(g, kind);
          const bytes = encodeProtobufMessage(name, object);
          const tail: number[] = [];
          for (const [number, wire, value] of extra) {
            tail.push(...varint(BigInt(number * 8 + wire)));
            if (wire === 0) tail.push(...varint(value));
            else if (wire === 1) tail.push(...new Array<number>(8).fill(7));
            else if (wire === 5) tail.push(...new Array<number>(4).fill(5));
            else tail.push(...varint(value), ...new Array<number>(Number(value)).fill(0x41));
          }
          const decoded = decodeProtobufMessage(name, Buffer.concat([bytes, Uint8Array.from(tail)]));
          expect(decoded.unknownFields).toHaveLength(new Set(extra.map(([n]) => n)).size);
          expect(jsonDifference(decoded.value, decodeProtobufMessage(name, bytes).value)).toBeUndefined();
        },
      ),
      { seed: SEED, numRuns: 200, endOnFailure: true },
    );
  });

  /** The only errors the codec may throw, whatever it is given. */
  const codecError = (e: unknown) =>
    e instanceof ProtobufDecodeError ||
    e instanceof ProtobufEncodeError ||
    e instanceof ProtobufUnknownTypeError;

  it("hostile bytes end in a decoded object or a codec error, never in anything else", () => {
    const valid = fc
      .tuple(kindArb, fc.gen())
      .map(([kind, g]) => encodeKubernetesProtobuf(randomObject(g, kind)));
    const mutated = fc
      .tuple(
        valid,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        fc.nat(),
      )
      .map(([bytes, edits, cut]) => {
        const b = Buffer.from(bytes);
        for (const [at, value] of edits) b[4 + (at % Math.max(1, b.length - 4))] = value;
        return cut % 4 === 0 ? b.subarray(0, cut % (b.length + 1)) : b;
      });
    const random = fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.concat([Buffer.from("k8s\0"), b]));
    fc.assert(
      fc.property(fc.oneof(mutated, random, fc.uint8Array({ maxLength: 16 })), (bytes) => {
        let decoded: ReturnType<typeof decodeKubernetesProtobuf> | undefined;
        try {
          decoded = decodeKubernetesProtobuf(bytes);
        } catch (e) {
          expect(codecError(e)).toBe(true);
          expect((e as KubewireError).code).toMatch(/^KUBEWIRE_PROTOBUF_/);
        }
        // Whatever decodes encodes again (or says why not).
        if (decoded)
          try {
            encodeKubernetesProtobuf(decoded.object);
          } catch (e) {
            expect(codecError(e)).toBe(true);
          }
        for (const decode of [
          () => decodeWatchStream(bytes),
          () => new ProtobufWatchDecoder().push(bytes),
          () =>
            decodeProtobufMessage(
              "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps",
              bytes,
            ),
        ])
          try {
            decode();
          } catch (e) {
            expect(codecError(e)).toBe(true);
          }
      }),
      { seed: SEED, numRuns: 1500, endOnFailure: true },
    );
  });

  it("hostile JSON ends in bytes or a codec error, never in anything else", () => {
    fc.assert(
      fc.property(
        kindArb,
        fc.dictionary(fc.string(), fc.anything({ withBigInt: true, maxDepth: 3 })),
        fc.gen(),
        (kind, junk, g) => {
          const object = randomObject(g, kind);
          // Replace some fields with values of the wrong JSON type.
          for (const [k, v] of Object.entries(junk))
            object[Object.keys(object)[k.length % Object.keys(object).length]!] = v;
          try {
            encodeKubernetesProtobuf(object);
          } catch (e) {
            expect(codecError(e)).toBe(true);
          }
        },
      ),
      { seed: SEED, numRuns: 500, endOnFailure: true },
    );
  });
});

function varint(v: bigint): number[] {
  const out: number[] = [];
  while (v > 0x7fn) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}
