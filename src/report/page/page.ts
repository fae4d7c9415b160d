import type { ReportMeta, ReportRow } from "../report-model.js";
import { statusLabel, urlTarget } from "../summary.js";
import type { ReportSummary, SummaryCall } from "../summary.js";
import { cspHash, escapeHtml, formatBytes, formatMs, scriptJson } from "./html.js";
import { pageAssets } from "./page-assets.js";

/** The id of the element that holds the report's data (read by the page's script). */
export const DATA_ELEMENT_ID = "kubewire-report-data";

const h = escapeHtml;

function statusClass(status: number | undefined): string {
  if (status === undefined) return "s-none";
  return `s-${Math.floor(status / 100)}xx`;
}

function seqLink(seq: number): string {
  return `<a href="#x-${seq}">#${seq}</a>`;
}

function callItem(c: SummaryCall, figure: string): string {
  const status =
    c.status === undefined
      ? `<span class="status s-none">no response</span>`
      : `<span class="status ${statusClass(c.status)}">${c.status}</span>`;
  return (
    `<li>${seqLink(c.seq)} <span class="verb v-${h(c.verb)}">${h(c.verb)}</span> ${status} ` +
    `<code class="target">${h(c.target)}</code> <span class="figure">${h(figure)}</span>` +
    (c.why ? `<div class="why">${h(c.why)}</div>` : "") +
    `</li>`
  );
}

function countList(items: { label: string; count: number; cls?: string }[]): string {
  return (
    `<ul class="counts">` +
    items
      .map(
        (i) =>
          `<li><span class="${i.cls ? h(i.cls) : "label"}">${h(i.label)}</span> <span class="count">${i.count}</span></li>`,
      )
      .join("") +
    `</ul>`
  );
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}

function summaryHtml(data: ReportMeta, s: ReportSummary): string {
  const facts = [
    plural(s.exchanges, "exchange"),
    `over ${formatMs(s.spanMs)}`,
    `recorded ${h(data.recordedAt)}`,
    s.server ? `server <strong>${h(s.server)}</strong>` : "server version unknown",
    ...s.origins.map((o) => `<code>${h(o)}</code>`),
  ];
  if (s.redacted) facts.push(`${plural(s.redacted, "exchange")} with redacted Secret values or tokens`);
  if (s.truncated) facts.push(`${plural(s.truncated, "exchange")} with bodies known only in part`);
  const cards: string[] = [];
  cards.push(
    `<section class="card"><h2>Clients</h2>${countList(s.clients.map((c) => ({ label: c.agent, count: c.count, cls: "agent" })))}</section>`,
  );
  cards.push(
    `<section class="card"><h2>Verbs</h2>${countList(s.verbs.map((v) => ({ label: v.verb, count: v.count, cls: `verb v-${v.verb}` })))}</section>`,
  );
  cards.push(
    `<section class="card"><h2>Statuses</h2>${countList(
      s.statuses.map((v) => ({
        label: v.status,
        count: v.count,
        cls: `status ${statusClass(v.status === "no response" ? undefined : Number(v.status))}`,
      })),
    )}</section>`,
  );
  if (s.slowest.length)
    cards.push(
      `<section class="card wide"><h2>Slowest calls</h2><ol class="calls">${s.slowest
        .map((c) => callItem(c, formatMs(c.ms)))
        .join("")}</ol><p class="note">Time to the response headers; watches are left out.</p></section>`,
    );
  cards.push(
    `<section class="card wide"><h2>Errors <span class="count">${s.errorCount}</span></h2>` +
      (s.errors.length
        ? `<ol class="calls">${s.errors.map((c) => callItem(c, formatMs(c.ms))).join("")}</ol>` +
          (s.errorCount > s.errors.length
            ? `<p class="note">and ${plural(s.errorCount - s.errors.length, "more")}: filter the list by status.</p>`
            : "")
        : `<p class="none">No failed call.</p>`) +
      `</section>`,
  );
  cards.push(
    `<section class="card wide"><h2>Warnings <span class="count">${s.warningCount}</span></h2>` +
      (s.warnings.length
        ? `<ul class="warnings">${s.warnings
            .map(
              (w) =>
                `<li><span class="count">${w.count}×</span> <span class="warning-text">${h(w.text)}</span> ` +
                `<span class="first">first in ${seqLink(w.firstSeq)}</span></li>`,
            )
            .join("")}</ul>`
        : `<p class="none">No <code>Warning</code> header.</p>`) +
      `</section>`,
  );
  return (
    `<header id="summary" class="summary"><h1>${h(data.title)}</h1>` +
    `<p class="facts">${facts.join(" · ")}</p><div class="cards">${cards.join("")}</div></header>`
  );
}

