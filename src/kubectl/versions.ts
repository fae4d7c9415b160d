import type { TrafficLogFormat } from "./traffic-log/format.js";

/**
 * Everything kubewire reproduces that differs between kubectl releases, one row per release. Every fact was
 * checked against the real binary (`/usr/lib/google-cloud-sdk/bin/kubectl.1.NN`, by the tests that run it and the
 * captures in fixtures/kubectl-captures); the build facts come from `kubectl version --client -o json` and the
 * build info embedded in each binary. To support a new release, add its row: the views, the traffic-log renderer,
 * the log importer and the CLI all read this table.
 */

/** The kubectl releases whose output kubewire reproduces byte for byte, oldest first. */
export const KUBECTL_VERSIONS = ["1.27", "1.28", "1.29", "1.30", "1.31", "1.32", "1.33"] as const;

/** A kubectl release whose output kubewire reproduces, one of {@link KUBECTL_VERSIONS}. */
export type KubectlVersion = (typeof KUBECTL_VERSIONS)[number];

/** The newest release in the table: the default wherever a version can be chosen. */
export const NEWEST_KUBECTL_VERSION: KubectlVersion = "1.33";

/** `file:line` numbers of the structured round-tripper entries (client-go `transport/round_trippers.go`). */
export interface StructuredRoundTripperLines {
  request: number;
  response: number;
  dns: number;
  dialFailed: number;
  dialSucceed: number;
}

/** Where the discovery client logs the bodies of `/api`, `/apis` and a group version (`discovery_client.go:N`). */
export interface DiscoveryBodyLines {
  api: number;
  apis: number;
  groupVersion: number;
}

/** What one kubectl release does, as far as kubewire imitates it. */
export interface KubectlRelease {
  /** The exact build the facts were checked against. */
  gitVersion: string;
  /**
   * The Go release it was built with. Go 1.23 changed which strings `time.Parse` accepts, and go-yaml quotes a
   * string that would read as a timestamp, so `-o yaml` depends on it.
   */
  go: string;
  /** The client-go, cli-runtime and kubectl module tag (the source of the log formats and printers). */
  clientGo: string;
  /** k8s.io/klog/v2, which writes every log line. */
  klog: string;
  /**
   * sigs.k8s.io/yaml, which turns the object into YAML through go-yaml v2: v1.3.0 (gopkg.in/yaml.v2 v2.4.0) wraps
   * go-yaml's errors in `error converting JSON to YAML: `, v1.4.0 (its vendored `goyaml.v2`) does not.
   */
  sigsYaml: "v1.3.0" | "v1.4.0";
  /**
   * How `--sort-by` compares strings that are not both quantities (kubectl `pkg/cmd/get/sorter.go` `isLess`):
   * `natural` (github.com/fvbommel/sortorder `NaturalLess`, `a9` before `a10`) until v0.30, `bytes` since v0.31.
   */
  sortStrings: "natural" | "bytes";
  /**
   * What apimachinery's YAMLOrJSONDecoder does when a JSON manifest stream (`kubectl get -f`) has a syntax error:
   * `error` (Go's message and offset, until v0.32), or `yaml` (v0.33 reads the rest, from the value that failed,
   * as YAML).
   */
  jsonStreamSyntaxError: "error" | "yaml";
  /** The verbose traffic log (`-v=6`…`10`). */
  log: {
    format: TrafficLogFormat;
    /**
     * How far the printf round-tripper lines sit below 1.27's (`round_trippers.go:463` for the request line):
     * client-go v0.32 added seven lines above them. Classic and hybrid only.
     */
    roundTripperShift?: number;
    /** `request.go:N` of printf body logging, the text branch (the hex-dump branch is two lines up). Classic only. */
    requestGoBodyLine?: number;
    /** The structured `"Request"`/`"Response"` entries. Structured only. */
    structured?: StructuredRoundTripperLines;
    /** Callers that log discovery bodies, as structured body lines do (hybrid and structured). */
    discovery?: DiscoveryBodyLines;
    /** `request.go:N` where a watch logs its request body: client-go's `Request.Watch` itself (hybrid, structured). */
    watchBodyLine?: number;
    /** `simple.go:N` where `kubectl delete` logs the GETs it waits with (the dynamic client; hybrid, structured). */
    deleteWaitBodyLine?: number;
  };
}

