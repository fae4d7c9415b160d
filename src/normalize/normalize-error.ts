import { KubewireError } from "../errors.js";

/** Input that is not the shape a normalizer needs (not a list, not an object). Says where and what it found. */
export class NormalizeError extends KubewireError {
  constructor(message: string) {
    super("KUBEWIRE_NORMALIZE", message);
    this.name = "NormalizeError";
  }
}

/** A short, value-free description of a JSON value's type, for error messages that must not echo data. */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
