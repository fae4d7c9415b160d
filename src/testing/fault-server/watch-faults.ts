import type { FaultSpec } from "./fault-spec.js";

/** Where a watch stream goes: the client's response (maybe through gzip). */
export interface StreamSink {
  write(bytes: Buffer): void;
  end(): void;
  /** Resets the client's connection (nothing more will be written). */
  reset(): void;
}

/**
 * Applies a watch fault to a stream of newline-delimited events as it passes: events are recognised by their
 * newline, so a fault acts on whole events (a duplicate, a swap) or cuts exactly inside one.
 */
export class WatchFaultStream {
  readonly #fault: FaultSpec | undefined;
  readonly #sink: StreamSink;
  #partial: Buffer = Buffer.alloc(0);
  #events = 0;
  #held: Buffer | undefined;
  #holdTimer: NodeJS.Timeout | undefined;
  #stalled: Buffer[] | undefined;
  #stallTimer: NodeJS.Timeout | undefined;
  #ended = false;
  /** Set once the fault has ended the stream; the caller then stops reading the upstream. */
  done = false;

  constructor(fault: FaultSpec | undefined, sink: StreamSink) {
    this.#fault = fault;
    this.#sink = sink;
  }

  data(chunk: Buffer): void {
    if (this.done) return;
    let text = this.#partial.length ? Buffer.concat([this.#partial, chunk]) : chunk;
    let newline: number;
    while (!this.done && (newline = text.indexOf(0x0a)) >= 0) {
      this.#line(text.subarray(0, newline + 1));
      text = text.subarray(newline + 1);
    }
    this.#partial = Buffer.from(text);
  }

  end(): void {
    if (this.done) return;
    this.#ended = true;
    if (this.#stalled) return; // the stall's end writes the rest and ends
    this.#finish();
  }

  /** The client went away: forget timers. */
  close(): void {
    this.done = true;
    clearTimeout(this.#holdTimer);
    clearTimeout(this.#stallTimer);
  }

  #finish(): void {
    if (this.#held) this.#sink.write(this.#held);
    this.#held = undefined;
    clearTimeout(this.#holdTimer);
    if (this.#partial.length) this.#sink.write(this.#partial);
    this.done = true;
    this.#sink.end();
  }

  #write(line: Buffer): void {
    if (this.#stalled) this.#stalled.push(line);
    else this.#sink.write(line);
  }

  #line(line: Buffer): void {
    const f = this.#fault;
    const index = this.#events++;
    switch (f?.kind) {
      case "cut-watch":
      case "reset-mid-body":
      case "truncated-json": {
        const after = f.kind === "cut-watch" ? (f.afterEvents ?? 0) : 0;
        if (index < after) return this.#write(line);
        this.#sink.write(line.subarray(0, Math.max(1, Math.floor((line.length - 1) / 2))));
        this.close();
        const how =
          f.kind === "cut-watch" ? (f.how ?? "reset") : f.kind === "truncated-json" ? "end" : "reset";
        if (how === "end") this.#sink.end();
        else this.#sink.reset();
        return;
      }
      case "duplicate-events":
        this.#write(line);
        if ((index + 1) % Math.max(1, f.every ?? 1) === 0) this.#write(line);
        return;
      case "reorder-events": {
        const held = this.#held;
        if (held) {
          clearTimeout(this.#holdTimer);
          this.#held = undefined;
          this.#write(line);
          this.#write(held);
          return;
        }
        this.#held = line;
        this.#holdTimer = setTimeout(() => {
          if (this.#held) this.#write(this.#held);
          this.#held = undefined;
        }, f.holdMs ?? 100);
        return;
      }
      case "slow-body":
        this.#write(line);
        if (index === 0) {
          this.#stalled = [];
          if (f.ms !== undefined)
            this.#stallTimer = setTimeout(() => {
              const lines = this.#stalled ?? [];
              this.#stalled = undefined;
              for (const l of lines) this.#sink.write(l);
              if (this.#ended) this.#finish();
            }, f.ms);
        }
        return;
      default:
        this.#write(line);
    }
  }
}
