import { KubewireError } from "../../errors.js";

/**
 * A kubeconfig that cannot be used. Names the file, the field (`users[0].user.client-key-data`, or the named
 * entry: `user "alice": client-key-data`) and what is wrong, and never the value of a credential.
 */
export class KubeConfigError extends KubewireError {
  /** The file the problem is in, when one file is to blame. */
  readonly file: string | undefined;
  /** The field, as a path into the file, when one field is to blame. */
  readonly field: string | undefined;
  /** What is wrong, without the file and field. */
  readonly problem: string;

  constructor(
    file: string | undefined,
    field: string | undefined,
    problem: string,
    options?: { cause?: unknown },
  ) {
    const where = [file, field].filter((s) => s !== undefined && s !== "").join(": ");
    super("KUBEWIRE_KUBECONFIG", where ? `${where}: ${problem}` : problem, options);
    this.name = "KubeConfigError";
    this.file = file;
    this.field = field;
    this.problem = problem;
  }
}
