/**
 * One line of progress on a terminal's stderr, rewritten in place and erased when done. Nothing at all when stderr
 * is not a terminal, so logs and pipes stay clean.
 */
export function createProgressLine(out: { write(chunk: string): unknown; isTTY?: boolean }): {
  update(text: string): void;
  done(): void;
} {
  let shown = false;
  if (out.isTTY !== true) return { update: () => undefined, done: () => undefined };
  return {
    update(text) {
      out.write(`\r\u001b[K${text}`);
      shown = true;
    },
    done() {
      if (shown) out.write("\r\u001b[K");
      shown = false;
    },
  };
}
