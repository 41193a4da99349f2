// An OKX request that got no answer -> OutcomeUnknownError ('timeout' or 'transport'), as for Binance: only the
// error's name and code are read (a fetch message may quote the URL; OKX's headers carry the key, passphrase and
// signature, which no transport error here keeps).
import { type ExchangeErrorDetails, OutcomeUnknownError } from '../../core/errors.js';
import { mapTransportError as binanceTransportError } from '../binance/error-map.js';
import { EXCHANGE } from './constants.js';

export function mapTransportError(error: unknown): OutcomeUnknownError {
  const mapped = binanceTransportError(error);
  const details: ExchangeErrorDetails = { exchange: EXCHANGE, exchangeCode: undefined, exchangeMessage: undefined, httpStatus: undefined };
  return new OutcomeUnknownError(mapped.reason, details, mapped.transportCode);
}
