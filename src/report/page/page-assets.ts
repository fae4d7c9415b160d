import { readFileSync } from "node:fs";

/**
 * The page's own script and style, read once from the files beside this module (`npm run build` copies them
 * next to the compiled module), so they stay ordinary JavaScript and CSS that editors and linters understand.
 */
let assets: { script: string; style: string } | undefined;

export function pageAssets(): { script: string; style: string } {
  assets ??= {
    script: readFileSync(new URL("./page-script.js", import.meta.url), "utf8"),
    style: readFileSync(new URL("./page-style.css", import.meta.url), "utf8"),
  };
  return assets;
}
