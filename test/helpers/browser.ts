import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import type { Browser, ConsoleMessage, Page, Request } from "playwright-core";

/**
 * Headless Chromium for the tests that open generated pages: Debian's `chromium` package (`.ci/run` installs it),
 * driven by playwright-core, which downloads no browser. `KUBEWIRE_CHROMIUM` names another binary.
 */
export function chromiumPath(): string {
  const configured = process.env.KUBEWIRE_CHROMIUM;
  if (configured) return configured;
  for (const name of ["chromium", "chromium-browser"]) {
    try {
      return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
    } catch {
      // not on PATH: try the next name
    }
  }
  throw new Error(
    "no Chromium for the browser tests: install it (apt-get install -y chromium) or set KUBEWIRE_CHROMIUM",
  );
}

/**
 * Launches Chromium as the report's tests need it: headless, no sandbox (CI runs as root), no GPU, QUIC or
 * background networking, so nothing but the page itself is fetched. playwright-core gives every launch a fresh
 * temporary profile (its own `--user-data-dir`).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Where browser tests keep what they make (screenshots, the pages): `test-output/<name>/`, kept by CI. */
export function testOutput(name: string): string {
  const dir = fileURLToPath(new URL(`../../test-output/${name}/`, import.meta.url));
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** What a page did that a self-contained page must not: console errors, uncaught errors, dialogs, fetches. */
export interface PageTrouble {
  errors: string[];
  requests: string[];
  dialogs: string[];
}

/** Watches a page for trouble; every request but the page's own file counts. */
export function watchPage(page: Page, ownUrl: () => string): PageTrouble {
  const trouble: PageTrouble = { errors: [], requests: [], dialogs: [] };
  page.on("console", (m: ConsoleMessage) => {
    if (m.type() === "error" || m.type() === "warning") trouble.errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e: Error) => trouble.errors.push(`pageerror: ${e.message}`));
  page.on("request", (r: Request) => {
    if (r.url() !== ownUrl()) trouble.requests.push(r.url());
  });
  page.on("dialog", (d) => {
    trouble.dialogs.push(d.message());
    void d.dismiss();
  });
  return trouble;
}
