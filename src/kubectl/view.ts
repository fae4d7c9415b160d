import { KubewireError } from "../errors.js";
import { toKubectlObject } from "../normalize/kubectl-list.js";
import { kubectlListOf } from "../normalize/kubectl-list.js";
import { parseJsonLosslessChecked } from "../normalize/lossless-json.js";
import type { KubectlViewOptions } from "../normalize/kubectl-list.js";
import { marshalGoJsonIndent } from "./go/json.js";
import type { KubectlVersion } from "./versions.js";

// kubectl's view and its JSON; -o yaml and -o name are rendered by view-output.ts, so that what needs only the
// view and its JSON (the CLI's get -o json, the diff, the report) does not import the YAML emitter with it.
/**
 * Options of {@link kubectlView} and {@link toKubectlView}, what kubectl's view keeps and whether one object was
 * named.
 */
export interface KubectlViewRenderOptions extends KubectlViewOptions {
  /**
   * The command named exactly one object (`kubectl get cm hello-world`), so kubectl prints it bare. Anything else
   * (a type, a selector, several names or types, `-A`) prints a List, even for a single match.
   */
  singleObject?: boolean | undefined;
}

/**
 * What kubectl would have done instead of printing: its exact stderr (`error: ...\n`) and exit code. kubectl
 * prints nothing on stdout in these cases. The message is go-yaml's or kubectl's text, never object content.
 */
export class KubectlOutputError extends KubewireError {
  /** Exactly what kubectl writes to stderr, final newline included. */
  readonly stderr: string;
  /** What kubectl had already printed to stdout when it failed (names before a bad object in `-o name`). */
  readonly stdout: string;
  /** kubectl's exit code. */
  readonly exitCode: number;
  readonly kubectlVersion: KubectlVersion;

  constructor(stderr: string, exitCode: number, kubectlVersion: KubectlVersion, stdout = "") {
    super("KUBEWIRE_KUBECTL_OUTPUT", stderr.replace(/^error: /, "").trimEnd());
    this.name = "KubectlOutputError";
    this.stderr = stderr;
    this.stdout = stdout;
    this.exitCode = exitCode;
    this.kubectlVersion = kubectlVersion;
  }
}

/** Responses as given (text or parsed values), parsed, with what the parse proved about them. */
export interface ParsedResponses {
  values: unknown[];
  /** Parsed from text with no literal that could be -0 (so kubectl's re-decoding changes nothing). */
  negativeZeroFree: boolean[];
}

/** Accepts raw response text (parsed keeping every digit) or already-parsed values. */
export function parseResponses(raws: unknown): ParsedResponses {
  const values: unknown[] = [];
  const negativeZeroFree: boolean[] = [];
  for (const raw of Array.isArray(raws) ? (raws as unknown[]) : [raws]) {
    if (typeof raw === "string") {
      const { value, negativeZeroFree: free } = parseJsonLosslessChecked(raw);
      values.push(value);
      negativeZeroFree.push(free);
    } else {
      values.push(raw);
      negativeZeroFree.push(false);
    }
  }
  return { values, negativeZeroFree };
}

/**
 * The object kubectl prints for one or more `get` responses: a List (kind and apiVersion restored on items,
 * managedFields hidden, server list metadata dropped), or the bare object when exactly one was named.
 * {@link toKubectlView} renders it as the bytes of `-o json|yaml|name`.
 *
 * @example
 * kubectlView(configMapListBody).kind; // "List"
 * kubectlView(configMapBody, { singleObject: true }).kind; // "ConfigMap"
 */
export function kubectlView(raws: unknown, options: KubectlViewRenderOptions = {}): Record<string, unknown> {
  return kubectlViewOf(parseResponses(raws), options);
}

/** {@link kubectlView} of responses already parsed. */
export function kubectlViewOf(
  responses: ParsedResponses,
  options: KubectlViewRenderOptions = {},
): Record<string, unknown> {
  const { values, negativeZeroFree } = responses;
  if (options.singleObject && values.length === 1) return toKubectlObject(values[0], options);
  return kubectlListOf(values, options, (i) => negativeZeroFree[i] === true);
}

/**
 * Exactly what `kubectl get ... -o json` prints for the given raw server responses, byte for byte: Go's
 * `json.MarshalIndent` with four spaces and a final newline.
 *
 * @example
 * process.stdout.write(renderKubectlJson(rawListBody));
 */
export function renderKubectlJson(raws: unknown, options: KubectlViewRenderOptions = {}): string {
  return marshalGoJsonIndent(kubectlView(raws, options)) + "\n";
}
