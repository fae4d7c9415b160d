import { parseJsonLossless, toKubectlList, toKubectlObject } from "../normalize/index.js";
import type { KubectlViewOptions } from "../normalize/index.js";
import { marshalGoJsonIndent } from "./go-json.js";

export interface KubectlViewRenderOptions extends KubectlViewOptions {
  /**
   * The command named exactly one object (`kubectl get cm hello-world`), so kubectl prints it bare. Anything else
   * (a type, a selector, several names or types, `-A`) prints a List, even for a single match.
   */
  singleObject?: boolean;
}

/** Accepts raw response text (parsed keeping every digit) or already-parsed values. */
function parsed(raw: unknown): unknown {
  return typeof raw === "string" ? parseJsonLossless(raw) : raw;
}

/**
 * The object kubectl prints for one or more `get` responses: a List (kind and apiVersion restored on items,
 * managedFields hidden, server list metadata dropped), or the bare object when exactly one was named.
 */
export function kubectlView(raws: unknown, options: KubectlViewRenderOptions = {}): Record<string, unknown> {
  const responses = (Array.isArray(raws) ? raws : [raws]).map(parsed);
  if (options.singleObject && responses.length === 1) return toKubectlObject(responses[0], options);
  return toKubectlList(responses, options);
}

/**
 * Exactly what `kubectl get ... -o json` prints for the given raw server responses, byte for byte: Go's
 * `json.MarshalIndent` with four spaces and a final newline.
 *
 * @example
 * process.stdout.write(renderKubectlJson(rawListBody));
 */
export function renderKubectlJson(raws: unknown, options: KubectlViewRenderOptions = {}): string {
  return marshalGoJsonIndent(kubectlView(raws, options)) + "\n";
}
