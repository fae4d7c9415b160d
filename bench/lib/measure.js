// Same-run ratios: the contender and its baseline run alternately, so drift on a shared 2-core machine (other
// processes, thermal state, GC) hits both alike; the figure reported is the ratio of the two medians.
//
// Garbage collection is part of the cost, and it is charged to whoever made the garbage: a full collection runs
// before every timed run (so no run pays for the previous one), and every timed run ends by settling the young
// generation (two minor collections, which promote what the run left alive). Without the second step a baseline
// such as `JSON.parse` of a 9 MB list hands the copying of its ~40 MB of fresh objects to whatever allocates next,
// while a contender that allocates a little after parsing pays that bill inside its own timing; the figures would
// then measure where the scavenger happens to run, not the work. Both the settled time (reported) and the time
// before settling (`…UnsettledMs`) are kept.

/** @param {number[]} xs */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const gc = typeof globalThis.gc === "function" ? globalThis.gc : undefined;

/** Whether the collector is exposed (`node --expose-gc`); without it figures are noisier and unsettled. */
export const gcExposed = gc !== undefined;

function collect() {
  gc?.();
}

function settle() {
  gc?.({ type: "minor" });
  gc?.({ type: "minor" });
}

/**
 * Times `fn` once, in milliseconds: `ms` includes settling the young generation, `unsettledMs` stops when `fn`
 * returns.
 * @param {() => unknown | Promise<unknown>} fn
 */
export async function timeOnce(fn) {
  collect();
  const t0 = performance.now();
  // The result stays reachable until the young generation is settled: what a caller keeps is part of the cost.
  held = await fn();
  const t1 = performance.now();
  settle();
  const t2 = performance.now();
  held = undefined;
  return { ms: t2 - t0, unsettledMs: t1 - t0 };
}

/**
 * Exported so that no engine can prove the measured result dead and skip making it.
 * @public
 * @type {unknown}
 */
export let held;

/**
 * Runs contender and baseline alternately (`warmup` unrecorded rounds first) and returns both medians and their
 * ratio (contender / baseline: below 1 means the contender is faster). `before`, when given, runs untimed before
 * every run, told which one comes (bookkeeping such as waiting until a process of the contender's is idle, so that
 * neither side is timed while it works; a scenario that uses it reports what it waited for).
 * @param {{ contender: () => unknown, baseline: () => unknown, runs: number, warmup?: number, before?: (which: "contender" | "baseline") => unknown }} spec
 */
export async function compare({ contender, baseline, runs, warmup = 2, before }) {
  const c = [];
  const b = [];
  const run = async (which, fn) => {
    await before?.(which);
    return timeOnce(fn);
  };
  for (let i = 0; i < warmup; i++) {
    await before?.("baseline");
    await baseline();
    await before?.("contender");
    await contender();
  }
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first, so neither always runs on a warmer cache.
    if (i % 2 === 0) {
      b.push(await run("baseline", baseline));
      c.push(await run("contender", contender));
    } else {
      c.push(await run("contender", contender));
      b.push(await run("baseline", baseline));
    }
  }
  const contenderMs = median(c.map((t) => t.ms));
  const baselineMs = median(b.map((t) => t.ms));
  const contenderUnsettledMs = median(c.map((t) => t.unsettledMs));
  const baselineUnsettledMs = median(b.map((t) => t.unsettledMs));
  return {
    contenderMs,
    baselineMs,
    ratio: contenderMs / baselineMs,
    contenderUnsettledMs,
    baselineUnsettledMs,
    ratioUnsettled: contenderUnsettledMs / baselineUnsettledMs,
    runs,
  };
}

/**
 * Times `fn` alone and reports the median time.
 * @param {{ fn: () => unknown, runs: number, warmup?: number }} spec
 */
export async function measure({ fn, runs, warmup = 1 }) {
  for (let i = 0; i < warmup; i++) await fn();
  const t = [];
  for (let i = 0; i < runs; i++) t.push(await timeOnce(fn));
  return { ms: median(t.map((x) => x.ms)), runs };
}
