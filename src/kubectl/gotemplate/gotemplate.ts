import { KubewireError } from "../../errors.js";
import { redactJson } from "../../record/redact/redact.js";
import { keylessMarker } from "../../record/redact/redaction-marker.js";
import { marshalGoJson } from "../go/json.js";
import { goQuote } from "../go/quote.js";
import { KUBECTL_RELEASES, NEWEST_KUBECTL_VERSION, goMinorRelease } from "../versions.js";
import type { KubectlVersion } from "../versions.js";
import { Executor, GoTemplateExecError } from "./exec.js";
import { GoTemplateUnsupportedError, goSprintValue } from "./fmt.js";
import { GoTemplateParseError, parseTemplate } from "./parse.js";
import type { Tree } from "./parse.js";
import { goBytesOf, wellFormed } from "./strings.js";
import { fromJson } from "./values.js";

/**
 * A Go template kubectl could not parse or run; `message` is what kubectl prints after `error: `, and `printed`
 * what it wrote to stdout before failing (the output so far and its debugging block).
 */
export class KubectlGoTemplateError extends KubewireError {
  constructor(
    message: string,
    readonly printed = "",
  ) {
    super("KUBEWIRE_KUBECTL_GO_TEMPLATE", message);
    this.name = "KubectlGoTemplateError";
  }
}

/** How {@link KubectlGoTemplate} runs: missing keys, and the kubectl release whose Go to follow. */
export interface KubectlGoTemplateOptions {
  /**
   * A missing map key prints `<no value>` (kubectl's `--allow-missing-template-keys`, default true); false makes it
   * an error (`map has no entry for key "x"`).
   */
  allowMissingKeys?: boolean;
  /** The kubectl whose Go release to follow (`{{else with}}` from 1.30, `range` over an integer from 1.33). */
  kubectlVersion?: KubectlVersion;
}

/**
 * A Go template as `kubectl get -o go-template=…` runs it (Go's text/template with kubectl's `exists` and
 * `base64decode`, over the object decoded as kubectl decodes it: int64 and float64 numbers, maps with sorted
 * keys), byte for byte with kubectl 1.27–1.33, its errors included. Parsed once; {@link KubectlGoTemplate.execute}
 * prints one object (or the List kubectl builds).
 *
 * @example
 * new KubectlGoTemplate('{{range .items}}{{.metadata.name}}{{"\n"}}{{end}}').execute(list); // "a\nb\n"
 */
export class KubectlGoTemplate {
  readonly template: string;
  readonly #trees: Map<string, Tree>;
  readonly #text: Buffer;
  readonly #allowMissingKeys: boolean;
  readonly #go: number;

  /** @throws {KubectlGoTemplateError} `error parsing template <template>, template: output:1: …`, as kubectl words it. */
  constructor(template: string, options: KubectlGoTemplateOptions = {}) {
    this.template = template;
    this.#go = goMinorRelease(KUBECTL_RELEASES[options.kubectlVersion ?? NEWEST_KUBECTL_VERSION]);
    this.#allowMissingKeys = options.allowMissingKeys ?? true;
    this.#text = goBytesOf(template);
    try {
      this.#trees = parseTemplate(template, { elseWith: this.#go >= 23, commentLines: this.#go >= 24 });
    } catch (error) {
      if (error instanceof GoTemplateParseError)
        throw new KubectlGoTemplateError(`error parsing template ${template}, ${error.message}\n`);
      throw unsupported(error);
    }
  }

  /**
   * What kubectl prints for `data` (cli-runtime's GoTemplatePrinter), as text: bytes that are not UTF-8 (which
   * only `base64decode` or `slice` can make) are U+FFFD, as decoding kubectl's output gives them.
   *
   * @throws {KubectlGoTemplateError} `error executing template "<template>": template: output:1:2: executing
   * "output" at <…>: …`, with `printed` holding the output before the failure and kubectl's debugging block (its
   * dumps of the object redacted: a Secret's data and secret-named fields, which kubectl prints in clear).
   */
  execute(data: unknown): string {
    return wellFormed(this.#run(data));
  }

  /**
   * {@link KubectlGoTemplate.execute} as bytes: exactly what kubectl writes, even where the template prints bytes
   * that are not UTF-8 (a `base64decode` of binary data), which `execute` gives as U+FFFD each.
   *
   * @throws {KubectlGoTemplateError} as {@link KubectlGoTemplate.execute} does.
   */
  executeBytes(data: unknown): Buffer {
    return goBytesOf(this.#run(data));
  }

  #run(data: unknown): string {
    const exec = new Executor(
      this.#trees,
      this.#text,
      { rangeInt: this.#go >= 24, callNamesCallee: this.#go >= 23 },
      !this.#allowMissingKeys,
    );
    const root = fromJson(data);
    try {
      exec.execute(root);
    } catch (error) {
      if (!(error instanceof GoTemplateExecError)) throw unsupported(error);
      // kubectl's debugging block dumps the whole object twice; kubewire dumps it redacted (a Secret's data,
      // secret-named fields), as it does for jsonpath: a failing template on a Secret would put it in CI logs.
      const redacted = redactJson(data, { marker: keylessMarker });
      const printed =
        wellFormed(exec.out.join("")) +
        `Error executing template: ${error.message}. Printing more information for debugging the template:\n` +
        `\ttemplate was:\n\t\t${this.template}\n` +
        `\traw data was:\n\t\t${marshalGoJson(redacted)}\n` +
        `\tobject given to template engine was:\n\t\t${goSprintValue(fromJson(redacted))}\n\n`;
      throw new KubectlGoTemplateError(
        `error executing template ${goQuote(this.template)}: ${error.message}`,
        printed,
      );
    }
    return exec.out.join("");
  }
}

function unsupported(error: unknown): unknown {
  if (error instanceof GoTemplateUnsupportedError)
    return new KubectlGoTemplateError(`kubewire does not support this Go template: ${error.message}`);
  return error;
}