function staticRow(e: ReportRow, agents: string[]): string {
  const what = e.kind ?? "";
  const where = [e.resource, e.namespace, e.name].filter((x) => x !== undefined);
  return (
    `<tr id="x-${e.seq}"><td class="num">${e.seq}</td><td class="num">+${h(formatMs(e.at))}</td>` +
    `<td><span class="verb v-${h(e.verb)}">${h(e.verb)}</span></td>` +
    `<td><span class="status ${statusClass(e.status)}">${h(statusLabel(e))}</span></td>` +
    `<td>${h(where.join(" "))}</td><td>${h(what)}</td>` +
    `<td><code class="target">${h(e.method)} ${h(urlTarget(e.url))}</code></td>` +
    `<td class="num">${h(formatMs(e.total ?? e.duration))}</td><td class="num">${h(formatBytes(e.size))}</td>` +
    `<td>${e.warnings?.length ? `${e.warnings.length}` : ""}</td>` +
    `<td class="agent">${e.agent >= 0 ? h(agents[e.agent]!) : ""}</td></tr>`
  );
}

/** The list for readers without JavaScript: every exchange, one table row each. */
function staticList(data: ReportMeta, rows: readonly ReportRow[]): string {
  return (
    `<noscript><table class="static-list"><caption>Every exchange, in the order requests started ` +
    `(the page lists them on a timeline, with filters, when JavaScript runs)</caption>` +
    `<thead><tr><th scope="col">#</th><th scope="col">start</th><th scope="col">verb</th>` +
    `<th scope="col">status</th><th scope="col">resource, namespace, name</th><th scope="col">kind</th>` +
    `<th scope="col">request</th><th scope="col">time</th><th scope="col">size</th>` +
    `<th scope="col">warnings</th><th scope="col">User-Agent</th></tr></thead><tbody>` +
    rows.map((e) => staticRow(e, data.agents)).join("") +
    `</tbody></table></noscript>`
  );
}

/**
 * The page's data as one JSON document (`ReportData`), from its parts: the exchanges come already written (each
 * by `scriptJson`), so none of them is kept as an object until the page is done. `exchanges` is the last key, so the
 * document is `head`, the exchanges' JSON joined by commas, and `]}`.
 */
function dataJsonHead(meta: ReportMeta): string {
  const head = scriptJson({ ...meta, exchanges: 0 });
  return `${head.slice(0, -"0}".length)}[`;
}

/**
 * The page around its exchanges' JSON: the whole page is `before`, the exchanges' JSON (each by `scriptJson`) joined
 * by commas, then `after`. Kept apart so that a page written to a file need never be one string (a long session's
 * page is tens of megabytes, and joining it copies all of it once more, and writing it once again to flatten it).
 */
export interface PageParts {
  before: string;
  after: string;
}

/**
 * The whole page: one HTML document with its style, script and data inline. Its Content-Security-Policy allows
 * nothing to be fetched and only its own script and style to run, so a hostile body cannot reach the network.
 */
export function renderPageParts(
  data: ReportMeta,
  rows: readonly ReportRow[],
  summary: ReportSummary,
): PageParts {
  const { script, style } = pageAssets();
  const csp = [
    "default-src 'none'",
    `script-src ${cspHash(script)}`,
    `style-src ${cspHash(style)}`,
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  const before =
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta http-equiv="Content-Security-Policy" content="${h(csp)}">` +
    `<meta name="referrer" content="no-referrer">` +
    `<meta name="generator" content="${h(data.generator)}">` +
    `<title>${h(data.title)}</title><style>${style}</style></head>\n<body>` +
    `<a class="skip" href="#exchanges">Skip to the exchanges</a>` +
    summaryHtml(data, summary) +
    `\n<main id="exchanges" aria-label="Exchanges"><div id="app"></div>${staticList(data, rows)}</main>\n` +
    `<footer><p>Made by ${h(data.generator)} from a cassette. Secret values, tokens and credentials were ` +
    `redacted before this page was made: they show as <span class="redacted">[redacted len=N hmac:&hellip;]</span> ` +
    `(the value's length and a short keyed digest, see SECURITY.md), or as <span class="redacted">&lt;masked&gt;</span> where kubectl's ` +
    `log held no more. The page loads nothing: everything it shows is in this file.</p></footer>\n` +
    `<script type="application/json" id="${DATA_ELEMENT_ID}">${dataJsonHead(data)}`;
  return { before, after: `]}</script>\n<script>${script}</script>\n</body></html>\n` };
}
