import { KubewireError } from "../../errors.js";

/**
 * go-yaml v2 could not read the JSON it was given (sigs.k8s.io/yaml `JSONToYAML`). `message` is go-yaml's own
 * text, e.g. `yaml: control characters are not allowed`; it never contains document content.
 */
export class GoYamlError extends KubewireError {
  constructor(message: string) {
    super("KUBEWIRE_GO_YAML", message);
    this.name = "GoYamlError";
  }
}
