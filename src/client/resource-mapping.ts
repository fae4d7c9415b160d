import { BUILTIN_RESOURCES } from "./builtin-resources.js";
import type { ResourceInfo } from "./builtin-resources.js";
import { parseApiVersion } from "./request.js";

/**
 * Finds the resource for `apiVersion` + a kind (`ConfigMap`), a plural (`configmaps`), a singular (`configmap`) or a
 * short name (`cm`), among `known` resources (discovery results first, then the built-in table). When nothing is
 * known, a kind is pluralised the way the API server names built-in resources, and scope is left open.
 */
export function resolveResource(
  apiVersion: string,
  kindOrResource: string,
  known: readonly ResourceInfo[] = BUILTIN_RESOURCES,
): ResourceInfo & { guessed?: boolean } {
  const { group, version } = parseApiVersion(apiVersion);
  const lower = kindOrResource.toLowerCase();
  const candidates = known.filter((r) => r.group === group && r.version === version);
  const match =
    candidates.find((r) => r.kind === kindOrResource) ??
    candidates.find((r) => r.resource === lower) ??
    candidates.find((r) => r.singular === lower || r.kind.toLowerCase() === lower) ??
    candidates.find((r) => r.shortNames?.includes(lower));
  if (match) return match;
  const isKind = /^[A-Z]/.test(kindOrResource);
  return {
    group,
    version,
    kind: isKind ? kindOrResource : kindOrResource,
    resource: isKind ? pluralize(lower) : lower,
    singular: isKind ? lower : lower,
    namespaced: true,
    verbs: [],
    guessed: true,
  };
}

/** The API server's naming of plural resources for a lower-cased kind (gengo's default pluraliser rules). */
export function pluralize(singular: string): string {
  if (/(?:s|x|z|ch|sh)$/.test(singular)) return singular + "es";
  if (/[^aeiou]y$/.test(singular)) return singular.slice(0, -1) + "ies";
  return singular + "s";
}
