/**
 * A line an author put where they cut lines out of a log: `...`, `…`, `[...]`, `<snip>`, `(truncated)`, `# ...`,
 * `--- 8< ---`, `... 40 more lines ...`, possibly behind the paste's quote markers or indentation.
 */
const ELISION =
  /^[\s>#|/*-]*(?:\.{3,}|…+|[[(<{]\s*(?:\.{3,}|…|snip(?:ped)?|cut|trimmed|truncated|omitted|elided)[^\])>}]*[\])>}]|-*\s*(?:snip|cut here|8<|>8)\s*-*|(?:\.{3}|…)\s*\(?(?:\d+ )?(?:more |other )?lines?\b.*|(?:\d+ )?(?:lines? )?(?:omitted|trimmed|snipped)\b.*)\s*$/i;

/** kubectl's own mark of a body it cut, which a wrapped line may begin with: not an author's. */
const KUBECTL_TRUNCATION = /\[truncated \d+ chars\]/;

export function isElisionMarker(line: string): boolean {
  return line.length < 120 && ELISION.test(line) && !KUBECTL_TRUNCATION.test(line);
}
