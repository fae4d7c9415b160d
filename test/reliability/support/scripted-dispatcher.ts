import { Dispatcher } from "undici";

export interface Answer {
  status: number;
  headers: Record<string, string>;
  chunks: Buffer[];
  /** "error": the connection fails after the chunks. */
  ending: "end" | "error";
}

/** A controller as undici's handlers expect one: abort, pause and resume. */
class Controller implements Dispatcher.DispatchController {
  aborted = false;
  paused = false;
  reason: Error | null = null;
  #resume: (() => void) | undefined;
  abort(reason: Error) {
    this.aborted = true;
    this.reason = reason;
    this.#resume?.();
  }
  pause() {
    this.paused = true;
  }
  resume() {
    this.paused = false;
    this.#resume?.();
  }
  async whileAborted(): Promise<boolean> {
    while (this.paused && !this.aborted) await new Promise<void>((r) => (this.#resume = r));
    return this.aborted;
  }
}

/**
 * An in-process undici dispatcher for tests that need no sockets: every request gets `answer` (or what the
 * function makes of the request), delivered in its chunks through the handler, then an end or a connection error.
 */
export class ScriptedDispatcher extends Dispatcher {
  answer: Answer | ((opts: Dispatcher.DispatchOptions) => Answer) = {
    status: 200,
    headers: {},
    chunks: [],
    ending: "end",
  };

  override dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const answer = typeof this.answer === "function" ? this.answer(opts) : this.answer;
    const controller = new Controller();
    void (async () => {
      await Promise.resolve();
      handler.onRequestStart?.(controller, {});
      if (controller.aborted) return;
      handler.onResponseStart?.(controller, answer.status, answer.headers, "");
      for (const chunk of answer.chunks) {
        await Promise.resolve();
        if (await controller.whileAborted()) return;
        handler.onResponseData?.(controller, chunk);
      }
      await Promise.resolve();
      if (controller.aborted) return;
      if (answer.ending === "error")
        handler.onResponseError?.(
          controller,
          Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
        );
      else handler.onResponseEnd?.(controller, {});
    })();
    return true;
  }

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    if (callback) return void queueMicrotask(callback);
    return Promise.resolve();
  }
  override destroy(): Promise<void>;
  override destroy(err: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(err: Error | null, callback: () => void): void;
  override destroy(a?: Error | null | (() => void), b?: () => void): Promise<void> | void {
    const callback = typeof a === "function" ? a : b;
    if (callback) return void queueMicrotask(callback);
    return Promise.resolve();
  }
}
