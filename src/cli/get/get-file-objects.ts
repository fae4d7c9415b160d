import { printerRequestOptions } from "./get-flags.js";
import type { GetArgs } from "./get-flags.js";
import type { FetchedBody } from "./get-output.js";
import { expandFilenames, readFileObjects } from "./get-files.js";
import { ItemNamespaceError, isRequestFailure, namedGetFailure } from "./get-errors.js";
import { isNotFound, KubeApiError } from "../../index.js";
import type { KubeClient, ResourceInfo } from "../../index.js";
import { kubectlResourceMapping, ManifestObjectError } from "../../kubectl/index.js";
import type { KubectlVersion } from "../../kubectl/index.js";
import { readStdin } from "../read-document.js";
import type { CliIO } from "../io.js";

/** What `kubewire get -f` fetched, and what failed, split as kubectl's builder nests its errors. */
export interface FetchedFileObjects {
  bodies: FetchedBody[];
  /** Objects of another namespace than `-n` (cli-runtime's RequireNamespace, after the fetch). */
  itemErrors: unknown[];
  /** Documents that could not be read or mapped, and fetches that failed, in the order kubectl visits them. */
  requestErrors: unknown[];
  singleItemImplied: boolean;
}

/**
 * `kubectl get -f`: the files' objects fetched by kind and name, as cli-runtime's builder does it (FilenameParam,
 * then per object: the namespace defaulted, RetrieveLatest, RequireNamespace when `-n` was given).
 */
export async function fetchFileObjects(
  client: KubeClient,
  p: GetArgs,
  namespace: string,
  io: CliIO,
): Promise<FetchedFileObjects> {
  const cwd = io.cwd ?? process.cwd();
  const { paths, singleItemImplied } = expandFilenames(p.filenames, p.recursive, cwd);
  const stdin = paths.includes("-") ? await readStdin(io) : undefined;
  const items = readFileObjects(paths, cwd, stdin, p.kubectlVersion as KubectlVersion | undefined);
  const asked = printerRequestOptions(p);
  const explicit = p.namespace !== undefined && p.namespace !== "" && !p.allNamespaces;
  const result: FetchedFileObjects = { bodies: [], itemErrors: [], requestErrors: [], singleItemImplied };
  let resources: readonly ResourceInfo[] | undefined;
  for (const item of items) {
    if ("error" in item) {
      result.requestErrors.push(item.error);
      continue;
    }
    const { object, source } = item;
    resources ??= (await client.discover()).resources;
    const resource = kubectlResourceMapping(object, source, resources);
    if (resource instanceof ManifestObjectError) {
      result.requestErrors.push(resource);
      continue;
    }
    if (object.name === "") {
      result.requestErrors.push(new ManifestObjectError(`resource name may not be empty (${source})`));
      continue;
    }
    // SetNamespace: an object without one is in the command's namespace (with -A, in none).
    const ns = resource.namespaced ? object.namespace || (p.allNamespaces ? "" : namespace) : "";
    try {
      const { raw } = await client.get(object.apiVersion, resource.resource, object.name, {
        ...(ns !== "" ? { namespace: ns } : {}),
        ...asked,
      });
      if (resource.namespaced && explicit && object.namespace !== "" && object.namespace !== namespace) {
        result.itemErrors.push(
          new ItemNamespaceError(
            `the namespace from the provided object ${JSON.stringify(object.namespace)} does not match the namespace ${JSON.stringify(namespace)}. You must pass '--namespace=${object.namespace}' to perform this operation.`,
          ),
        );
        continue;
      }
      result.bodies.push({ resource, raw });
    } catch (thrown) {
      if (!isRequestFailure(thrown)) throw thrown;
      const error = await namedGetFailure(client, thrown, ns);
      if (p.ignoreNotFound && error instanceof KubeApiError && isNotFound(error)) continue;
      result.requestErrors.push(error);
    }
  }
  return result;
}
