// Validation and defaults for child specs and supervisor specs: bad input gets an InvalidSpecError
// naming the field and the rule, before anything starts.
import { InvalidSpecError } from './errors.js';
import type {
  ActorDef,
  AutoShutdown,
  BackoffOptions,
  ChildSpec,
  RestartType,
  Shutdown,
  StashPolicy,
  Strategy,
  SupervisorOptions,
  SupervisorSpec,
} from './types.js';

export const DEFAULT_INTENSITY = 1;
export const DEFAULT_PERIOD_MS = 5000;
export const DEFAULT_WORKER_SHUTDOWN_MS = 5000;
export const DEFAULT_STASH: StashPolicy = { capacity: 10_000 };
const MAX_TIMER_MS = 2_147_483_647; // setTimeout wraps above 2^31-1 ms (nact bug 10): reject instead.

export interface NormalizedSupervisorOptions {
  readonly strategy: Strategy;
  readonly intensity: number;
  readonly periodMs: number;
  readonly backoff: BackoffOptions | undefined;
  readonly stash: StashPolicy;
  readonly autoShutdown: AutoShutdown;
}

export interface NormalizedSupervisorSpec extends NormalizedSupervisorOptions {
  readonly children: readonly NormalizedChildSpec[];
}

export type NormalizedChildSpec =
  | (ChildBase & { readonly kind: 'worker'; readonly def: ActorDef<unknown, unknown> })
  | (ChildBase & { readonly kind: 'supervisor'; readonly sup: NormalizedSupervisorSpec });

interface ChildBase {
  readonly id: string;
  readonly restart: RestartType;
  readonly shutdown: Shutdown;
  readonly significant: boolean;
}

const STRATEGIES: readonly Strategy[] = ['oneForOne', 'oneForAll', 'restForOne'];
const RESTARTS: readonly RestartType[] = ['permanent', 'transient', 'temporary'];
const AUTO_SHUTDOWNS: readonly AutoShutdown[] = ['never', 'anySignificant', 'allSignificant'];

export function isSupervisorSpec(start: ChildSpec['start']): start is SupervisorSpec {
  return typeof start === 'object' && start !== null && 'strategy' in start && 'children' in start;
}

export function normalizeSupervisorOptions(options: SupervisorOptions, field: string): NormalizedSupervisorOptions {
  if (typeof options !== 'object' || options === null) throw new InvalidSpecError(field, 'must be an object');
  const { strategy, backoff } = options;
  if (!STRATEGIES.includes(strategy)) throw new InvalidSpecError(`${field}.strategy`, `must be one of ${STRATEGIES.join(', ')}`);
  if (backoff !== undefined) checkBackoff(backoff, `${field}.backoff`);
  // With backoff, pacing comes from the delays and maxRestartsInARow; a 1-in-5s limit would cut it short.
  const intensity = options.intensity ?? (backoff ? Number.POSITIVE_INFINITY : DEFAULT_INTENSITY);
  if (!(Number.isInteger(intensity) && intensity >= 0) && intensity !== Number.POSITIVE_INFINITY) {
    throw new InvalidSpecError(`${field}.intensity`, 'must be an integer >= 0 (or Infinity)');
  }
  const periodMs = options.periodMs ?? DEFAULT_PERIOD_MS;
  checkMs(periodMs, `${field}.periodMs`, 1);
  const stash = options.stash ?? DEFAULT_STASH;
  if (stash !== 'deadLetter' && !(typeof stash === 'object' && stash !== null && Number.isInteger(stash.capacity) && stash.capacity >= 0)) {
    throw new InvalidSpecError(`${field}.stash`, "must be 'deadLetter' or { capacity: integer >= 0 }");
  }
  const autoShutdown = options.autoShutdown ?? 'never';
  if (!AUTO_SHUTDOWNS.includes(autoShutdown)) throw new InvalidSpecError(`${field}.autoShutdown`, `must be one of ${AUTO_SHUTDOWNS.join(', ')}`);
  return { strategy, intensity, periodMs, backoff, stash, autoShutdown };
}

