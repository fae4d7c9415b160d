import { readFileSync } from "node:fs";

/** kubewire's own version, read once from package.json (the single place it is written). */
export const KUBEWIRE_VERSION: string = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

/** `kubewire/0.1.0 (linux/x64) node/v20.20.2`, shaped like client-go's `kubectl/v1.33.1 (linux/amd64) kubernetes/8adc0f0`. */
export const DEFAULT_USER_AGENT = `kubewire/${KUBEWIRE_VERSION} (${process.platform}/${process.arch}) node/${process.version}`;
