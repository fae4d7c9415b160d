import { isJsonObject } from "../internal/json.js";
import { goQuote } from "./go/quote.js";

/** A list response with the items kubectl refuses taken out, and kubectl's message for each, in order. */
export interface KubectlNamespaceCheck {
  /** The response itself when nothing was refused; otherwise a copy without the refused items. */
  body: unknown;
  /** kubectl's messages (without `error: `), one per refused item. */
  errors: string[];
}

/**
 * cli-runtime's `RequireNamespace`, which `kubectl get` applies when the namespace was given on the command line
 * (`-n`): a list item whose `metadata.namespace` is a non-empty string other than `namespace` is refused with
 * kubectl's message and left out; items without one are the request's. A named object or a Table is not checked.
 *
 * @example
 * kubectlRequireNamespace(JSON.parse(listText), "default").errors;
 * // ['the namespace from the provided object "other" does not match the namespace "default". You must pass …']
 */
export function kubectlRequireNamespace(body: unknown, namespace: string): KubectlNamespaceCheck {
  if (!isJsonObject(body) || !Array.isArray(body.items)) return { body, errors: [] };
  const errors: string[] = [];
  const kept = body.items.filter((item: unknown) => {
    const metadata = isJsonObject(item) ? item.metadata : undefined;
    const own = isJsonObject(metadata) ? metadata.namespace : undefined;
    if (typeof own !== "string" || own === "" || own === namespace) return true;
    errors.push(
      `the namespace from the provided object ${goQuote(own)} does not match the namespace ${goQuote(namespace)}. You must pass '--namespace=${own}' to perform this operation.`,
    );
    return false;
  });
  return errors.length === 0 ? { body, errors } : { body: { ...body, items: kept }, errors };
}