/** The table. */
export const KUBECTL_RELEASES: Readonly<Record<KubectlVersion, KubectlRelease>> = {
  "1.27": {
    gitVersion: "v1.27.16",
    go: "go1.22.5",
    sortStrings: "natural",
    jsonStreamSyntaxError: "error",
    clientGo: "v0.27.16",
    klog: "v2.90.1",
    sigsYaml: "v1.3.0",
    log: { format: "classic", roundTripperShift: 0, requestGoBodyLine: 1188 },
  },
  "1.28": {
    gitVersion: "v1.28.15",
    go: "go1.22.8",
    sortStrings: "natural",
    jsonStreamSyntaxError: "error",
    clientGo: "v0.28.15",
    klog: "v2.100.1",
    sigsYaml: "v1.3.0",
    log: { format: "classic", roundTripperShift: 0, requestGoBodyLine: 1212 },
  },
  "1.29": {
    gitVersion: "v1.29.14",
    go: "go1.22.12",
    sortStrings: "natural",
    jsonStreamSyntaxError: "error",
    clientGo: "v0.29.14",
    klog: "v2.110.1",
    sigsYaml: "v1.3.0",
    log: { format: "classic", roundTripperShift: 0, requestGoBodyLine: 1212 },
  },
  "1.30": {
    gitVersion: "v1.30.13",
    go: "go1.23.8",
    sortStrings: "natural",
    jsonStreamSyntaxError: "error",
    clientGo: "v0.30.13",
    klog: "v2.120.1",
    sigsYaml: "v1.3.0",
    log: { format: "classic", roundTripperShift: 0, requestGoBodyLine: 1212 },
  },
  "1.31": {
    gitVersion: "v1.31.9",
    go: "go1.23.8",
    sortStrings: "bytes",
    jsonStreamSyntaxError: "error",
    clientGo: "v0.31.9",
    klog: "v2.130.1",
    sigsYaml: "v1.4.0",
    log: { format: "classic", roundTripperShift: 0, requestGoBodyLine: 1351 },
  },
  "1.32": {
    gitVersion: "v1.32.5",
    go: "go1.23.8",
    sortStrings: "bytes",
    jsonStreamSyntaxError: "error",
    clientGo: "v0.32.5",
    klog: "v2.130.1",
    sigsYaml: "v1.4.0",
    log: {
      format: "hybrid",
      roundTripperShift: 7,
      discovery: { api: 253, apis: 319, groupVersion: 404 },
      watchBodyLine: 736,
      deleteWaitBodyLine: 247,
    },
  },
  "1.33": {
    gitVersion: "v1.33.1",
    go: "go1.24.2",
    sortStrings: "bytes",
    jsonStreamSyntaxError: "yaml",
    clientGo: "v0.33.1",
    klog: "v2.130.1",
    sigsYaml: "v1.4.0",
    log: {
      format: "structured",
      structured: { request: 527, response: 632, dns: 547, dialFailed: 560, dialSucceed: 562 },
      discovery: { api: 252, apis: 318, groupVersion: 403 },
      watchBodyLine: 759,
      deleteWaitBodyLine: 247,
    },
  },
};

/** Whether `version` is a release of the table (`"1.31"`, not `"v1.31.9"`). */
export function isKubectlVersion(version: unknown): version is KubectlVersion {
  return (KUBECTL_VERSIONS as readonly unknown[]).includes(version);
}

/** The Go minor release a kubectl was built with: 22 for go1.22.5. */
export function goMinorRelease(release: KubectlRelease): number {
  return Number(/^go1\.(\d+)/.exec(release.go)![1]);
}
