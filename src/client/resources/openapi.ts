import { KubewireError } from "../../errors.js";
import { parseApiVersion } from "./request.js";

/** The server publishes no OpenAPI v3 document for a group version. */
export class OpenApiNotServedError extends KubewireError {
  readonly groupVersion: string;

  constructor(groupVersion: string) {
    super("KUBEWIRE_OPENAPI_NOT_SERVED", `the server publishes no OpenAPI v3 document for ${groupVersion}`);
    this.name = "OpenApiNotServedError";
    this.groupVersion = groupVersion;
  }
}

/** The key of a group version in `GET /openapi/v3`'s `paths`: `api/v1`, `apis/apps/v1`. */
export function openApiPathOf(apiVersion: string): string {
  const { group, version } = parseApiVersion(apiVersion);
  return group === "" ? `api/${version}` : `apis/${group}/${version}`;
}

/**
 * Where the document of a group version is, from the OpenAPI v3 index (`{ paths: { "api/v1":
 * { serverRelativeURL: "/openapi/v3/api/v1?hash=…" } } }`). The hash in the URL changes with the document, which
 * is why caching by this URL is safe for as long as the index is.
 */
export function openApiDocumentUrl(index: unknown, apiVersion: string): string {
  const paths = (index as { paths?: Record<string, { serverRelativeURL?: unknown }> } | null)?.paths;
  const url = paths?.[openApiPathOf(apiVersion)]?.serverRelativeURL;
  if (typeof url !== "string" || !url.startsWith("/")) throw new OpenApiNotServedError(apiVersion);
  return url;
}