export function normalizeSupervisorSpec(spec: SupervisorSpec, field: string): NormalizedSupervisorSpec {
  const options = normalizeSupervisorOptions(spec, field);
  if (!Array.isArray(spec.children)) throw new InvalidSpecError(`${field}.children`, 'must be an array of child specs');
  const seen = new Set<string>();
  const children = spec.children.map((child, i) => {
    const normalized = normalizeChildSpec(child, `${field}.children[${i}]`, options.autoShutdown);
    if (seen.has(normalized.id)) throw new InvalidSpecError(`${field}.children[${i}].id`, `duplicate id '${normalized.id}'`);
    seen.add(normalized.id);
    return normalized;
  });
  return { ...options, children };
}

export function normalizeChildSpec(spec: ChildSpec<unknown>, field: string, autoShutdown: AutoShutdown): NormalizedChildSpec {
  if (typeof spec !== 'object' || spec === null) throw new InvalidSpecError(field, 'must be an object');
  const { id, start } = spec;
  if (typeof id !== 'string' || id.length === 0 || id.includes('/')) {
    throw new InvalidSpecError(`${field}.id`, "must be a non-empty string without '/'");
  }
  const restart = spec.restart ?? 'permanent';
  if (!RESTARTS.includes(restart)) throw new InvalidSpecError(`${field}.restart`, `must be one of ${RESTARTS.join(', ')}`);
  const significant = spec.significant ?? false;
  if (typeof significant !== 'boolean') throw new InvalidSpecError(`${field}.significant`, 'must be a boolean');
  if (significant && restart === 'permanent') {
    throw new InvalidSpecError(`${field}.significant`, 'only transient or temporary children can be significant');
  }
  if (significant && autoShutdown === 'never') {
    throw new InvalidSpecError(`${field}.significant`, "needs a supervisor with autoShutdown other than 'never'");
  }
  const base = { id, restart, significant };
  if (isSupervisorSpec(start)) {
    const shutdown = spec.shutdown ?? 'infinity';
    checkShutdown(shutdown, `${field}.shutdown`);
    return { ...base, shutdown, kind: 'supervisor', sup: normalizeSupervisorSpec(start, `${field}.start`) };
  }
  if (typeof start !== 'object' || start === null || typeof start.init !== 'function' || typeof start.receive !== 'function') {
    throw new InvalidSpecError(`${field}.start`, 'must be an actor definition { init, receive } or a supervisor spec { strategy, children }');
  }
  const shutdown = spec.shutdown ?? DEFAULT_WORKER_SHUTDOWN_MS;
  checkShutdown(shutdown, `${field}.shutdown`);
  return { ...base, shutdown, kind: 'worker', def: start };
}

function checkShutdown(shutdown: Shutdown, field: string): void {
  if (shutdown === 'brutal' || shutdown === 'infinity') return;
  checkMs(shutdown, field, 0, "or 'brutal' or 'infinity'");
}

function checkMs(value: unknown, field: string, min: number, extra = ''): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > MAX_TIMER_MS) {
    throw new InvalidSpecError(field, `must be an integer number of ms in [${min}, ${MAX_TIMER_MS}]${extra ? ` ${extra}` : ''}`);
  }
}

function checkBackoff(backoff: BackoffOptions, field: string): void {
  if (typeof backoff !== 'object' || backoff === null) throw new InvalidSpecError(field, 'must be an object');
  checkMs(backoff.minMs, `${field}.minMs`, 0);
  checkMs(backoff.maxMs, `${field}.maxMs`, backoff.minMs);
  const { randomFactor, resetAfterMs, maxRestartsInARow } = backoff;
  if (randomFactor !== undefined && !(typeof randomFactor === 'number' && randomFactor >= 0 && randomFactor <= 1)) {
    throw new InvalidSpecError(`${field}.randomFactor`, 'must be a number in [0, 1]');
  }
  if (resetAfterMs !== undefined) checkMs(resetAfterMs, `${field}.resetAfterMs`, 0);
  if (maxRestartsInARow !== undefined && !(Number.isInteger(maxRestartsInARow) && maxRestartsInARow >= 0)) {
    throw new InvalidSpecError(`${field}.maxRestartsInARow`, 'must be an integer >= 0');
  }
}
