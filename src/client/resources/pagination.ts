import type { ObjectLike, TypeMeta } from "../../normalize/types.js";
import type { ListOptions, ListResult } from "../client-options.js";
import { isGone } from "../errors.js";

/** kubectl's default `--chunk-size`. */
export const DEFAULT_PAGE_SIZE = 500;

/** What to do when a continue token has expired (`410 Expired`: etcd compacted the list's resourceVersion). */
export const EXPIRED_CHOICES = ["relist", "throw"] as const;
/** What {@link paginate} does on `410 Expired`, one of {@link EXPIRED_CHOICES}. */
export type ExpiredChoice = (typeof EXPIRED_CHOICES)[number];

/**
 * Options of {@link paginate} and `listItems`, a list's options with a page size and what to do when the continue
 * token expires.
 */
export interface PaginateOptions extends ListOptions {
  /** Items per page (`limit`). Default 500, kubectl's `--chunk-size`; 0 asks for everything at once. */
  limit?: number;
  /**
   * On `410 Expired` for page 2 or later: `relist` (client-go's pager default) lists everything again in one request
   * at the original resourceVersion, `throw` surfaces the KubeApiError (`isGone(e)` is true). Default `relist`.
   */
  onExpired?: ExpiredChoice;
}

/** One page of a paginated list. */
export interface ListPage<T> extends ListResult<T> {
  /** 0 for the first page. */
  index: number;
  /**
   * This page is a complete relist after an expired continue token: it holds every item, including ones earlier
   * pages already held. A consumer of pages should drop what it collected before it.
   */
  relisted: boolean;
}

/**
 * Pages of a list, following `metadata.continue` (client-go's pager as an async iterator). `client.listPages` is
 * this over the client's `list`; call it directly to page through any function that lists one page.
 *
 * @param fetchPage Lists one page (the client's `list`).
 *
 * @example
 * const pages = paginate((o) => client.list("v1", "Secret", { ...o, namespace: "default" }), { limit: 100 });
 * for await (const page of pages) console.log(page.index, page.items.length);
 */
export async function* paginate<T extends ObjectLike>(
  fetchPage: (options: ListOptions) => Promise<ListResult<T>>,
  options: PaginateOptions = {},
): AsyncGenerator<ListPage<T>, void, undefined> {
  // limit 0 means no limit parameter at all, as client-go sends none for --chunk-size=0.
  const { onExpired = "relist", limit: asked, ...listOptions } = options;
  const limit = asked ?? DEFAULT_PAGE_SIZE;
  let token = options.continue;
  for (let index = 0; ; index++) {
    const pageOptions: ListOptions = { ...listOptions, ...(limit > 0 ? { limit } : {}) };
    delete pageOptions.continue;
    if (token !== undefined) {
      pageOptions.continue = token;
      // The server rejects a continue token together with a resourceVersion: the token carries its own.
      delete pageOptions.resourceVersion;
      delete pageOptions.resourceVersionMatch;
      if (pageOptions.limit === undefined) delete pageOptions.limit;
    }
    let page: ListPage<T> | undefined;
    try {
      page = pageOf(await fetchPage(pageOptions), index, false);
    } catch (error) {
      if (!(isGone(error) && onExpired === "relist" && token !== undefined && token !== options.continue))
        throw error;
      const full: ListOptions = { ...listOptions };
      delete full.limit;
      delete full.continue;
      yield pageOf(await fetchPage(full), index, true);
      return;
    }
    token = page.list.metadata.continue || undefined;
    yield page;
    // Let go of this page before fetching the next: held while the next one is read, parsed and normalized, it was
    // alive at the scavenges of two pages and promoted (its text, chunks and items), to wait for a mark-compact.
    page = undefined;
    if (token === undefined) return;
  }
}

/**
 * A page of what `fetchPage` answered: its own properties as they are, copied by descriptor (a spread would read a
 * large list's `raw`, decoding the text the client left undecoded until someone asks), and its place.
 */
function pageOf<T>(result: ListResult<T>, index: number, relisted: boolean): ListPage<T> {
  const page = Object.defineProperties({}, Object.getOwnPropertyDescriptors(result)) as ListPage<T>;
  page.index = index;
  page.relisted = relisted;
  return page;
}

/**
 * The items of a paginated list, one at a time. After a relist (see {@link PaginateOptions.onExpired}) only items
 * not yielded before are yielded, by uid (or namespace/name).
 */
export async function* paginateItems<T extends ObjectLike>(
  pages: AsyncIterable<ListPage<T>>,
): AsyncGenerator<T & TypeMeta, void, undefined> {
  // The keys of what was yielded, one string per page (joined by newlines; a page whose keys hold a newline keeps
  // them as they are): a relist is rare, and a Set of every key of a long list was most of the iterator's memory.
  const yielded: (string | string[])[] = [];
  const keyOf = (item: ObjectLike) =>
    item.metadata?.uid ?? `${item.metadata?.namespace ?? ""}/${item.metadata?.name ?? ""}`;
  const iterator = pages[Symbol.asyncIterator]();
  // As `for await` would: an iterator that ended or threw is not closed, one left early (a break) is.
  let open = true;
  try {
    for (;;) {
      // Nothing of a page is held while the next is fetched (see paginate): not the page, not the iterator's result.
      let next: IteratorResult<ListPage<T>> | undefined;
      try {
        next = await iterator.next();
      } catch (error) {
        open = false;
        throw error;
      }
      if (next.done) {
        open = false;
        return;
      }
      let page: ListPage<T> | undefined = next.value;
      next = undefined;
      if (!page.relisted) {
        let items: (T & TypeMeta)[] | undefined = page.items;
        page = undefined;
        // The next page is asked for only once this one's items are all yielded: its keys can be kept now.
        if (items.length > 0) {
          const keys = items.map(keyOf);
          yielded.push(keys.some((k) => k.includes("\n")) ? keys : keys.join("\n"));
        }
        for (let i = 0; i < items.length; i++) yield items[i]!;
        items = undefined;
        continue;
      }
      const seen = new Set<string>();
      for (const keys of yielded)
        for (const key of typeof keys === "string" ? keys.split("\n") : keys) seen.add(key);
      yielded.length = 0;
      for (const item of page.items) {
        const key = keyOf(item);
        if (seen.has(key)) continue;
        seen.add(key);
        yield item;
      }
    }
  } finally {
    if (open) await iterator.return?.();
  }
}
