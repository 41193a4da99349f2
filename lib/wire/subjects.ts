// Topic <-> subject mapping of the remote adapters (NATS subjects, Redis channels): `depth:binance:BTC/USDT` is
// `cex.depth.binance.BTC_USDT`. A subject token may not hold '.', '*', '>' or whitespace, so every part is encoded
// reversibly: letters, digits and '-' stay, '/' becomes '_', any other byte is `=XX` (hex of its UTF-8 bytes).
import { WireFormatError } from './errors.js';

/** Channels whose events must not be lost (JetStream on NATS). */
export const PRIVATE_CHANNELS = ['orders', 'fills', 'balances', 'positions'] as const;
/** Channels mapped to `<prefix>.<channel>.<exchange>.<symbol>`. */
const MARKET_CHANNELS = new Set(['trades', 'ticker', 'bookTicker', 'depth', 'book', 'markPrice', 'liquidations']);
/** Topics of no known shape travel under `<prefix>._.<encoded topic>`. */
const OTHER = '_';

const SAFE = /^[A-Za-z0-9-]$/;
const TOKEN = /^(?:[A-Za-z0-9_-]|=[0-9A-F]{2})+$/;
const PREFIX = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;

/** One subject-safe token for `text` (non-empty); `decodeToken` reverses it. */
export function encodeToken(text: string): string {
  if (text.length === 0) throw new WireFormatError('token', 'must not be empty');
  let out = '';
  for (const char of text) {
    if (SAFE.test(char)) out += char;
    else if (char === '/') out += '_';
    else for (const byte of Buffer.from(char, 'utf8')) out += `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function decodeToken(token: string): string {
  if (!TOKEN.test(token)) throw new WireFormatError('token', `not an encoded token: ${JSON.stringify(token.slice(0, 60))}`);
  const bytes: number[] = [];
  for (let i = 0; i < token.length; i++) {
    const char = token[i]!;
    if (char === '=') {
      bytes.push(parseInt(token.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push((char === '_' ? '/' : char).charCodeAt(0));
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    throw new WireFormatError('token', 'does not decode to UTF-8 text');
  }
}

/** True for a subject prefix of one or more safe tokens (`cex`, `prod.cex`). */
export function isSubjectPrefix(prefix: string): boolean {
  return PREFIX.test(prefix);
}

export function isPrivateTopic(topic: string): boolean {
  const channel = topic.slice(0, topic.indexOf(':'));
  return (PRIVATE_CHANNELS as readonly string[]).includes(channel);
}

/**
 * The subject of `topic` under `prefix`: market topics `<p>.<channel>.<exchange>.<symbol>`, `status:<x>` and
 * private topics `<p>.<channel>.<id>`, anything else `<p>._.<topic>`, each part encoded.
 */
export function topicToSubject(prefix: string, topic: string): string {
  const parts = topic.split(':');
  const channel = parts[0] ?? '';
  if (MARKET_CHANNELS.has(channel) && parts.length >= 3 && parts[1] !== '' && parts.slice(2).join(':') !== '') {
    return `${prefix}.${channel}.${encodeToken(parts[1]!)}.${encodeToken(parts.slice(2).join(':'))}`;
  }
  if ((channel === 'status' || (PRIVATE_CHANNELS as readonly string[]).includes(channel)) && parts.length >= 2 && topic.length > channel.length + 1) {
    return `${prefix}.${channel}.${encodeToken(topic.slice(channel.length + 1))}`;
  }
  return `${prefix}.${OTHER}.${encodeToken(topic)}`;
}

/** The inverse of topicToSubject; throws WireFormatError for a subject it did not make. */
export function subjectToTopic(prefix: string, subject: string): string {
  if (!subject.startsWith(`${prefix}.`)) throw new WireFormatError('subject', `not under prefix ${prefix}`);
  const tokens = subject.slice(prefix.length + 1).split('.');
  const [channel, first, second] = tokens;
  if (channel === OTHER && tokens.length === 2) return decodeToken(first!);
  if (channel !== undefined && MARKET_CHANNELS.has(channel) && tokens.length === 3) return `${channel}:${decodeToken(first!)}:${decodeToken(second!)}`;
  if (channel !== undefined && (channel === 'status' || (PRIVATE_CHANNELS as readonly string[]).includes(channel)) && tokens.length === 2) {
    return `${channel}:${decodeToken(first!)}`;
  }
  throw new WireFormatError('subject', `not a topic subject: ${JSON.stringify(subject.slice(0, 80))}`);
}
