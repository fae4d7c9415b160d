import { KubewireError } from "../../errors.js";

/**
 * What kubectl's verbose traffic log looks like, version by version (kubectl SPEC §1.3–§1.8, checked against the
 * real binaries): the klog `file:line` of every line, and which of the three formats the version uses.
 */

/**
 * The three formats: `classic` (kubectl 1.27–1.31, printf lines throughout), `hybrid` (1.32: printf round-tripper
 * lines, structured body lines) and `structured` (1.33 and later: one `"Request"` and one `"Response"` entry).
 */
export const TRAFFIC_LOG_FORMATS = ["classic", "hybrid", "structured"] as const;
export type TrafficLogFormat = (typeof TRAFFIC_LOG_FORMATS)[number];

/** The kubectl versions whose logs kubewire renders exactly (newer versions log like the newest of these). */
export const TRAFFIC_LOG_VERSIONS = ["1.27", "1.28", "1.29", "1.30", "1.31", "1.32", "1.33"] as const;

/** The newest layout, used when no version is asked for. */
export const NEWEST_TRAFFIC_LOG_VERSION = "1.33";

/** `file:line` values of the printf-style round-tripper lines (1.27–1.32). */
export interface ClassicLines {
  justUrl: string;
  curl: string;
  requestHeaders: string;
  requestHeader: string;
  dns: string;
  dialFailed: string;
  dialSucceed: string;
  urlTiming: string;
  stats: string;
  responseStatus: string;
  responseHeaders: string;
  responseHeader: string;
}

/** `file:line` values of the structured round-tripper entries (1.33+). */
export interface StructuredLines {
  request: string;
  response: string;
  dns: string;
  dialFailed: string;
  dialSucceed: string;
}

export interface TrafficLogLayout {
  /** The minor version this layout is exact for, `1.NN`. */
  version: string;
  format: TrafficLogFormat;
  /** Printf round-tripper lines (classic and hybrid). */
  classic?: ClassicLines;
  /** Structured round-tripper entries. */
  structured?: StructuredLines;
  /** `request.go` lines of printf body logging (classic): the text branch and the hex-dump branch. */
  bodyLines?: { text: string; hex: string };
  /** Callers of the discovery client (hybrid and structured log bodies at the caller's `file:line`). */
  discovery?: { api: string; apis: string; groupVersion: string };
  /** Where a watch's request body is logged: client-go's `Request.Watch` itself, which logs at depth 0. */
  watch?: string;
  /** Where `kubectl delete` logs the bodies of the GETs it waits with (client-go's dynamic client). */
  deleteWait?: string;
}

function classicLines(shift: number): ClassicLines {
  const rt = (n: number) => `round_trippers.go:${n + shift}`;
  return {
    justUrl: rt(463),
    curl: rt(466),
    requestHeaders: rt(469),
    requestHeader: rt(473),
    dns: rt(495),
    dialFailed: rt(508),
    dialSucceed: rt(510),
    urlTiming: rt(553),
    stats: rt(570),
    responseStatus: rt(574),
    responseHeaders: rt(577),
    responseHeader: rt(580),
  };
}

const REQUEST_GO: Record<string, number> = {
  "1.27": 1188,
  "1.28": 1212,
  "1.29": 1212,
  "1.30": 1212,
  "1.31": 1351,
};

function layoutOf(minor: number): TrafficLogLayout {
  const version = `1.${minor}`;
  if (minor <= 31) {
    const text = REQUEST_GO[version]!;
    return {
      version,
      format: "classic",
      classic: classicLines(0),
      bodyLines: { text: `request.go:${text}`, hex: `request.go:${text - 2}` },
    };
  }
  if (minor === 32) {
    return {
      version,
      format: "hybrid",
      classic: classicLines(7),
      discovery: {
        api: "discovery_client.go:253",
        apis: "discovery_client.go:319",
        groupVersion: "discovery_client.go:404",
      },
      watch: "request.go:736",
      deleteWait: "simple.go:247",
    };
  }
  return {
    version: "1.33",
    format: "structured",
    structured: {
      request: "round_trippers.go:527",
      response: "round_trippers.go:632",
      dns: "round_trippers.go:547",
      dialFailed: "round_trippers.go:560",
      dialSucceed: "round_trippers.go:562",
    },
    discovery: {
      api: "discovery_client.go:252",
      apis: "discovery_client.go:318",
      groupVersion: "discovery_client.go:403",
    },
    watch: "request.go:759",
    deleteWait: "simple.go:247",
  };
}

/** A `kubectlVersion` kubewire cannot render: not `1.NN`, or older than 1.27. */
export class UnsupportedTrafficLogVersionError extends KubewireError {
  override readonly name = "UnsupportedTrafficLogVersionError";
  readonly version: string;

  constructor(version: string) {
    super(
      "KUBEWIRE_UNSUPPORTED_LOG_VERSION",
      `cannot render kubectl ${JSON.stringify(version)} logs: give a version 1.27 or newer, such as "1.31"`,
    );
    this.version = version;
  }
}

/** The minor version in `1.31`, `v1.31.9`, `1.31.9-gke.1`; undefined when the text is not a 1.x version. */
export function kubectlMinorVersion(version: string): number | undefined {
  const m = /^v?1\.(\d{1,3})(?:\.\d+)?(?:[-+][\w.+-]*)?$/.exec(version.trim());
  return m ? Number(m[1]) : undefined;
}

/**
 * The log layout of a kubectl version (`1.27` … `1.33`; newer versions log as 1.33 does, which is also what
 * client-go's master branch does). Throws {@link UnsupportedTrafficLogVersionError} for anything else.
 */
export function trafficLogLayout(kubectlVersion: string = NEWEST_TRAFFIC_LOG_VERSION): TrafficLogLayout {
  const minor = kubectlMinorVersion(kubectlVersion);
  if (minor === undefined || minor < 27) throw new UnsupportedTrafficLogVersionError(kubectlVersion);
  return layoutOf(minor);
}

/**
 * The kubectl version a logged `file:line` points at, where it tells: `request.go:1188` is 1.27, `request.go:1351`
 * 1.31, `round_trippers.go:470` 1.32, `round_trippers.go:527` 1.33 or later. Undefined when it does not tell.
 */
export function versionFromLogLine(
  fileLine: string,
): { versions: string[]; format: TrafficLogFormat } | undefined {
  const m = /^(request|round_trippers)\.go:(\d+)$/.exec(fileLine);
  if (!m) return undefined;
  const n = Number(m[2]);
  if (m[1] === "request") {
    const versions = Object.entries(REQUEST_GO)
      .filter(([, line]) => line === n || line - 2 === n)
      .map(([v]) => v);
    return versions.length ? { versions, format: "classic" } : undefined;
  }
  const classic = Object.values(classicLines(0)).map((s: string) => Number(s.split(":")[1]));
  if (classic.includes(n)) return { versions: ["1.27", "1.28", "1.29", "1.30", "1.31"], format: "classic" };
  if (classic.map((x) => x + 7).includes(n)) return { versions: ["1.32"], format: "hybrid" };
  if ([527, 547, 560, 562, 632].includes(n)) return { versions: ["1.33"], format: "structured" };
  return undefined;
}
