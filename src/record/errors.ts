import { redactSecretText, redactUrl } from "./redact/redact.js";
import { KubewireError } from "../errors.js";

/** A recorded request that comes closest to one that found no match, and how it differs. */
export interface NearMiss {
  seq: number;
  method: string;
  url: string;
  differences: string[];
}

/**
 * A replayed request matched nothing in the cassette. Carries the request and the closest recorded requests with
 * what differs, so a failing test says what to re-record.
 */
export class CassetteMissError extends KubewireError {
  readonly request: { method: string; url: string; accept?: string };
  readonly closest: NearMiss[];

  constructor(request: { method: string; url: string; accept?: string }, closest: NearMiss[]) {
    // Near misses come from a cassette that may have been written by hand, and from the live request: both shown
    // only as the secret policy lets them be.
    request = { ...request, url: redactUrl(request.url).url };
    closest = closest.map((c) => ({
      ...c,
      url: redactUrl(c.url).url,
      differences: c.differences.map((d) => redactSecretText(d)),
    }));
    const near = closest.length
      ? closest
          .map((c) => `\n  #${c.seq} ${c.method} ${c.url} (${c.differences.join("; ") || "matches"})`)
          .join("")
      : " (the cassette has no requests)";
    const accept = request.accept ? ` (Accept: ${request.accept})` : "";
    super(
      "KUBEWIRE_CASSETTE_MISS",
      `No recorded exchange matches ${request.method} ${request.url}${accept}; closest:${near}`,
    );
    this.name = "CassetteMissError";
    this.request = request;
    this.closest = closest;
  }
}

/** A cassette file or document that cannot be used: names the file, the place in it and what is wrong. */
export class CassetteFormatError extends KubewireError {
  readonly file: string | undefined;
  readonly path: string;

  constructor(file: string | undefined, path: string, problem: string) {
    super("KUBEWIRE_CASSETTE_FORMAT", `${file ?? "cassette"}: ${path || "(document)"}: ${problem}`);
    this.name = "CassetteFormatError";
    this.file = file;
    this.path = path;
  }
}

/**
 * The recording that matches a request holds only part of its response body (cut short where it was recorded, or
 * truncated by the kubectl log it was imported from). Replaying it would hand the client a broken body.
 */
export class CassetteIncompleteError extends KubewireError {
  readonly request: { method: string; url: string };
  readonly seq: number;

  /**
   * `held` and `announced` count a body's bytes; `missing` instead names what the recording lacks altogether (an
   * exchange imported from a log that does not show it: `"status"`, `"responseBody"`).
   */
  constructor(
    request: { method: string; url: string },
    seq: number,
    held: number,
    announced: number,
    missing?: string,
  ) {
    super(
      "KUBEWIRE_CASSETTE_INCOMPLETE",
      missing
        ? `The recording #${seq} of ${request.method} ${request.url} lacks its ${missing === "responseBody" ? "response body" : missing}: ` +
            "the log it was imported from does not show it; re-record it, or import a log taken at a level that shows it (-v=10)"
        : `The recording #${seq} of ${request.method} ${request.url} holds only part of its body (${held} of ${announced} bytes); ` +
            "re-record it, or import a kubectl log taken at -v=10 (lower levels truncate bodies)",
    );
    this.name = "CassetteIncompleteError";
    this.request = request;
    this.seq = seq;
  }
}
