import { chmod, mkdir, open, rename, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { cryptoModule } from "../../internal/lazy-modules.js";
import { encodeDocument, readGroupList, readResourceList } from "./discovery-documents.js";
import type { ApiResourceListDocument, DiscoveryDocuments } from "./discovery-documents.js";

/** kubectl's discovery cache lifetime (cli-runtime `toDiscoveryClient`: 6 hours). */
export const DISCOVERY_CACHE_TTL_MS = 6 * 60 * 60 * 1000;

/**
 * The folder kubectl keeps a server's discovery in: `<cacheDir>/discovery/<host_port>` (cli-runtime
 * `computeDiscoverCacheDir`: the scheme dropped, every character but letters, digits, `_`, `/`, `.`, `(` and
 * `)` turned into `_`).
 *
 * @example
 * discoveryCacheDirectory("/home/me/.kube/cache", "https://127.0.0.1:6443"); // "/home/me/.kube/cache/discovery/127.0.0.1_6443"
 */
export function discoveryCacheDirectory(cacheDir: string, server: string): string {
  const host = server.replace("https://", "").replace("http://", "");
  return join(cacheDir, "discovery", host.replace(/[^(\w/.)]/g, "_"));
}

export interface DiscoveryCacheOptions {
  /** The cache root, as kubectl's `--cache-dir` (default `~/.kube/cache`, or `$KUBECACHEDIR`). */
  cacheDir: string;
  /** The server URL exactly as the kubeconfig gives it. */
  server: string;
  /** How long a cached file is trusted, from its modification time. Default 6 hours, as kubectl. */
  ttlMs?: number;
  /** The clock (tests). Default `Date.now`. */
  now?: () => number;
}

/** What a read found: the documents, and the group versions the group list names but no fresh file holds. */
export interface CachedDiscovery {
  documents: DiscoveryDocuments;
  missing: string[];
}

/**
 * kubectl's discovery disk cache (client-go `discovery/cached/disk`), in its own format and place, so kubectl
 * and kubewire share it: `servergroups.json` (an `APIGroupList`) and `<group>/<version>/serverresources.json`
 * (an `APIResourceList`) per group version, each trusted for the TTL from its modification time, written
 * whole (a temporary file, then a rename; files 0660, folders 0750). After {@link invalidate}, only files this
 * process wrote are trusted, as client-go does after a resource was not found.
 */
export class DiscoveryDiskCache {
  readonly directory: string;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #ours = new Set<string>();
  #invalidated = false;

  constructor(options: DiscoveryCacheOptions) {
    this.directory = discoveryCacheDirectory(options.cacheDir, options.server);
    this.#ttlMs = options.ttlMs ?? DISCOVERY_CACHE_TTL_MS;
    this.#now = options.now ?? Date.now;
  }

  #file(groupVersion: string | undefined): string {
    return groupVersion === undefined
      ? join(this.directory, "servergroups.json")
      : join(this.directory, groupVersion, "serverresources.json");
  }

  /** A cached file's JSON when it is fresh and may be trusted; undefined otherwise (never throws). */
  async #readFile(file: string): Promise<unknown> {
    if (this.#invalidated && !this.#ours.has(file)) return undefined;
    let handle;
    try {
      handle = await open(file, "r");
    } catch {
      return undefined;
    }
    try {
      const stat = await handle.stat();
      if (this.#now() > stat.mtimeMs + this.#ttlMs) return undefined;
      return JSON.parse(await handle.readFile("utf8")) as unknown;
    } catch {
      return undefined;
    } finally {
      await handle.close();
    }
  }

  /** The cached documents, or undefined when the group list is missing, expired, unreadable or not trusted. */
  async read(): Promise<CachedDiscovery | undefined> {
    const groups = readGroupList(await this.#readFile(this.#file(undefined)));
    if (!groups || groups.groups.length === 0) return undefined;
    const groupVersions = groups.groups.flatMap((g) => g.versions.map((v) => v.groupVersion));
    const lists = await Promise.all(
      groupVersions.map(async (gv) => readResourceList(await this.#readFile(this.#file(gv)), gv)),
    );
    const resourceLists = new Map<string, ApiResourceListDocument>();
    const missing: string[] = [];
    groupVersions.forEach((gv, i) => {
      const list = lists[i];
      if (list) resourceLists.set(gv, list);
      else missing.push(gv);
    });
    return { documents: { groups, resourceLists, stale: [] }, missing };
  }

  async #writeFile(file: string, value: unknown): Promise<void> {
    await mkdir(dirname(file), { recursive: true, mode: 0o750 });
    const tmp = `${file}.${cryptoModule().randomBytes(6).toString("hex")}`;
    try {
      await writeFile(tmp, encodeDocument(value));
      await chmod(tmp, 0o660);
      await rename(tmp, file);
      this.#ours.add(file);
    } finally {
      await rm(tmp, { force: true });
    }
  }

  /**
   * Writes the documents as client-go does: the group list, and each group version that has resources (one
   * without is not cached). A cache that cannot be written is not an error: the next run asks the server again.
   */
  async write(documents: Pick<DiscoveryDocuments, "groups" | "resourceLists">): Promise<void> {
    const writes: Promise<void>[] = [];
    if (documents.groups.groups.length > 0)
      writes.push(this.#writeFile(this.#file(undefined), documents.groups));
    for (const [gv, list] of documents.resourceLists)
      if (list.resources.length > 0) writes.push(this.#writeFile(this.#file(gv), list));
    await Promise.allSettled(writes);
  }

  /** Writes one group version's list (one fetched because its file was missing). */
  async writeResourceList(list: ApiResourceListDocument): Promise<void> {
    if (list.resources.length > 0)
      await this.#writeFile(this.#file(list.groupVersion), list).catch(() => undefined);
  }

  /** From now on, trust only files this process writes (kubectl's `Invalidate`, after a resource was not found). */
  invalidate(): void {
    this.#ours.clear();
    this.#invalidated = true;
  }
}

/**
 * kubectl's default cache root: `$KUBECACHEDIR` when set, else `~/.kube/cache` (`$HOME`, else the OS's home).
 */
export function defaultKubectlCacheDir(env: Record<string, string | undefined> = process.env): string {
  if (env.KUBECACHEDIR) return env.KUBECACHEDIR;
  return join(env.HOME ?? homedir(), ".kube", "cache");
}
