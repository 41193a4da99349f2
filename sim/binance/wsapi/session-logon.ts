// `session.logon` state of one WebSocket API connection: the Ed25519 key it authenticated (one at a time; a
// new logon replaces it), which lets later signed requests leave out `apiKey` and `signature`, and the
// `session.logon` / `session.status` / `session.logout` answer (fixtures wsapi/session_*_response.json).
import type { SimAccount } from '../context.js';
import type { Payload } from '../streams/payloads.js';
import { verifyRequestTime, verifySignedParams, type Signer } from './auth.js';
import { wsApiErrors } from './errors.js';
import type { Params } from './requests.js';

export interface SessionFacts {
  connectedSince: number;
  returnRateLimits: boolean;
  serverTime: number;
  /** A `userDataStream.subscribe` subscription (the logged-on account's) is active. */
  userDataStream: boolean;
}

export class SessionLogon {
  private current: { signer: Signer; since: number } | undefined;

  get account(): SimAccount | undefined {
    return this.current?.signer.account;
  }

  /** Verifies a `session.logon` request and authenticates its key; Binance takes Ed25519 keys only. */
  logon(params: Params, accounts: ReadonlyMap<string, SimAccount>, serverTime: number): SimAccount {
    const signer = verifySignedParams(params, accounts, serverTime);
    if (signer.keyType !== 'ED25519') throw wsApiErrors.logonKeyType();
    this.current = { signer, since: serverTime };
    return signer.account;
  }

  logout(): void {
    this.current = undefined;
  }

  /**
   * The account a signed method runs for: the request's own `apiKey`/`signature` when it carries them (a
   * logged-on session may still sign a request with another key), else the logged-on key, whose requests
   * still carry `timestamp` and obey `recvWindow`.
   */
  caller(params: Params, accounts: ReadonlyMap<string, SimAccount>, serverTime: number): SimAccount {
    if (this.current === undefined || params.apiKey !== undefined || params.signature !== undefined) {
      return verifySignedParams(params, accounts, serverTime).account;
    }
    verifyRequestTime(params, serverTime);
    return this.current.signer.account;
  }

  status(facts: SessionFacts): Payload {
    return {
      apiKey: this.current?.signer.apiKey ?? null,
      authorizedSince: this.current?.since ?? null,
      connectedSince: facts.connectedSince,
      returnRateLimits: facts.returnRateLimits,
      serverTime: facts.serverTime,
      userDataStream: facts.userDataStream,
    };
  }
}
