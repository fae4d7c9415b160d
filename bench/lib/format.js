// Sizes as the table and results.json state them.

/** @param {number} bytes */
export function mb(bytes) {
  return bytes < 1e5 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

/** @param {number} n @param {string} what @param {number} [bytes] */
export function dataOf(n, what, bytes) {
  return `${n.toLocaleString("en")} ${what}${bytes !== undefined ? `, ${mb(bytes)}` : ""}`;
}
