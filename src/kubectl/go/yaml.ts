import { marshalGoJson } from "./json.js";
import { emitGoYaml } from "./yaml-emitter.js";
import { readGoJsonAsYaml } from "./yaml-reader.js";
import type { GoYamlResolveOptions } from "./yaml-resolve.js";

/** Options of {@link marshalGoYaml}: the Go release of the binary being imitated (see `GoYamlResolveOptions`). */
export type GoYamlOptions = GoYamlResolveOptions;

/**
 * sigs.k8s.io/yaml `Marshal`, the YAML that kubectl prints: Go's `json.Marshal` of the value, read back by go-yaml
 * v2 (numbers resolved as int64, uint64 or float64) and written by go-yaml v2's emitter: keys in natural order,
 * strings quoted only where YAML would misread them, literal blocks for multi-line text, long lines folded past
 * column 80, emoji escaped as `\U0001F600`. Pass values from `parseJsonLossless` so big integers keep their digits.
 *
 * @throws {GoYamlError} where go-yaml v2 fails, e.g. a string with DEL or a C1 control character.
 *
 * @example
 * marshalGoYaml({ b: "yes", a: [1.5e-7, "two\nlines\n"] });
 * // 'a:\n- 1.5e-07\n- |\n  two\n  lines\nb: "yes"\n'
 */
export function marshalGoYaml(value: unknown, options: GoYamlOptions = {}): string {
  return jsonToGoYaml(marshalGoJson(value), options);
}

/**
 * sigs.k8s.io/yaml `JSONToYAML` for compact JSON as Go's `json.Marshal` writes it (use {@link marshalGoYaml} for
 * values; other JSON layouts read differently in YAML, which is not modelled).
 */
export function jsonToGoYaml(json: string, options: GoYamlOptions = {}): string {
  return emitGoYaml(readGoJsonAsYaml(json), options);
}
