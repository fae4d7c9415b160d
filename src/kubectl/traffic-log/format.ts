import { KubewireError } from "../../errors.js";
import { isKubectlVersion, KUBECTL_RELEASES, KUBECTL_VERSIONS, NEWEST_KUBECTL_VERSION } from "../versions.js";
import type { KubectlVersion } from "../versions.js";

/**
 * What kubectl's verbose traffic log looks like, version by version: the klog `file:line` of every line, and which
 * of the three formats the version uses. The numbers are in the release table (`../versions.ts`), checked against
 * the real binaries.
 */

/**
 * The three formats: `classic` (kubectl 1.27–1.31, printf lines throughout), `hybrid` (1.32: printf round-tripper
 * lines, structured body lines) and `structured` (1.33 and later: one `"Request"` and one `"Response"` entry).
 */
export const TRAFFIC_LOG_FORMATS = ["classic", "hybrid", "structured"] as const;
export type TrafficLogFormat = (typeof TRAFFIC_LOG_FORMATS)[number];

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

function layoutOf(version: KubectlVersion): TrafficLogLayout {
  const { log } = KUBECTL_RELEASES[version];
  const fileLines = <T extends object>(file: string, lines: T) =>
    Object.fromEntries(Object.entries(lines).map(([k, n]) => [k, `${file}:${n as number}`])) as {
      [K in keyof T]: string;
    };
  return {
    version,
    format: log.format,
    ...(log.roundTripperShift !== undefined ? { classic: classicLines(log.roundTripperShift) } : {}),
    ...(log.structured ? { structured: fileLines("round_trippers.go", log.structured) } : {}),
    ...(log.requestGoBodyLine !== undefined
      ? {
          bodyLines: {
            text: `request.go:${log.requestGoBodyLine}`,
            hex: `request.go:${log.requestGoBodyLine - 2}`,
          },
        }
      : {}),
    ...(log.discovery ? { discovery: fileLines("discovery_client.go", log.discovery) } : {}),
    ...(log.watchBodyLine !== undefined ? { watch: `request.go:${log.watchBodyLine}` } : {}),
    ...(log.deleteWaitBodyLine !== undefined ? { deleteWait: `simple.go:${log.deleteWaitBodyLine}` } : {}),
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
export function trafficLogLayout(kubectlVersion: string = NEWEST_KUBECTL_VERSION): TrafficLogLayout {
  const minor = kubectlMinorVersion(kubectlVersion);
  const oldest = kubectlMinorVersion(KUBECTL_VERSIONS[0])!;
  if (minor === undefined || minor < oldest) throw new UnsupportedTrafficLogVersionError(kubectlVersion);
  const version = `1.${minor}`;
  return layoutOf(isKubectlVersion(version) ? version : NEWEST_KUBECTL_VERSION);
}

/** Every `file:line` a release's round-tripper and body lines use, with the versions that use it, by format. */
function linesByFormat(): Map<TrafficLogFormat, Map<string, string[]>> {
  const out = new Map<TrafficLogFormat, Map<string, string[]>>(
    TRAFFIC_LOG_FORMATS.map((f) => [f, new Map()]),
  );
  for (const version of KUBECTL_VERSIONS) {
    const layout = layoutOf(version);
    const groups: (object | undefined)[] = [layout.classic, layout.structured, layout.bodyLines];
    const lines = groups.flatMap((group) => Object.values(group ?? {}) as string[]);
    const byLine = out.get(layout.format)!;
    for (const line of new Set(lines)) byLine.set(line, [...(byLine.get(line) ?? []), version]);
  }
  return out;
}

let knownLines: Map<TrafficLogFormat, Map<string, string[]>> | undefined;

/**
 * The kubectl versions a logged `file:line` points at, where it tells: `request.go:1188` is 1.27, `request.go:1351`
 * 1.31, `round_trippers.go:470` 1.32, `round_trippers.go:527` 1.33. Where formats share a line number, the older
 * format wins (`round_trippers.go:560` is 1.32's request-timing line before it is 1.33's failed dial). Undefined
 * when the line does not tell.
 */
export function versionFromLogLine(
  fileLine: string,
): { versions: string[]; format: TrafficLogFormat } | undefined {
  knownLines ??= linesByFormat();
  for (const format of TRAFFIC_LOG_FORMATS) {
    const versions = knownLines.get(format)!.get(fileLine);
    if (versions) return { versions, format };
  }
  return undefined;
}

/** The releases that log in `format`. */
export function versionsLoggingAs(format: TrafficLogFormat): KubectlVersion[] {
  return KUBECTL_VERSIONS.filter((v) => KUBECTL_RELEASES[v].log.format === format);
}
