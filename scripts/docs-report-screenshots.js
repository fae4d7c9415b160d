#!/usr/bin/env node
// Makes the screenshots in docs/report.md: the report of the demo cassette (the seed story's exchange opened on
// kubectl's view and the differences) and of fixtures/report/showcase.cassette.json (the waterfall, and a write
// opened on its admission diff). Run by hand after `npm run build`, with Debian's chromium installed:
// node scripts/docs-report-screenshots.js
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { loadCassette } from "kubewire";
import { renderReport } from "kubewire/report";

const root = fileURLToPath(new URL("..", import.meta.url));
const images = join(root, "docs", "images");
const dir = mkdtempSync(join(tmpdir(), "kubewire-docs-"));
const executablePath =
  process.env.KUBEWIRE_CHROMIUM ??
  execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim();
const browser = await chromium.launch({
  executablePath,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
  ],
});

async function shoot(cassetteFile, name, steps) {
  const file = join(dir, `${name}.html`);
  writeFileSync(file, renderReport(await loadCassette(join(root, cassetteFile))));
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, colorScheme: "light" });
  await page.goto(pathToFileURL(file).href);
  for (const [shot, step] of steps) {
    await step(page);
    await page.screenshot({ path: join(images, shot) });
  }
  await page.close();
}

try {
  await shoot("fixtures/demo/configmaps-by-label.cassette.json", "demo", [
    [
      "report-demo.png",
      async (page) => {
        await page.locator('.row[data-seq="0"]').click();
        await page.locator("#detail .kubectl").scrollIntoViewIfNeeded();
        await page.evaluate(() => window.scrollTo(0, document.getElementById("app").offsetTop));
      },
    ],
  ]);
  await shoot("fixtures/report/showcase.cassette.json", "showcase", [
    ["report-showcase.png", async (page) => page.evaluate(() => window.scrollTo(0, 0))],
    [
      "report-showcase-admission.png",
      async (page) => {
        await page.locator('.row[data-seq="16"]').click();
        await page.evaluate(() => window.scrollTo(0, document.getElementById("app").offsetTop));
      },
    ],
  ]);
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write("docs/images/report-demo.png, report-showcase.png, report-showcase-admission.png\n");
