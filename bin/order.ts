// `cex-actors order place|cancel|get|open|balances`: one-shot trading through a user's session actor
// (REST only: works against a server without a WebSocket API). Credentials from CEX_API_KEY and
// CEX_API_SECRET (or exchanges.binance.credentials from the environment); endpoints from --rest-url or
// the configuration. Prints the result as JSON (the exchange's status names, Decimals as strings). A
// refused order is one line naming the rule and exit code 2, and nothing is sent.
import { COMMON_FLAGS, flagsHelp, logOverrides, parseFlags, type FlagSpecs } from '../config/flags.js';
import { loadConfig } from '../config/index.js';
import { PubSub } from '../actors/pubsub.js';
import { startActorSystem } from '../actors/runtime/index.js';
import { startTrading } from '../actors/trading/trading.js';
import { Decimal } from '../lib/core/decimal.js';
import { ConfigError, InvalidOrderError, UnknownSymbolError } from '../lib/core/errors.js';
import { binanceSpotTrading } from '../lib/exchanges/binance/trading-codec.js';
import { configureLogger } from '../lib/log.js';
import type { OrderRequest } from '../lib/models/trading.js';

const ACTIONS = ['place', 'cancel', 'get', 'open', 'balances'] as const;
type Action = (typeof ACTIONS)[number];

export const ORDER_FLAGS = {
  symbol: { type: 'string', value: 'SYMBOL', help: 'unified symbol, e.g. BTC/USDT' },
  side: { type: 'string', value: 'SIDE', help: 'buy|sell (place)' },
  type: { type: 'string', value: 'TYPE', help: 'limit|market|limit_maker (place)' },
  price: { type: 'string', value: 'P', help: 'limit price (exact decimal)' },
  quantity: { type: 'string', value: 'Q', help: 'base quantity (exact decimal)' },
  'quote-quantity': { type: 'string', value: 'Q', help: 'market order by quote amount' },
  'time-in-force': { type: 'string', value: 'TIF', help: 'GTC|IOC|FOK (limit; default GTC)' },
  'client-order-id': { type: 'string', value: 'ID', help: 'idempotency key (place), or the order to cancel/get' },
  'order-id': { type: 'string', value: 'ID', help: "the exchange's order id (cancel/get)" },
  exchange: { type: 'string', value: 'NAME', help: 'binance (the default and, for now, the only one)' },
  'rest-url': { type: 'string', value: 'URL', help: 'REST base URL (default: exchanges.binance.restUrl)' },
  'ws-api-url': { type: 'string', value: 'URL', help: 'WebSocket API URL (accepted; one-shot commands use REST only)' },
  ...COMMON_FLAGS,
} as const satisfies FlagSpecs;

export const ORDER_USAGE = `Usage: cex-actors order place|cancel|get|open|balances [options]

  place     --symbol S --side buy|sell --type limit|market|limit_maker [--price P] [--quantity Q]
            [--quote-quantity Q] [--time-in-force GTC|IOC|FOK] [--client-order-id ID]
  cancel    --symbol S (--order-id ID | --client-order-id ID)
  get       --symbol S (--order-id ID | --client-order-id ID)
  open      [--symbol S]
  balances

Credentials: CEX_API_KEY and CEX_API_SECRET (or CEX_BINANCE_API_KEY/SECRET). Prints JSON. A refused order
(a filter, an unknown symbol, a bad flag) is one line on stderr and exit code 2, and nothing is sent.

Options:
${flagsHelp(ORDER_FLAGS)}`;

