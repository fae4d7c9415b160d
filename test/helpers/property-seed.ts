import type fc from "fast-check";

/**
 * The seed policy of every property test in the suite (CONTRIBUTING.md, "Property tests and seeds").
 *
 * - A normal run is reproducible: each property runs from a fixed seed, its own or {@link FIXED_SEED} (set for every
 *   property by test/setup/property-seed.ts), so a failure is the same failure on every run and names its seed.
 * - Under the soak switch (`KUBEWIRE_SOAK=N`, `npm run soak:properties`) every property runs from a seed of the run
 *   (a fresh one each soak), N times its runs: new ground each time, and a failure again names its seed and path.
 * - `KUBEWIRE_PROPERTY_SEED=<seed>` runs every property from that seed: with the same `KUBEWIRE_SOAK`, what replays
 *   a failure a soak found (the same seed and run count give the same inputs).
 */

/** `KUBEWIRE_SOAK` (e.g. 20): every property that takes its runs from {@link propertyRuns} runs that many times more. */
export const SOAK = Math.max(1, Number(process.env.KUBEWIRE_SOAK ?? 1) || 1);

/** The seed of every property without one of its own in a normal run. */
export const FIXED_SEED = 20261206;

function runSeed(): number | undefined {
  const given = process.env.KUBEWIRE_PROPERTY_SEED;
  if (given !== undefined && given !== "" && Number.isInteger(Number(given))) return Number(given) | 0;
  // A soak explores: a seed of its own, which a failure reports.
  if (SOAK > 1) return (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0;
  return undefined;
}

/** The seed every property runs from in this run when not the fixed ones: given, or a soak's; undefined otherwise. */
export const RUN_SEED = runSeed();

/**
 * fast-check parameters of a property with `numRuns` runs and its own fixed `seed`: those in a normal run; the
 * run's seed and `numRuns` × {@link SOAK} in a soak or a replay.
 */
export function propertyRuns(numRuns: number, seed: number): fc.Parameters<unknown> {
  return {
    numRuns: numRuns * SOAK,
    seed: RUN_SEED ?? seed,
  };
}

/**
 * The seeds a property runs from, each with its own runs: its fixed `seed` in a normal run; under
 * `KUBEWIRE_SOAK=N`, N seeds from the run's; the one given with `KUBEWIRE_PROPERTY_SEED` alone (a replay). For the
 * properties that a single seed has let a regression slip through (`for (const seed of propertySeeds(7)) fc.assert(…)`).
 */
export function propertySeeds(seed: number): number[] {
  if (RUN_SEED === undefined) return [seed];
  if (process.env.KUBEWIRE_PROPERTY_SEED) return [RUN_SEED];
  return Array.from({ length: SOAK }, (_, i) => (RUN_SEED + i) | 0);
}

/** The global parameters test/setup/property-seed.ts gives fast-check: what a property without its own gets. */
export function globalPropertyParameters(): fc.GlobalParameters {
  return {
    seed: RUN_SEED ?? FIXED_SEED,
    ...(SOAK > 1 ? { numRuns: 100 * SOAK } : {}),
  };
}
