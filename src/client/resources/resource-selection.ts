import { KubewireError } from "../../errors.js";
import type { ResourceInfo } from "./builtin-resources.js";

/** A `kubectl get` argument list kubectl refuses; `message` is kubectl's (cli-runtime's resource builder). */
export class ResourceArgumentError extends KubewireError {
  /** `unknown-type`: the server has no such resource; `usage`: the arguments themselves are wrong. */
  readonly reason: "unknown-type" | "usage";

  constructor(message: string, reason: "unknown-type" | "usage" = "usage") {
    super("KUBEWIRE_RESOURCE_ARGUMENT", message);
    this.name = "ResourceArgumentError";
    this.reason = reason;
  }
}

/** One request `kubectl get` makes: a list of a resource (no `name`), or one named object. */
export interface ResourceRequest {
  resource: ResourceInfo;
  name?: string;
}

/** What a `kubectl get` command line selects, in the order kubectl fetches it. */
export interface ResourceSelection {
  requests: ResourceRequest[];
  /** Exactly one object was named (`get cm a`, `get cm/a`): kubectl prints it bare rather than in a List. */
  singleItemImplied: boolean;
}

export interface SelectResourcesOptions {
  /** Finds the resource an argument names (`cm`, `deployments.apps`), through discovery; undefined if none. */
  resolve(arg: string): Promise<ResourceInfo | undefined>;
  /** Every served resource, in discovery order: for categories such as `all`. */
  resources(): Promise<readonly ResourceInfo[]>;
  /** `-l` or `--field-selector` was given (with something other than white space). */
  selector?: boolean;
  /** `-A`. */
  allNamespaces?: boolean;
  /** The program name kubectl puts in one of its messages (`kubectl get resource/<resource_name>`). */
  program?: string;
}

/** cli-runtime `SplitResourceArgument`: comma-separated, duplicates dropped, order kept. */
function splitResourceArgument(arg: string): string[] {
  return [...new Set(arg.split(","))];
}

/** `a,b,c d` → `a/d b/d c/d` (cli-runtime `normalizeMultipleResourcesArgs`). */
function normalizeMultipleResourcesArgs(args: readonly string[]): string[] {
  if (args.length >= 2) {
    const resources = splitResourceArgument(args[0]!);
    if (resources.length > 1) return resources.flatMap((r) => args.slice(1).map((name) => `${r}/${name}`));
  }
  return [...args];
}

function splitResourceTypeName(s: string): { resource: string; name: string } {
  const seg = s.split("/");
  if (seg.length !== 2)
    throw new ResourceArgumentError("arguments in resource/name form may not have more than one slash");
  const [resource, name] = seg as [string, string];
  if (resource === "" || name === "" || splitResourceArgument(resource).length !== 1)
    throw new ResourceArgumentError("arguments in resource/name form must have a single resource and name");
  return { resource, name };
}

/** client-go `DiscoveryCategoryExpander`: the resources of a category (`all`), as `resource[.group]`. */
function expandCategory(category: string, resources: readonly ResourceInfo[]): string | undefined {
  const found: string[] = [];
  for (const r of resources) {
    if (!r.categories?.includes(category)) continue;
    const name = r.group ? `${r.resource}.${r.group}` : r.resource;
    if (!found.includes(name)) found.push(name);
  }
  return found.length > 0 ? found.join(",") : undefined;
}

/**
 * What `kubectl get <args>` fetches, decided as cli-runtime's resource builder decides it: `type name...`,
 * `type1,type2` (each type listed), `type/name` pairs, `a,b name` (each name of each type), categories such as
 * `all` (from discovery), types deduplicated by what they resolve to. Arguments kubectl refuses throw
 * {@link ResourceArgumentError} with kubectl's message, in kubectl's order (an unknown type before a misuse
 * of `-A`).
 *
 * @example
 * const { requests } = await selectResources(["cm,secrets"], { resolve, resources });
 */
export async function selectResources(
  argv: readonly string[],
  options: SelectResourcesOptions,
): Promise<ResourceSelection> {
  const program = options.program ?? "kubectl";
  const args = normalizeMultipleResourcesArgs(argv);
  const slashed = args.filter((a) => a.includes("/")).length;
  let tuples: { resource: string; name: string }[] = [];
  let types: string[] = [];
  let names: string[] = [];
  if (slashed > 0) {
    if (slashed !== args.length)
      throw new ResourceArgumentError(
        `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. '${program} get resource/<resource_name>' instead of '${program} get resource resource/<resource_name>'`,
      );
    tuples = args.map(splitResourceTypeName);
  } else if (args.length > 0) {
    const all = await options.resources();
    const first = args[0]!
      .split(",")
      .map((a) => expandCategory(a, all) ?? a)
      .join(",");
    types = splitResourceArgument(first);
    names = args.slice(1);
  }
  const selector = options.selector === true || (tuples.length === 0 && args.length === 1);

  const mapping = async (arg: string): Promise<ResourceInfo> => {
    const found = await options.resolve(arg);
    if (found) return found;
    const dot = arg.indexOf(".");
    throw new ResourceArgumentError(
      `the server doesn't have a resource type "${dot >= 0 ? arg.slice(0, dot) : arg}"`,
      "unknown-type",
    );
  };
  const mappings = async (): Promise<ResourceInfo[]> => {
    const out: ResourceInfo[] = [];
    for (const t of types) {
      const r = await mapping(t);
      if (!out.some((o) => o.group === r.group && o.version === r.version && o.kind === r.kind)) out.push(r);
    }
    return out;
  };
  const checkNamespace = (r: ResourceInfo) => {
    if (r.namespaced && options.allNamespaces)
      throw new ResourceArgumentError("a resource cannot be retrieved by name across all namespaces");
  };

  if (selector) {
    if (names.length > 0)
      throw new ResourceArgumentError("name cannot be provided when a selector is specified");
    if (tuples.length > 0)
      throw new ResourceArgumentError(
        "selectors and the all flag cannot be used when passing resource/name arguments",
      );
    if (types.length === 0)
      throw new ResourceArgumentError("at least one resource must be specified to use a selector");
    return { requests: (await mappings()).map((resource) => ({ resource })), singleItemImplied: false };
  }
  if (tuples.length > 0) {
    const byArg = new Map<string, ResourceInfo>();
    for (const t of tuples) if (!byArg.has(t.resource)) byArg.set(t.resource, await mapping(t.resource));
    const requests = tuples.map((t) => {
      const resource = byArg.get(t.resource)!;
      checkNamespace(resource);
      return { resource, name: t.name };
    });
    return { requests, singleItemImplied: tuples.length === 1 };
  }
  if (names.length > 0) {
    if (types.length > 1) throw new ResourceArgumentError("you must specify only one resource");
    const [resource] = await mappings();
    checkNamespace(resource!);
    return {
      requests: names.map((name) => ({ resource: resource!, name })),
      singleItemImplied: names.length === 1,
    };
  }
  throw new ResourceArgumentError("You must provide one or more resources by argument or filename.");
}
