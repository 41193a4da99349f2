// What every cell of one actor system shares: the nact engine, dead letters, runtime events, logger.
import { childLogger, type Logger } from '../../lib/log.js';
import { EventSource } from './event-source.js';
import { NactEngine } from './nact-engine.js';
import type { RefImpl } from './refs.js';
import type { ChildStatus, DeadLetter, ExitReason, Receipt, ReceiptOutcome, RuntimeEvent, Shutdown, StashPolicy } from './types.js';

export class SystemCore {
  readonly log: Logger = childLogger('runtime');
  readonly engine = new NactEngine();
  readonly deadLetters: EventSource<DeadLetter>;
  readonly events: EventSource<RuntimeEvent>;

  constructor(
    readonly name: string,
    readonly random: () => number = Math.random,
  ) {
    this.deadLetters = new EventSource(this.log, 'dead-letter');
    this.events = new EventSource(this.log, 'runtime-event');
  }

  deadLetter(recipient: RefImpl, message: unknown, sender: RefImpl | undefined, reason: DeadLetter['reason'], receipt?: Receipt): void {
    if (this.deadLetters.size === 0) this.log.debug('dead letter', { path: recipient.path, reason });
    else this.deadLetters.emit({ path: recipient.path, message, sender: sender?.path, reason });
    if (receipt !== undefined) this.settleReceipt(recipient, receipt, 'dropped');
  }

  /** Calls a sender's receipt; its throw is the sender's bug and must not break the recipient. */
  settleReceipt(recipient: RefImpl, receipt: Receipt, outcome: ReceiptOutcome): void {
    try {
      receipt(outcome);
    } catch (error) {
      this.log.error('delivery receipt threw', { path: recipient.path, outcome, error });
    }
  }

  emit(event: RuntimeEvent): void {
    this.events.emit(event);
  }
}

/** A supervised child, worker or supervisor, as its supervisor drives it. */
export interface ChildCell {
  readonly ref: RefImpl;
  readonly kind: 'worker' | 'supervisor';
  readonly alive: boolean;
  /** Which incarnation runs now (a restart makes the next): stale exit signals are ignored by it. */
  readonly incarnation: number;
  /** First start. On failure the cell is dead and the init error is thrown. */
  start(): Promise<void>;
  /**
   * End the current incarnation so that it can be restarted in place (same ref, mailbox kept).
   * `cause` is the crash error (hook onRestart) or the reason passed to onStop.
   */
  suspendForRestart(cause: RestartCause, shutdown: Shutdown): Promise<void>;
  /** Start a new incarnation in place. On failure the cell stays suspended and the error is returned. */
  restart(): Promise<{ ok: true } | { ok: false; error: unknown }>;
  /** Stop for good (monitors get Down). Resolves once nothing of it runs any more. */
  stop(reason: ExitReason, shutdown: Shutdown): Promise<void>;
  /** Stop now, no hooks, for a forced shutdown. */
  kill(): void;
  status(): ChildStatus;
}

export type RestartCause = { readonly type: 'crash'; readonly error: unknown } | { readonly type: 'stop'; readonly reason: ExitReason };

/** What a supervisor offers its children's cells. */
export interface CellHost {
  readonly core: SystemCore;
  readonly ref: RefImpl;
  /** A child reports that its incarnation `incarnation` ended by itself (crash or normal exit). */
  childExited(cell: ChildCell, reason: ExitReason, incarnation: number): void;
  stashPolicy(): StashPolicy;
}
