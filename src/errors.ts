/**
 * The root of every error kubewire throws. Each subclass has a literal `name` and a stable `code`, so callers
 * can branch on data rather than on message text (the habit of undici's `lib/core/errors.js` and ky's errors).
 */
export class KubewireError extends Error {
  /** A stable, machine-readable identifier such as `KUBEWIRE_CASSETTE_MISS`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "KubewireError";
    this.code = code;
  }
}
