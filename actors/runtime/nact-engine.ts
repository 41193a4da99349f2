// The only file that touches nact. nact gives us a serial FIFO mailbox per actor (one message per
// setImmediate tick, async handlers awaited). Every nact actor is spawned flat under the nact system
// (depth 1): nact copies a parent's children Map on every message to that parent (actors.md 1.7 bug
// 9) and its recursive stop leaves zombies (bug 1), so the supervision tree lives in our own objects.
import { dispatch as nactDispatch, spawn as nactSpawn, start as nactStart, stop as nactStop } from 'nact';
import type { Ref } from 'nact';

export type MailboxHandler<T> = (message: T) => void | Promise<void>;

export interface Mailbox<T> {
  post(message: T): void;
  close(): void;
}

export class NactEngine {
  private readonly system: Ref<never>;
  private nextName = 0;
  private stopped = false;

  constructor() {
    this.system = nactStart();
  }

  /** A serial mailbox running `handler` for each posted message, one at a time, in order. */
  mailbox<T>(handler: MailboxHandler<T>): Mailbox<T> {
    // Our own counter: nact's anonymous names are random 31-bit numbers and can collide (bug 6).
    const name = `a${(this.nextName++).toString(36)}`;
    const ref = nactSpawn(this.system, async (_state: undefined, message: T) => {
      await handler(message);
      return undefined;
    }, name, {
      // Our handlers never throw (the cell catches everything); resume keeps the mailbox going if one ever does.
      onCrash: (_msg, _err, ctx) => ctx.resume,
    });
    return {
      post: (message: T) => nactDispatch(ref, message),
      close: () => nactStop(ref),
    };
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    nactStop(this.system);
  }
}
