import { KubewireError } from "../../errors.js";

/** A manifest (`--load`, `objects`) that cannot be read: not YAML or JSON, too many aliases, nested without end. */
export class ManifestError extends KubewireError {
  constructor(problem: string) {
    super("KUBEWIRE_MANIFEST", `the manifest ${problem}`);
    this.name = "ManifestError";
  }
}
