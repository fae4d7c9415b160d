import { isJsonObject } from "../internal/json.js";
import { marshalGoJsonIndent } from "./go/json.js";
import { marshalGoYaml } from "./go/yaml.js";
import { GoYamlError } from "./go/yaml-error.js";
import { goWellFormed } from "./go/well-formed.js";
import { KubectlOutputError, kubectlGetOf, parseResponses } from "./view.js";
import type { KubectlViewRenderOptions } from "./view.js";
import {
  goMinorRelease,
  isKubectlVersion,
  KUBECTL_RELEASES,
  KUBECTL_VERSIONS,
  NEWEST_KUBECTL_VERSION,
} from "./versions.js";
import type { KubectlVersion } from "./versions.js";

/** The `-o` formats {@link toKubectlView} renders. */
export const KUBECTL_VIEW_OUTPUTS = ["json", "yaml", "name"] as const;
/** An `-o` format {@link toKubectlView} renders, one of {@link KUBECTL_VIEW_OUTPUTS}. */
export type KubectlViewOutput = (typeof KUBECTL_VIEW_OUTPUTS)[number];

/** Options of {@link toKubectlView}, the `-o` format and the kubectl release to imitate. */
export interface ToKubectlViewOptions extends KubectlViewRenderOptions {
  /** `-o json`, `-o yaml` or `-o name`. */
  output: KubectlViewOutput;
  /** Which kubectl to imitate where releases differ (YAML error text, Go's timestamp parsing). Default "1.33". */
  kubectlVersion?: KubectlVersion;
}

type Obj = Record<string, unknown>;

/** Go's `strings.ToLower`: simple per-rune lower-casing (no context-dependent or multi-character mappings). */
function goToLower(s: string): string {
  let out = "";
  for (const ch of s) {
    const lower = ch.toLowerCase();
    out +=
      lower.length === ch.length || [...lower].length === 1
        ? lower
        : String.fromCodePoint(lower.codePointAt(0)!);
  }
  return out;
}

/** The group of an apiVersion as apimachinery `ParseGroupVersion` reads it; unparseable means no group. */
function groupOf(apiVersion: string): string {
  const slashes = apiVersion.split("/").length - 1;
  return slashes === 1 && apiVersion !== "/" ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
}

/**
 * cli-runtime `printers/name.go`: `kind[.group]/name` per object, Lists flattened. Stops at an object without a
 * kind, with what it printed before it and its error.
 */
function renderNames(view: Obj): { out: string; error?: string } {
  const objects = Array.isArray(view.items) && view.kind === "List" ? (view.items as unknown[]) : [view];
  let out = "";
  for (const object of objects) {
    const o = isJsonObject(object) ? object : {};
    const kind = typeof o.kind === "string" ? o.kind : "";
    const apiVersion = typeof o.apiVersion === "string" ? o.apiVersion : "";
    const metadata = isJsonObject(o.metadata) ? o.metadata : {};
    const name = typeof metadata.name === "string" && metadata.name !== "" ? metadata.name : "<unknown>";
    if (kind === "" && apiVersion === "")
      return {
        out,
        error: "missing apiVersion or kind; try GetObjectKind().SetGroupVersionKind() if you know the type",
      };
    if (kind === "") return { out, error: `missing kind for resource with name ${name}` };
    const group = groupOf(apiVersion);
    // Go decoded a lone surrogate (an escape in the JSON text) as U+FFFD: the bytes kubectl writes.
    out += `${goWellFormed(goToLower(kind))}${group ? "." + group : ""}/${goWellFormed(name)}\n`;
  }
  return { out };
}

/**
 * kubectl's stderr for its errors (cmdutil.CheckErr): one is `error: <message>`, several are one message a line.
 */
function kubectlStderr(errors: string[]): string {
  return errors.length === 1 ? `error: ${errors[0]}\n` : errors.map((e) => `${e}\n`).join("");
}

/**
 * Exactly what `kubectl get ... -o json|yaml|name` prints (stdout) for the raw responses of one `get`, byte for
 * byte, for kubectl 1.27–1.33. Several raws are the responses of one `kubectl get a,b` or `kubectl get kind x y`
 * and are merged into one List as kubectl merges them; `singleObject` is for `kubectl get kind name`.
 *
 * Raws may be response text (parsed keeping every digit of big integers) or parsed values.
 *
 * @throws {KubectlOutputError} where kubectl fails instead of printing (e.g. `-o yaml` of a string holding DEL
 * or a C1 control character), with kubectl's exact stderr and exit code.
 *
 * @example
 * const stdout = toKubectlView(configMapListBody, { output: "yaml" });
 * // "apiVersion: v1\nitems:\n- apiVersion: v1\n  data: ..."
 */
export function toKubectlView(raws: unknown, options: ToKubectlViewOptions): string {
  const version = options.kubectlVersion ?? NEWEST_KUBECTL_VERSION;
  if (!isKubectlVersion(version))
    throw new TypeError(
      `kubectlVersion must be one of ${KUBECTL_VERSIONS.join(", ")}, got ${String(version)}`,
    );
  const release = KUBECTL_RELEASES[version];
  if (!(KUBECTL_VIEW_OUTPUTS as readonly string[]).includes(options.output))
    throw new TypeError(
      `output must be one of ${KUBECTL_VIEW_OUTPUTS.join(", ")}, got ${String(options.output)}`,
    );
  const { view, errors, printsNothing } = kubectlGetOf(parseResponses(raws), options);
  if (printsNothing) throw new KubectlOutputError(kubectlStderr(errors), 1, version);
  // kubectl prints what it could decode, then reports every error (get.go printGeneric); the printer's own error
  // comes last.
  let stdout = "";
  switch (options.output) {
    case "json":
      stdout = marshalGoJsonIndent(view) + "\n";
      break;
    case "name": {
      const names = renderNames(view);
      stdout = names.out;
      if (names.error !== undefined) errors.push(names.error);
      break;
    }
    case "yaml":
      try {
        stdout = marshalGoYaml(view, { goRelease: goMinorRelease(release) });
      } catch (error) {
        if (!(error instanceof GoYamlError)) throw error;
        const wrap = release.sigsYaml === "v1.3.0" ? "error converting JSON to YAML: " : "";
        errors.push(`${wrap}${error.message}`);
      }
      break;
  }
  if (errors.length > 0) throw new KubectlOutputError(kubectlStderr(errors), 1, version, stdout);
  return stdout;
}