export async function runOrder(argv: string[], env: Readonly<Record<string, string | undefined>> = process.env): Promise<void> {
  const [action, ...rest] = argv;
  if (action === undefined || action === '--help' || action === '-h') {
    process.stdout.write(ORDER_USAGE);
    return;
  }
  if (!(ACTIONS as readonly string[]).includes(action)) throw new ConfigError('(action)', 'known action', `unknown order action '${action}' (place, cancel, get, open, balances)`);
  const values = parseFlags('cex-actors order', rest, ORDER_FLAGS);
  if (values.help) {
    process.stdout.write(ORDER_USAGE);
    return;
  }
  if ((values.exchange ?? 'binance') !== 'binance') throw new ConfigError('--exchange', 'supported exchange', `--exchange '${values.exchange}' is not supported (binance is)`);
  const config = loadConfig({ file: values.config, env, overrides: logOverrides(values) });
  configureLogger(config.log);
  const apiKey = env.CEX_API_KEY ?? config.exchanges.binance.credentials?.apiKey;
  const apiSecret = env.CEX_API_SECRET ?? config.exchanges.binance.credentials?.apiSecret;
  if (!apiKey || !apiSecret) throw new ConfigError('CEX_API_KEY', 'required', 'CEX_API_KEY and CEX_API_SECRET must be set');
  const restUrl = values['rest-url'] ?? config.exchanges.binance.restUrl;

  const system = await startActorSystem({ name: 'order' });
  const pubsub = new PubSub();
  try {
    const trading = await startTrading(system.root, pubsub, {
      codec: binanceSpotTrading,
      restUrl,
      wsApiUrl: values['ws-api-url'] ?? config.exchanges.binance.wsApiUrl,
      recvWindowMs: config.exchanges.binance.recvWindowMs,
    });
    const user = await trading.startUser({ id: 'cli', credentials: { apiKey, apiSecret }, userStream: false });
    const result = await perform(action as Action, values, (symbol) => trading.symbols.info(symbol), user);
    process.stdout.write(`${JSON.stringify(result, jsonDecimals)}\n`);
  } catch (error) {
    // A refused order is bad input: exit 2 like any other usage error.
    if (error instanceof InvalidOrderError) throw new ConfigError(error.field, error.rule, error.message);
    if (error instanceof UnknownSymbolError) throw new ConfigError('--symbol', 'listed symbol', error.message);
    throw error;
  } finally {
    await system.stop();
    await pubsub.stop();
  }
}

type Values = ReturnType<typeof parseFlags<typeof ORDER_FLAGS>>;
type User = Awaited<ReturnType<Awaited<ReturnType<typeof startTrading>>['startUser']>>;

async function perform(action: Action, v: Values, check: (symbol: string) => unknown, user: User): Promise<unknown> {
  const symbol = (): string => {
    if (!v.symbol) throw new ConfigError('--symbol', 'required', `--symbol is required for '${action}'`);
    check(v.symbol);
    return v.symbol;
  };
  const which = (): { symbol: string } & ({ orderId: string } | { clientOrderId: string }) => {
    if (v['order-id']) return { symbol: symbol(), orderId: v['order-id'] };
    if (v['client-order-id']) return { symbol: symbol(), clientOrderId: v['client-order-id'] };
    throw new ConfigError('--order-id', 'required', `'${action}' needs --order-id or --client-order-id`);
  };
  switch (action) {
    case 'place': {
      const side = oneOf(v.side, '--side', ['buy', 'sell'] as const);
      const type = oneOf(v.type, '--type', ['limit', 'market', 'limit_maker'] as const);
      const request: OrderRequest = {
        symbol: symbol(),
        side,
        type,
        ...(v.price !== undefined ? { price: v.price } : {}),
        ...(v.quantity !== undefined ? { quantity: v.quantity } : {}),
        ...(v['quote-quantity'] !== undefined ? { quoteQuantity: v['quote-quantity'] } : {}),
        ...(v['time-in-force'] !== undefined ? { timeInForce: oneOf(v['time-in-force'], '--time-in-force', ['GTC', 'IOC', 'FOK'] as const) } : {}),
        ...(v['client-order-id'] !== undefined ? { clientOrderId: v['client-order-id'] } : {}),
      };
      return user.placeOrder(request);
    }
    case 'cancel':
      return user.cancelOrder(which());
    case 'get':
      return user.getOrder(which());
    case 'open':
      return user.openOrders(v.symbol === undefined ? undefined : symbol());
    case 'balances':
      return user.balances();
    default: {
      const never: never = action;
      return never;
    }
  }
}

function oneOf<T extends string>(value: string | undefined, flag: string, allowed: readonly T[]): T {
  if (value === undefined) throw new ConfigError(flag, 'required', `${flag} is required (${allowed.join('|')})`);
  if (!(allowed as readonly string[]).includes(value)) throw new ConfigError(flag, 'one of', `${flag} must be one of ${allowed.join(', ')}, got '${value}'`);
  return value as T;
}

function jsonDecimals(_key: string, value: unknown): unknown {
  return value instanceof Decimal ? value.toString() : value;
}
