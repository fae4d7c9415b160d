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

/**
 * The report's file was cut short by another process while the page was written into it: the exchanges' bytes,
 * written first at the start of the file, were to be moved after the page's head, but the file no longer held them
 * all. Names the file, how many bytes had been written and how many the file held when they were read back.
 */
export class ReportFileTruncatedError extends KubewireError {
  override readonly name = "ReportFileTruncatedError" as const;
  readonly file: string;
  /** The bytes of the exchanges written at the start of the file, to be moved. */
  readonly writtenBytes: number;
  /** The file's size when they were read back, fewer than {@link ReportFileTruncatedError.writtenBytes}. */
  readonly foundBytes: number;

  constructor(file: string, writtenBytes: number, foundBytes: number) {
    super(
      "KUBEWIRE_REPORT_FILE_TRUNCATED",
      `${file}: the report's file was cut short while it was written (${foundBytes} bytes of the ${writtenBytes} written); another process may have truncated it`,
    );
    this.file = file;
    this.writtenBytes = writtenBytes;
    this.foundBytes = foundBytes;
  }
}
