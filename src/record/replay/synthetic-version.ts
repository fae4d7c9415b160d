import type { Cassette } from "../exchange/exchange.js";
import type { SyntheticAnswer } from "./synthetic-discovery.js";

/**
 * `GET /version` for a cassette that never recorded one (kubectl asks it for `version`, and some tools before
 * anything else), from the server version the cassette names. Laid out as kube-apiserver writes it: Go's
 * `version.Info` fields in order, two-space indented, no trailing newline; what the cassette does not know (commit,
 * build date, Go version, platform) is empty rather than invented.
 */
export function synthesizeVersion(cassette: Cassette, path: string): SyntheticAnswer | undefined {
  if (path.split("?", 1)[0]!.replace(/\/$/, "") !== "/version") return undefined;
  const gitVersion = cassette.server?.gitVersion;
  if (gitVersion === undefined) return undefined;
  const numbers = /^v?(\d+)\.(\d+)/.exec(gitVersion);
  const info = {
    major: numbers?.[1] ?? "",
    minor: numbers?.[2] ?? "",
    gitVersion,
    gitCommit: "",
    gitTreeState: "",
    buildDate: "",
    goVersion: "",
    compiler: "",
    platform: "",
  };
  return {
    headers: { "Content-Type": "application/json", "X-Kubewire-Synthesized": "version" },
    body: Buffer.from(JSON.stringify(info, null, 2)),
  };
}
