import { KubewireError } from "../errors.js";

/** A document that is not a HAR kubewire can read: names the file, the place in the document and the problem. */
export class HarFormatError extends KubewireError {
  override readonly name = "HarFormatError" as const;
  readonly file: string | undefined;
  readonly path: string;

  constructor(file: string | undefined, path: string, problem: string) {
    super("KUBEWIRE_HAR_FORMAT", `${file ?? "HAR"}: ${path || "(document)"}: ${problem}`);
    this.file = file;
    this.path = path;
  }
}
