/**
 * github.com/fvbommel/sortorder v1.1.0 `NaturalLess`, which kubectl 1.27–1.30 sort `--sort-by` strings with
 * (1.31 compares bytes): runs of ASCII digits compare as numbers (`a9` < `a10`, fewer leading zeros first), and
 * come before other bytes; everything else compares byte by byte in UTF-8.
 */
export function naturalLess(a: string, b: string): boolean {
  // Go strings from JSON hold no lone surrogates (U+FFFD instead), which Buffer.from writes as well.
  const s1 = Buffer.from(a, "utf8");
  const s2 = Buffer.from(b, "utf8");
  const isDigit = (c: number | undefined) => c !== undefined && c >= 48 && c <= 57;
  let i1 = 0;
  let i2 = 0;
  while (i1 < s1.length && i2 < s2.length) {
    const c1 = s1[i1]!;
    const c2 = s2[i2]!;
    const d1 = isDigit(c1);
    const d2 = isDigit(c2);
    if (d1 !== d2) return d1;
    if (!d1) {
      if (c1 !== c2) return c1 < c2;
      i1++;
      i2++;
      continue;
    }
    while (i1 < s1.length && s1[i1] === 48) i1++;
    while (i2 < s2.length && s2[i2] === 48) i2++;
    const nz1 = i1;
    const nz2 = i2;
    while (i1 < s1.length && isDigit(s1[i1])) i1++;
    while (i2 < s2.length && isDigit(s2[i2])) i2++;
    if (i1 - nz1 !== i2 - nz2) return i1 - nz1 < i2 - nz2;
    const n1 = s1.subarray(nz1, i1).toString("latin1");
    const n2 = s2.subarray(nz2, i2).toString("latin1");
    if (n1 !== n2) return n1 < n2;
    if (nz1 !== nz2) return nz1 < nz2;
  }
  return s1.length < s2.length;
}
