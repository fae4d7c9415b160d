import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestInfo } from "../request-info.js";
import type { FakeCluster } from "./cluster.js";
import type { Authorizer, UserInfo } from "./identity.js";
import type { TokenIssuer } from "./service-account-tokens.js";
import type { ResourceRegistry } from "./resource-types.js";
import type { VersionInfo } from "./version.js";
import type { WatchSettings } from "./watch.js";

/** What every route of one in-memory API server shares. */
export interface ServerState {
  readonly cluster: FakeCluster;
  readonly registry: ResourceRegistry;
  readonly version: VersionInfo;
  /** `host:port`, as `/api` names the server's address. */
  readonly address: () => string;
  /** Aborted when the server closes (ends watches). */
  readonly closing: AbortSignal;
  readonly watchSettings: WatchSettings;
  /** The user every accepted token but the server's own ServiceAccount tokens stands for. */
  readonly admin: UserInfo;
  readonly authorize: Authorizer | undefined;
  readonly issuer: TokenIssuer;
  /** Whether a bearer token (not one of the issuer's) is accepted. */
  readonly acceptsToken: (token: string) => boolean;
}

/** One request as a route sees it. */
export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly server: ServerState;
  /** Upper case. */
  readonly method: string;
  /** The URL path without trailing slashes (`/` for the root). */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly info: RequestInfo;
  readonly body: Buffer;
  readonly pretty: boolean;
  /** Who sent it. */
  readonly user: UserInfo;
}
