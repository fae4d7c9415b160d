/**
 * The in-memory server's storage: etcd-like, with one global revision that every write increments (it becomes the
 * objects' `resourceVersion`), a bounded history of events (for watch resume and consistent paginated lists), and
 * watchers fed synchronously as writes commit.
 */

export type Obj = Record<string, unknown>;

export const WATCH_EVENT_TYPES = ["ADDED", "MODIFIED", "DELETED"] as const;
export type StoreEventType = (typeof WATCH_EVENT_TYPES)[number];

/** One committed change. `object` is the new state (the last state for DELETED, at the deletion revision). */
export interface StoreEvent {
  rv: number;
  type: StoreEventType;
  typeKey: string;
  key: string;
  object: Obj;
  /** The state before this change (absent for ADDED). */
  prev?: Obj;
}

export interface StoreEntry {
  object: Obj;
  rv: number;
}

/** Where an object lives: `namespace/name`, or `/name` for cluster-scoped objects. */
export function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ""}/${name}`;
}

export class Store {
  #revision: number;
  /** The oldest revision history can still reconstruct; lists and watches from before it get 410. */
  #compacted: number;
  readonly #objects = new Map<string, Map<string, StoreEntry>>();
  readonly #history: StoreEvent[] = [];
  readonly #historyLimit: number;
  readonly #listeners = new Set<(event: StoreEvent) => void>();

  constructor(options: { initialRevision?: number | undefined; historyLimit?: number | undefined } = {}) {
    this.#revision = options.initialRevision ?? 1;
    this.#compacted = this.#revision;
    this.#historyLimit = options.historyLimit ?? 10_000;
  }

  get revision(): number {
    return this.#revision;
  }

  get compactedRevision(): number {
    return this.#compacted;
  }

  #bucket(typeKey: string): Map<string, StoreEntry> {
    let bucket = this.#objects.get(typeKey);
    if (!bucket) this.#objects.set(typeKey, (bucket = new Map<string, StoreEntry>()));
    return bucket;
  }

  get(typeKey: string, key: string): StoreEntry | undefined {
    return this.#objects.get(typeKey)?.get(key);
  }

  /** Current entries of a type, sorted by key (etcd's order: namespace, then name). */
  entries(typeKey: string): [string, StoreEntry][] {
    return [...(this.#objects.get(typeKey) ?? new Map<string, StoreEntry>()).entries()].sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
  }

  /**
   * The objects of a type as they were at revision `rv`, sorted by key; undefined when history no longer reaches
   * back that far.
   */
  snapshot(typeKey: string, rv: number): [string, Obj][] | undefined {
    if (rv >= this.#revision) return this.entries(typeKey).map(([k, e]) => [k, e.object]);
    if (rv < this.#compacted) return undefined;
    const state = new Map<string, Obj>();
    for (const [k, e] of this.#objects.get(typeKey) ?? []) state.set(k, e.object);
    for (let i = this.#history.length - 1; i >= 0; i--) {
      const ev = this.#history[i]!;
      if (ev.rv <= rv) break;
      if (ev.typeKey !== typeKey) continue;
      if (ev.type === "ADDED") state.delete(ev.key);
      else state.set(ev.key, ev.prev!);
    }
    return [...state.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Events after revision `rv` (for a watch resuming there); undefined when `rv` is older than the history. */
  eventsSince(rv: number): StoreEvent[] | undefined {
    if (rv < this.#compacted) return undefined;
    const out: StoreEvent[] = [];
    for (let i = this.#history.length - 1; i >= 0 && this.#history[i]!.rv > rv; i--)
      out.push(this.#history[i]!);
    return out.reverse();
  }

  /** Takes the next revision: the caller stamps it on the object it is about to commit. */
  nextRevision(): number {
    return this.#revision + 1;
  }

  /** Commits a create, update or delete at the next revision and notifies listeners. */
  commit(type: StoreEventType, typeKey: string, key: string, object: Obj): StoreEvent {
    const rv = ++this.#revision;
    const bucket = this.#bucket(typeKey);
    const prev = bucket.get(key)?.object;
    if (type === "DELETED") bucket.delete(key);
    else bucket.set(key, { object, rv });
    const event: StoreEvent = { rv, type, typeKey, key, object, ...(prev ? { prev } : {}) };
    this.#history.push(event);
    if (this.#history.length > this.#historyLimit) {
      const dropped = this.#history.splice(0, this.#history.length - this.#historyLimit);
      this.#compacted = dropped.at(-1)!.rv;
    }
    for (const listener of this.#listeners) listener(event);
    return event;
  }

  /** Forgets history up to the current revision, as an etcd compaction would: older watches and tokens get 410. */
  compact(): void {
    this.#history.length = 0;
    this.#compacted = this.#revision;
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Removes every object of a type without events (a CRD's instances once the CRD is gone). */
  dropType(typeKey: string): void {
    this.#objects.delete(typeKey);
  }
}
