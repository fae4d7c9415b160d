import { KubewireError } from "../../errors.js";
import { JsonPathEvaluator, JsonPathExecutionError, printResults } from "./evaluate.js";
import { goQuote } from "../go/quote.js";
import { redactJson } from "../../record/redact/redact.js";
import { keylessMarker } from "../../record/redact/redaction-marker.js";
import { goSyntax } from "./go-values.js";
import { JsonPathSyntaxError, parseJsonPath } from "./parse.js";
import type { ListNode } from "./parse.js";

/** A jsonpath template kubectl could not parse or run; `message` is what kubectl prints after `error: `. */
export class KubectlJsonPathError extends KubewireError {
  constructor(message: string) {
    super("KUBEWIRE_KUBECTL_JSONPATH", message);
    this.name = "KubectlJsonPathError";
  }
}

export interface KubectlJsonPathOptions {
  /**
   * A missing key prints nothing (kubectl's `--allow-missing-template-keys`, default true); false makes it an
   * error (`x is not found`).
   */
  allowMissingKeys?: boolean;
  /** `-o jsonpath-as-json`: each piece's results as an indented JSON array. */
  outputJson?: boolean;
}

/**
 * A jsonpath template as kubectl runs it (client-go `util/jsonpath`, kubectl 1.27–1.33): its syntax, its
 * results and its output, byte for byte. Parsed once; {@link KubectlJsonPath.execute} prints what `kubectl get -o
 * jsonpath=<template>` prints for one object (or the List kubectl builds), and
 * {@link KubectlJsonPath.findResults} gives the values themselves (for columns and sorting).
 *
 * @example
 * new KubectlJsonPath('{range .items[*]}{.metadata.name}{"\n"}{end}').execute(list); // "a\nb\n"
 */
export class KubectlJsonPath {
  readonly template: string;
  readonly #evaluator: JsonPathEvaluator;
  readonly #outputJson: boolean;

  /** @throws {KubectlJsonPathError} `error parsing jsonpath <template>, <reason>`, as kubectl words it. */
  constructor(template: string, options: KubectlJsonPathOptions = {}) {
    this.template = template;
    let root: ListNode;
    try {
      root = parseJsonPath(template);
    } catch (error) {
      if (!(error instanceof JsonPathSyntaxError)) throw error;
      throw new KubectlJsonPathError(`error parsing jsonpath ${template}, ${error.message}`);
    }
    this.#evaluator = new JsonPathEvaluator(root, { allowMissingKeys: options.allowMissingKeys ?? true });
    this.#outputJson = options.outputJson ?? false;
  }

  /** client-go `FindResults`: one list of values per printed piece. Throws client-go's message on failure. */
  findResults(data: unknown): unknown[][] {
    return this.#evaluator.findResults(data);
  }

  /**
   * What kubectl prints for `data` (cli-runtime's JSONPathPrinter), or its error with the template and the object
   * in Go syntax, as kubectl prints it, but with the object redacted: kubectl dumps a Secret's `data` into that
   * message, which lands in CI logs the user never asked to hold the Secret.
   *
   * @throws {KubectlJsonPathError} `error executing jsonpath "<template>": Error executing template: …`
   */
  execute(data: unknown): string {
    let results: unknown[][];
    try {
      results = this.#evaluator.findResults(data);
    } catch (error) {
      if (!(error instanceof JsonPathExecutionError)) throw error;
      throw new KubectlJsonPathError(
        `error executing jsonpath ${goQuote(this.template)}: Error executing template: ${error.message}. ` +
          "Printing more information for debugging the template:\n" +
          `\ttemplate was:\n\t\t${this.template}\n` +
          `\tobject given to jsonpath engine was:\n\t\t${goSyntax(redactJson(data, { marker: keylessMarker }))}\n\n\n`,
      );
    }
    return results.map((r) => printResults(r, this.#outputJson)).join("");
  }
}

/**
 * kubectl's `RelaxedJSONPathExpression` (custom columns and `--sort-by`): `metadata.name`, `.metadata.name`,
 * `{metadata.name}` and `{.metadata.name}` all become `{.metadata.name}`.
 *
 * @throws {KubectlJsonPathError} for anything else, with kubectl's message.
 */
export function relaxedJsonPathExpression(expression: string): string {
  if (expression === "") return expression;
  const m = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/.exec(expression);
  if (!m)
    throw new KubectlJsonPathError(
      "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
    );
  return `{.${m[1] ?? m[2]}}`;
}
