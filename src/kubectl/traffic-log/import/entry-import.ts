import { formatMicros } from "../../../internal/clock.js";
import { CASSETTE_VERSION } from "../../../record/exchange/exchange.js";
import type { Cassette, Exchange } from "../../../record/exchange/exchange.js";
import { Correlator, findHeader } from "./correlate.js";
import type { Draft, LineSpan } from "./correlate.js";
import { detectVersion, FormatSigns, LevelSigns } from "./detect.js";
import { finishExchange } from "./exchange.js";
import type { LogContext } from "./exchange.js";
import type { KubectlLogImport, KubectlLogImportOptions, KubectlLogImportStats } from "./import.js";
import { countKinds, LINE_KIND, skippedRuns } from "./line-kinds.js";
import type { LineKind } from "./line-kinds.js";
import { clockFromDateHeader, toMicros } from "./log-clock.js";
import type { LogEntry, LogTime } from "./parse.js";
import type { TrafficLogFormat } from "../format.js";

/** Drafts made exchanges are let go from the correlator a few thousand at a time (each removal copies the rest). */
const DROP_EVERY = 4096;

/**
 * The import of a log's entries as they are read, in line order: the clock (year and offset from the first `Date`
 * header), the exchanges tied together, and the counts.
 *
 * What makes an exchange depends on the whole log: the format (whether request bodies of GETs are the classic
 * format's) and the level (whether bodies were shown). Given no `format`, the import decides from the entries so
 * far and turns each draft into an exchange as soon as no later event can change it, so that a long log's entries
 * and drafts die young instead of living to its end. The level is only used once it is known for good (8 or more
 * stays 8 or more); the format is guessed ("classic" may still turn out "hybrid" or "structured"), and when the
 * whole log contradicts a guess that was used, or an author's cut falls after exchanges were made (it may mark one
 * as elided), {@link finish} returns undefined: the caller imports the log again the whole-log way. Given the
 * `format` of the whole log (all entries at hand), the drafts wait for the end, which is that way.
 */
export class EntryImport {
  readonly #options: KubectlLogImportOptions;
  /** The whole log's format, when known up front; otherwise exchanges are made early. */
  readonly #format: TrafficLogFormat | undefined;
  readonly #early: boolean;
  /** Entries that came before the clock was known (no `Date` header yet), in order. */
  #pending: LogEntry[] | undefined = [];
  #year = 0;
  #offset = 0;
  #lastMonth: number | undefined;
  readonly #correlator: Correlator;
  /** The kind of each line marked so far (grown as lines come). */
  #kinds = new Uint8Array(4096);
  /** Marks made when a draft became an exchange, applied at the end after the entries' own: line, count, kind. */
  readonly #lateMarks: number[] = [];
  readonly #elidedEntries: LineSpan[] = [];
  #klogLines = 0;
  #pid: number | undefined;
  /** The `file:line`s of entries with an event, each once, in the order they came. */
  readonly #fileLines = new Set<string>();
  readonly #formatSigns = new FormatSigns();
  readonly #levelSigns = new LevelSigns();
  /** Whether a guess of the format used so far said "classic" (1) or not (2). */
  #guesses = 0;
  /** An author's cut was seen: exchanges wait for the end (where cuts mark the drafts around them). */
  #cuts = false;
  /** A guess cannot be checked, or cannot be undone: the log must be imported the whole-log way. */
  #failed = false;
  /** The first draft in the correlator's list not yet made an exchange. */
  #next = 0;
  /** Some draft was made an exchange (or failed to be) before the end. */
  #madeEarly = false;
  readonly #exchanges: Exchange[] = [];

  constructor(options: KubectlLogImportOptions, format?: { format: TrafficLogFormat | undefined }) {
    this.#options = options;
    this.#early = format === undefined;
    this.#format = format?.format;
    this.#correlator = new Correlator(() => this.#isClassic());
    if (options.year !== undefined && options.utcOffsetMinutes !== undefined) this.#setClock(undefined);
  }

  /** Whether some exchange was made before the end (from decisions taken on the entries so far). */
  get madeEarly(): boolean {
    return this.#madeEarly;
  }

  /** Whether request bodies read as the classic format's (asked by the correlator). */
  #isClassic(): boolean {
    if (!this.#early) return this.#format === "classic";
    const classic = this.#formatSigns.format === "classic";
    this.#guesses |= classic ? 1 : 2;
    return classic;
  }

