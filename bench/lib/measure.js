// Same-run ratios: the contender and its baseline run alternately, so drift on a shared 2-core machine (other
// processes, thermal state, GC) hits both alike; the figure reported is the ratio of the two medians.

/** @param {number[]} xs */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function collect() {
  if (typeof globalThis.gc === "function") globalThis.gc();
}

/**
 * Times `fn` once, in milliseconds.
 * @param {() => unknown | Promise<unknown>} fn
 */
export async function timeOnce(fn) {
  collect();
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * Runs contender and baseline alternately (`warmup` unrecorded rounds first) and returns both medians and their
 * ratio (contender / baseline: below 1 means the contender is faster).
 * @param {{ contender: () => unknown, baseline: () => unknown, runs: number, warmup?: number }} spec
 */
export async function compare({ contender, baseline, runs, warmup = 1 }) {
  const c = [];
  const b = [];
  for (let i = 0; i < warmup; i++) {
    await baseline();
    await contender();
  }
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first, so neither always runs on a warmer cache.
    if (i % 2 === 0) {
      b.push(await timeOnce(baseline));
      c.push(await timeOnce(contender));
    } else {
      c.push(await timeOnce(contender));
      b.push(await timeOnce(baseline));
    }
  }
  const contenderMs = median(c);
  const baselineMs = median(b);
  return { contenderMs, baselineMs, ratio: contenderMs / baselineMs, runs };
}

/**
 * Times `fn` alone and reports a throughput.
 * @param {{ fn: () => unknown, runs: number, warmup?: number }} spec
 */
export async function measure({ fn, runs, warmup = 1 }) {
  for (let i = 0; i < warmup; i++) await fn();
  const t = [];
  for (let i = 0; i < runs; i++) t.push(await timeOnce(fn));
  return { ms: median(t), runs };
}
