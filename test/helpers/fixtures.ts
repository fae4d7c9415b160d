import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Absolute path of a file under fixtures/. Tests read only fixtures/, nothing outside the repository. */
export function fixturePath(relative: string): string {
  return fileURLToPath(new URL(`../../fixtures/${relative}`, import.meta.url));
}

export function readFixture(relative: string): string {
  return readFileSync(fixturePath(relative), "utf8");
}

/** The kubectl versions whose output the project claims to reproduce (the table in src/kubectl/versions.ts). */
export { KUBECTL_VERSIONS } from "../../src/kubectl/versions.js";
