import { readFileSync } from "node:fs";

/** glibc's heaps for threads other than the main one: 64 MiB-aligned reservations of this size (x86-64). */
const ARENA_HEAP_BYTES = 64 * 1024 * 1024;

/**
 * Where a process's resident memory is, beyond what `process.memoryUsage()` says (Linux; undefined elsewhere):
 * anonymous and file-backed resident bytes (/proc/self/status), the resident bytes of glibc's main malloc arena (the
 * `[heap]` mapping) and of its thread arenas (from /proc/self/smaps: a 64 MiB-aligned read-write mapping followed by
 * the inaccessible rest of its 64 MiB reservation). Thread arenas hold what other threads malloc: V8's background
 * compilations and collector tasks, libuv's thread pool. For issue 14: a one-off background compilation (undici's
 * llhttp WebAssembly parser tiered up to TurboFan) shows there, apart from the heap and the main arena. When the
 * program break cannot grow (a mapping in its way), glibc continues the main arena in anonymous mappings, which
 * neither figure counts: `mainArena` then stays at its first size.
 * @returns {{ rssAnon: number, rssFile: number, mainArena: number, threadArenas: number } | undefined}
 */
export function residentBreakdown() {
  let status;
  let smaps;
  try {
    status = readFileSync("/proc/self/status", "utf8");
    smaps = readFileSync("/proc/self/smaps", "utf8");
  } catch {
    return undefined;
  }
  const kB = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;
  /** @type {{ start: number, end: number, perms: string, name: string, rss: number }[]} */
  const regions = [];
  for (const line of smaps.split("\n")) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) (\S{4}) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (m)
      regions.push({ start: parseInt(m[1], 16), end: parseInt(m[2], 16), perms: m[3], name: m[4], rss: 0 });
    else if (line.startsWith("Rss:") && regions.length > 0)
      regions[regions.length - 1].rss = Number(/(\d+)/.exec(line)[1]) * 1024;
  }
  let mainArena = 0;
  let threadArenas = 0;
  for (let i = 0; i < regions.length; i++) {
    const r = regions[i];
    if (r.name === "[heap]") mainArena += r.rss;
    else if (r.name === "" && r.perms.startsWith("rw") && r.start % ARENA_HEAP_BYTES === 0) {
      const rest = regions[i + 1];
      const whole =
        r.end - r.start === ARENA_HEAP_BYTES ||
        (rest?.start === r.end && rest.perms === "---p" && rest.end - r.start === ARENA_HEAP_BYTES);
      if (whole) threadArenas += r.rss;
    }
  }
  return { rssAnon: kB("RssAnon"), rssFile: kB("RssFile"), mainArena, threadArenas };
}