  /** Takes the next entry of the log. */
  accept(entry: LogEntry): void {
    if (this.#failed) return;
    // Given the whole log's format (importRead found it with detectFormat), no guess is made: nothing to gather.
    if (this.#early) this.#formatSigns.entry(entry);
    if (entry.event) this.#fileLines.add(entry.fileLine);
    if (entry.elision || (entry.elided && entry.event)) {
      if (this.#madeEarly) {
        this.#failed = true;
        return;
      }
      this.#cuts = true;
    }
    const pending = this.#pending;
    if (pending) {
      pending.push(entry);
      const dated = datedBy(entry);
      if (!dated) return;
      this.#setClock(dated);
    } else this.#take(entry);
    if (this.#early && !this.#cuts && this.#levelSigns.atLeast8) this.#makeSettled();
  }

  /** Fixes year and offset (from the first dated entry, or the options); the entries kept till then go on. */
  #setClock(dated: { time: LogTime; date: string } | undefined): void {
    const fromDate = clockFromDateHeader(dated ? [dated] : []);
    this.#year = this.#options.year ?? fromDate?.year ?? new Date().getUTCFullYear();
    this.#offset = this.#options.utcOffsetMinutes ?? fromDate?.offset ?? 0;
    const pending = this.#pending ?? [];
    this.#pending = undefined;
    for (const e of pending) this.#take(e);
  }

  #mark(line: number, count: number, kind: LineKind): void {
    const end = line - 1 + count;
    if (end > this.#kinds.length) {
      const grown = new Uint8Array(Math.max(end, this.#kinds.length * 2));
      grown.set(this.#kinds);
      this.#kinds = grown;
    }
    this.#kinds.fill(kind, line - 1, end);
  }

  #take(e: LogEntry): void {
    if (!e.output && !e.elision) this.#klogLines += e.lines;
    if (e.elision) {
      this.#correlator.cut();
      return;
    }
    if (!e.output) {
      const last = this.#lastMonth;
      if (last !== undefined && e.time.month < last - 6) this.#year++; // the log crossed New Year
      this.#lastMonth = e.time.month;
    }
    if (!e.event) {
      this.#mark(e.lineNo, e.lines, LINE_KIND.otherKlog);
      return;
    }
    const at = toMicros(e.time, this.#year, this.#offset);
    const span = { first: e.lineNo, last: e.lineNo + e.lines - 1 };
    if (e.elided) this.#elidedEntries.push(span);
    let tied = false;
    try {
      tied = this.#correlator.accept(e.event, at, span);
    } catch {
      tied = false;
    }
    this.#mark(e.lineNo, e.lines, tied ? LINE_KIND.traffic : LINE_KIND.orphaned);
    if (tied && e.event.type !== "transportError") {
      this.#levelSigns.event(e.event);
      this.#pid ??= e.pid;
    }
  }

  /** Makes exchanges of the drafts, in order, as long as the next one is settled (the level being 8 or more). */
  #makeSettled(): void {
    const correlator = this.#correlator;
    const drafts = correlator.drafts;
    const format = this.#formatSigns.format;
    const context: LogContext = { level: this.#levelSigns.level(false), format };
    let next = this.#next;
    while (next < drafts.length && correlator.settled(drafts[next]!)) {
      this.#guesses |= format === "classic" ? 1 : 2;
      this.#madeEarly = true;
      this.#make(drafts[next++]!, context);
    }
    if (next >= DROP_EVERY) {
      correlator.drop(next);
      next = 0;
    }
    this.#next = next;
  }

  #make(draft: Draft, context: LogContext): void {
    this.#levelSigns.draft(draft);
    try {
      const { exchange, extraLines } = finishExchange(draft, context);
      if (extraLines && draft.bodyLine !== undefined) {
        this.#lateMarks.push(draft.bodyLine + 1, extraLines, LINE_KIND.traffic);
        exchange.fromLog!.lines[1] = Math.max(exchange.fromLog!.lines[1], draft.bodyLine + extraLines);
      }
      this.#exchanges.push(exchange);
    } catch {
      this.#lateMarks.push(draft.span.first, 1, LINE_KIND.orphaned);
    }
  }

  /**
   * The import, once every entry was taken: `read` says where the author cut lines and whether V(10) lines showed,
   * `logical` lines (after any unwrapping) were `physical` lines of the paste, `lineNumbers` giving the physical
   * line each logical one starts on when they differ. Undefined when an early decision turned out wrong (see the
   * class): the log must then be imported the whole-log way.
   */
  finish(
    read: { elisions: number[]; sawV10Lines: boolean },
    logical: number,
    physical: number,
    lineNumbers: number[] | undefined,
  ): KubectlLogImport | undefined {
    if (this.#failed) return undefined;
    if (this.#pending) this.#setClock(undefined);
    const format = this.#early ? this.#formatSigns.format : this.#format;
    // A guess that the whole log contradicts (a format that changed after exchanges were made from it).
    if (this.#guesses & (format === "classic" ? 2 : 1)) return undefined;
    const kinds = new Uint8Array(logical);
    kinds.set(this.#kinds.subarray(0, Math.min(logical, this.#kinds.length)));
    const mark = (line: number, count: number, kind: LineKind) =>
      kinds.fill(kind, line - 1, line - 1 + count);

    const correlator = this.#correlator;
    const drafts = correlator.drafts.slice(this.#next);
    for (const line of read.elisions) mark(line + 1, 1, LINE_KIND.elision);
    markElided(
      drafts,
      read.elisions.map((i) => ({ first: i + 1, last: i + 1 })),
      this.#elidedEntries,
    );
    const signs = this.#levelSigns;
    for (const d of drafts) signs.draft(d);
    const level = signs.level(read.sawV10Lines);
    for (const draft of drafts) this.#make(draft, { level, format });
    const late = this.#lateMarks;
    for (let i = 0; i < late.length; i += 3) mark(late[i]!, late[i + 1]!, late[i + 2] as LineKind);
    const exchanges = this.#exchanges;

    // Line numbers name the paste's own lines, whatever wrapping joined.
    const physicalKinds = lineNumbers ? new Uint8Array(physical) : kinds;
    if (lineNumbers) {
      const firstOf = (line: number) => lineNumbers[line - 1]!;
      const lastOf = (line: number) => (line < lineNumbers.length ? lineNumbers[line]! - 1 : physical);
      for (let i = 0; i < lineNumbers.length; i++)
        physicalKinds.fill(kinds[i]!, firstOf(i + 1) - 1, lastOf(i + 1));
      for (const ex of exchanges)
        ex.fromLog!.lines = [firstOf(ex.fromLog!.lines[0]), lastOf(ex.fromLog!.lines[1])];
    }
    exchanges.forEach((ex, i) => (ex.seq = i));

    const counts = countKinds(physicalKinds);
    const stats: KubectlLogImportStats = {
      lines: physical,
      klogLines: this.#klogLines,
      trafficLines: counts[LINE_KIND.traffic]!,
      otherKlogLines: counts[LINE_KIND.otherKlog]!,
      unrecognizedLines: counts[LINE_KIND.notKlog]! + counts[LINE_KIND.elision]!,
      orphanedLines: counts[LINE_KIND.orphaned]!,
      exchanges: exchanges.length,
      withResponses: 0,
      failedRequests: 0,
      incompleteExchanges: 0,
      truncatedBodies: 0,
      failedExchanges: 0,
      unknownHosts: 0,
      elidedExchanges: 0,
    };
    for (const ex of exchanges) {
      if (ex.request.body?.truncated) stats.truncatedBodies++;
      if (ex.response?.body?.truncated) stats.truncatedBodies++;
      if (ex.response) stats.withResponses++;
      else if (ex.error?.name === "IncompleteExchangeError") stats.incompleteExchanges++;
      else stats.failedRequests++;
      if (ex.fromLog?.host) stats.unknownHosts++;
      if (ex.fromLog?.elided) stats.elidedExchanges++;
    }
    stats.failedExchanges = stats.failedRequests + stats.incompleteExchanges;

    const detected: KubectlLogImport["detected"] = { utcOffsetMinutes: this.#offset };
    if (signs.any) {
      if (format) detected.format = format;
      const version = detectVersion(exchanges, this.#fileLines, format);
      if (version) detected.kubectlVersion = version;
      if (level) detected.level = level;
      if (this.#pid !== undefined) detected.pid = this.#pid;
    }
    const cassette: Cassette = {
      version: CASSETTE_VERSION,
      recordedAt: exchanges[0]?.startedAt ?? formatMicros(Date.UTC(this.#year, 0, 1) * 1000),
      exchanges,
    };
    return { exchanges, cassette, stats, skipped: skippedRuns(physicalKinds), detected };
  }
}

/** The `Date` header an entry shows, with the time it was logged at: klog prints neither year nor zone. */
function datedBy(e: LogEntry): { time: LogTime; date: string } | undefined {
  const ev = e.event;
  if (ev?.type === "header" && ev.key.toLowerCase() === "date") return { time: e.time, date: ev.value };
  if (ev?.type === "response" && ev.headers) {
    const date = findHeader(ev.headers, "date");
    if (date) return { time: e.time, date };
  }
  return undefined;
}

/**
 * Exchanges the author cut lines out of: those whose lines surround a cut, and, for a cut between exchanges, the one
 * before it when the log shows it unfinished (no response yet, a failure without the error that names it, or a
 * response still missing its body at a level that shows bodies): what was cut was probably its rest; and the one
 * after it when it is a write without the body logged before it.
 */
function markElided(drafts: Draft[], cuts: LineSpan[], cutEntries: LineSpan[]): void {
  for (const entry of cutEntries)
    for (const d of drafts) if (d.span.first <= entry.first && d.span.last >= entry.last) d.elided = true;
  for (const cut of cuts) {
    let before: Draft | undefined;
    let after: Draft | undefined;
    for (const d of drafts) {
      if (d.span.first < cut.first && d.span.last > cut.last) d.elided = true;
      else if (d.span.last < cut.first && (!before || d.span.last > before.span.last)) before = d;
      else if (d.span.first > cut.last && (!after || d.span.first < after.span.first)) after = d;
    }
    if (
      before &&
      !drafts.some((d) => d.span.first > before.span.last && d.span.first < cut.first) &&
      (!before.responded ||
        (before.status === "" && before.errorMessage === undefined) ||
        (before.status !== "" && !before.responseBody && before.responseHeaders.length > 0))
    )
      before.elided = true;
    // A request body is logged before its request: a write right after a cut that shows none may have lost it.
    if (after && !after.requestBody && !after.requestBodyLogged && !/^(?:GET|HEAD)$/.test(after.method))
      after.elided = true;
  }
}
