import { bodyText } from "../record/exchange/body.js";
import type { Body } from "../record/exchange/exchange.js";

/**
 * The texts of one exchange's bodies, each made once. A JSON body loaded from a cassette holds its value; its text
 * is `JSON.stringify` of it (plus the final newline), which redaction scans and the page embeds: redaction reads it
 * through {@link BodyTexts.of} (redactExchangeReadingTexts), and the page takes the same string. The bodies
 * themselves are left as they are, so the readers that use the value (the kubectl view, the admission diff) get
 * it without a copy of the exchange that carries the text. Forgotten at {@link BodyTexts.clear}, before the next
 * exchange: only one exchange's texts live at a time.
 */
export class BodyTexts {
  readonly #texts = new Map<Body, string | undefined>();

  /** {@link bodyText} of `body`, made on the first call for it. */
  readonly of = (body: Body): string | undefined => {
    if (this.#texts.has(body)) return this.#texts.get(body);
    const text = bodyText(body);
    this.#texts.set(body, text);
    return text;
  };

  clear(): void {
    this.#texts.clear();
  }
}
