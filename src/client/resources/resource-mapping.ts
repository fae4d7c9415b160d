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

/** A `kubectl get` resource argument, parsed: `pods`, `deployments.apps`, `deployments.v1.apps`. */
export interface ResourceArg {
  name: string;
  group?: string;
  version?: string;
}

/** apimachinery's `ParseResourceArg`: `a.b.c` may be resource.version.group, `a.b` is resource.group. */
function resourceArgReadings(arg: string): ResourceArg[] {
  const lower = arg.toLowerCase();
  const parts = lower.split(".");
  const readings: ResourceArg[] = [];
  if (parts.length >= 3)
    readings.push({ name: parts[0]!, version: parts[1]!, group: parts.slice(2).join(".") });
  if (parts.length >= 2) readings.push({ name: parts[0]!, group: parts.slice(1).join(".") });
  readings.push({ name: lower });
  return readings;
}

/**
 * Finds the resource a `kubectl get` argument means among `known` resources (in discovery order, each group's
 * preferred version first, as {@link KubeClient.discover} returns them): a plural (`configmaps`), a singular
 * (`configmap`), a kind (`ConfigMap`) or a short name (`cm`), optionally qualified by group (`deployments.apps`)
 * or version and group (`deployments.v1.apps`). The first match wins, so `events` is the core group's.
 *
 * @example
 * resolveResourceArg("deploy.apps", resources)?.resource; // "deployments"
 */
export function resolveResourceArg(arg: string, known: readonly ResourceInfo[]): ResourceInfo | undefined {
  for (const reading of resourceArgReadings(arg)) {
    const candidates = known.filter(
      (r) =>
        (reading.group === undefined || r.group === reading.group) &&
        (reading.version === undefined || r.version === reading.version),
    );
    const match =
      candidates.find((r) => r.resource === reading.name) ??
      candidates.find((r) => r.singular === reading.name || r.kind.toLowerCase() === reading.name) ??
      candidates.find((r) => r.shortNames?.includes(reading.name));
    if (match) return match;
  }
  return undefined;
}
