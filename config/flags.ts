// Command-line flags, the highest-precedence layer of the configuration (defaults < file < env < flags). Each
// command declares its flags once; `parseFlags` reads them with node:util parseArgs (strict) and turns every
// mistake into a one-line ConfigError, and `flagsHelp` renders the same declarations for --help.
import { parseArgs } from 'node:util';
import { ConfigError } from '../lib/core/errors.js';
import { LOG_FORMATS, LOG_LEVELS } from '../lib/log.js';

export interface FlagSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Placeholder for the value in help, e.g. `N` or `FILE`. */
  value?: string;
  help: string;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** Parsed flags: strings for string flags, true for boolean flags that were given. */
export type FlagValues<S extends FlagSpecs> = { [K in keyof S]?: S[K]['type'] extends 'boolean' ? true : string };

/** Flags every command takes. */
export const COMMON_FLAGS = {
  config: { type: 'string', value: 'FILE', help: 'config file (the same format as $CEX_CONFIG)' },
  'log-level': { type: 'string', value: 'LEVEL', help: `log.level: ${LOG_LEVELS.join(', ')}` },
  'log-format': { type: 'string', value: 'FORMAT', help: `log.format: ${LOG_FORMATS.join(', ')} (auto: pretty on a terminal, else JSON)` },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
} as const satisfies FlagSpecs;

/** Parses `argv` against `specs`; unknown flags, missing values and stray arguments throw a ConfigError. */
export function parseFlags<S extends FlagSpecs>(command: string, argv: readonly string[], specs: S): FlagValues<S> {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, spec] of Object.entries(specs)) options[name] = spec.short ? { type: spec.type, short: spec.short } : { type: spec.type };
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values as FlagValues<S>;
  } catch (error) {
    throw flagError(command, error);
  }
}

function flagError(command: string, error: unknown): ConfigError {
  const code = (error as { code?: unknown }).code;
  const text = error instanceof Error ? error.message : String(error);
  const option = /'(?:-\w, )?(--?[\w-]+)/.exec(text)?.[1] ?? '(argument)';
  const seeHelp = `(see ${command} --help)`;
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new ConfigError(option, 'known option', `unknown option ${option} ${seeHelp}`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(text)
        ? new ConfigError(option, 'no value', `${option} takes no value ${seeHelp}`)
        : new ConfigError(option, 'value required', `${option} needs a value ${seeHelp}`);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new ConfigError('(argument)', 'no arguments', `unexpected argument '${/'([^']*)'/.exec(text)?.[1] ?? ''}' ${seeHelp}`);
    default:
      return new ConfigError('(argument)', 'valid arguments', `${text.split('\n')[0] ?? text} ${seeHelp}`);
  }
}

/** The log flags as a configuration override (validated with the rest by the schema). */
export function logOverrides(values: { 'log-level'?: string; 'log-format'?: string }): { log?: Record<string, string> } {
  const log: Record<string, string> = {};
  if (values['log-level'] !== undefined) log.level = values['log-level'];
  if (values['log-format'] !== undefined) log.format = values['log-format'];
  return Object.keys(log).length > 0 ? { log } : {};
}

/** Help lines for `specs`: `  --name VALUE, -x   help`. */
export function flagsHelp(specs: FlagSpecs): string {
  const rows = Object.entries(specs).map(([name, spec]) => {
    const flag = `--${name}${spec.value ? ` ${spec.value}` : ''}${spec.short ? `, -${spec.short}` : ''}`;
    return [flag, spec.help] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  return rows.map(([flag, help]) => `  ${flag.padEnd(width)}${help}\n`).join('');
}
