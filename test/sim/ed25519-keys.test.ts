// Ed25519 API keys of the simulator's accounts: the seeded demo key pair, a configured public key, and REST
// signed endpoints verifying Ed25519 signatures (base64, percent-encoded in the query).
import { generateKeyPairSync, sign } from 'node:crypto';
import { expect } from 'chai';
import { ConfigError } from '../../lib/core/errors.js';
import { verifyRequestSignature } from '../../sim/binance/api-keys.js';
import type { SimAccount } from '../../sim/binance/context.js';
import { ed25519KeyPairFromSeed } from '../../sim/binance/ed25519-keys.js';
import { parseSimConfig, startSimulator, type RunningSimulator } from '../../sim/index.js';
import { qs, TestRestClient } from './rest-test-client.js';

type Obj = Record<string, unknown>;

const base64Signature = (privateKeyPem: string, payload: string): string => sign(null, Buffer.from(payload), privateKeyPem).toString('base64');

describe('Ed25519 API keys', () => {
  describe('ed25519KeyPairFromSeed', () => {
    it('makes the same PEM pair from the same 32 bytes, another from other bytes', () => {
      const a = ed25519KeyPairFromSeed(Buffer.alloc(32, 1));
      expect(ed25519KeyPairFromSeed(Buffer.alloc(32, 1))).to.deep.equal(a);
      expect(ed25519KeyPairFromSeed(Buffer.alloc(32, 2)).publicKey).to.not.equal(a.publicKey);
      expect(a.publicKey).to.match(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=]{60}\n-----END PUBLIC KEY-----\n$/);
      expect(a.privateKey).to.match(/^-----BEGIN PRIVATE KEY-----\n/);
    });

    it('matches RFC 8032 test vector 1 (the seed is the private key)', () => {
      const seed = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
      const publicDer = Buffer.from(ed25519KeyPairFromSeed(seed).publicKey.replace(/-----[A-Z ]+-----|\n/g, ''), 'base64');
      expect(publicDer.subarray(-32).toString('hex')).to.equal('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    });

    it('refuses a seed that is not 32 bytes', () => {
      expect(() => ed25519KeyPairFromSeed(Buffer.alloc(31))).to.throw(RangeError);
    });
  });

  describe('verifyRequestSignature', () => {
    const pair = ed25519KeyPairFromSeed(Buffer.alloc(32, 9));
    const account: SimAccount = { name: 'x', apiKey: 'hmacKey0123456789', apiSecret: 'secret0123456789', ed25519: { apiKey: 'edKey0123456789ab', publicKey: pair.publicKey } };

    it('accepts the Ed25519 signature of the payload under the Ed25519 key only', () => {
      const signature = base64Signature(pair.privateKey, 'a=1&b=2');
      expect(verifyRequestSignature(account, 'edKey0123456789ab', 'a=1&b=2', signature)).to.equal(true);
      expect(verifyRequestSignature(account, 'edKey0123456789ab', 'a=1&b=3', signature)).to.equal(false);
      expect(verifyRequestSignature(account, 'hmacKey0123456789', 'a=1&b=2', signature)).to.equal(false);
      expect(verifyRequestSignature(account, 'someoneElse012345', 'a=1&b=2', signature)).to.equal(false);
    });

    it('refuses a signature that is not 64 bytes of base64 without throwing', () => {
      for (const bad of ['', 'abc', 'A'.repeat(88), `${'A'.repeat(86)}=`, '%%%']) {
        expect(verifyRequestSignature(account, 'edKey0123456789ab', 'a=1', bad), bad).to.equal(false);
      }
    });
  });

  describe('configuration', () => {
    it('gives every account a seed-stable demo key pair and its own API key', async () => {
      const first = await startSimulator({ bots: false, seed: 3 });
      const again = await startSimulator({ bots: false, seed: 3 });
      const other = await startSimulator({ bots: false, seed: 4 });
      try {
        const key = first.accounts[0]!.ed25519!;
        expect(again.accounts[0]!.ed25519).to.deep.equal(key);
        expect(other.accounts[0]!.ed25519!.publicKey).to.not.equal(key.publicKey);
        expect(first.accounts[1]!.ed25519!.publicKey).to.not.equal(key.publicKey);
        expect(key.apiKey).to.match(/^[A-Za-z0-9]{64}$/).and.not.equal(first.accounts[0]!.apiKey);
      } finally {
        await Promise.all([first.stop(), again.stop(), other.stop()]);
      }
    });

    it('takes a configured public key and API key (no private key is known then)', async () => {
      const { publicKey } = generateKeyPairSync('ed25519');
      const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const sim = await startSimulator({ bots: false, accounts: [{ name: 'dan', balances: { BTC: '1' }, ed25519PublicKey: pem, ed25519ApiKey: 'danEd25519Key0123456' }] });
      try {
        expect(sim.accounts[0]!.ed25519).to.deep.equal({ apiKey: 'danEd25519Key0123456', publicKey: pem });
      } finally {
        await sim.stop();
      }
    });

    it('refuses a public key that is not Ed25519 with a ConfigError naming the key path', () => {
      const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
      for (const bad of [rsa, 'not a key']) {
        expect(() => parseSimConfig({ accounts: [{ name: 'e', balances: {}, ed25519PublicKey: bad }] }))
          .to.throw(ConfigError)
          .with.property('message')
          .that.matches(/accounts\.0\.ed25519PublicKey: must be an Ed25519 public key/);
      }
    });
  });

  describe('REST signed endpoints', () => {
    let sim: RunningSimulator;
    let alice: SimAccount;

    /** A signed REST request with the Ed25519 key: base64 signature, percent-encoded. */
    function ed25519Request(method: string, path: string, params: Record<string, string | number>): Promise<{ status: number; body: Obj }> {
      const key = alice.ed25519!;
      const payload = qs({ ...params, timestamp: Date.now() });
      const signature = base64Signature(key.privateKey!, payload);
      const client = new TestRestClient(sim.rest);
      return client.raw<Obj>(method, `${path}?${payload}&signature=${encodeURIComponent(signature)}`, { headers: { 'X-MBX-APIKEY': key.apiKey } });
    }

    beforeEach(async () => {
      sim = await startSimulator({ bots: false, seed: 8 });
      alice = sim.accounts[0]!;
    });

    afterEach(() => sim.stop());

    it('accepts an Ed25519 signature and trades for the key holder', async () => {
      const placed = await ed25519Request('POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '60000.00', quantity: '0.01000', newClientOrderId: 'rest-ed' });
      expect(placed.status, JSON.stringify(placed.body)).to.equal(200);
      expect(sim.engine.openOrders(alice.name).map((o) => o.clientOrderId)).to.deep.equal(['rest-ed']);
      const account = await ed25519Request('GET', '/api/v3/account', {});
      expect(account.status).to.equal(200);
    });

    it('refuses a tampered request and a signature left un-encoded (its `+` reads as a space) with -1022', async () => {
      const key = alice.ed25519!;
      const payload = qs({ symbol: 'BTCUSDT', timestamp: Date.now() });
      const signature = encodeURIComponent(base64Signature(key.privateKey!, payload));
      const tampered = await new TestRestClient(sim.rest).raw<Obj>('GET', `/api/v3/openOrders?${payload.replace('BTCUSDT', 'ETHUSDT')}&signature=${signature}`, { headers: { 'X-MBX-APIKEY': key.apiKey } });
      expect(tampered).to.deep.include({ status: 400, body: { code: -1022, msg: 'Signature for this request is not valid.' } });

      // Find a signature with a `+` in it: sent raw, the server reads a space and must refuse it.
      const timestamp = Date.now();
      for (let i = 0; i < 50; i += 1) {
        const query = qs({ symbol: 'BTCUSDT', recvWindow: 5000 + i, timestamp });
        const raw = base64Signature(key.privateKey!, query);
        if (!raw.includes('+')) continue;
        const headers = { 'X-MBX-APIKEY': key.apiKey };
        const refused = await new TestRestClient(sim.rest).raw<Obj>('GET', `/api/v3/openOrders?${query}&signature=${raw}`, { headers });
        expect(refused.body).to.deep.equal({ code: -1022, msg: 'Signature for this request is not valid.' });
        const encoded = await new TestRestClient(sim.rest).raw<Obj>('GET', `/api/v3/openOrders?${query}&signature=${encodeURIComponent(raw)}`, { headers });
        expect(encoded.status).to.equal(200);
        return;
      }
      expect.fail('no signature with a + among 50 tries');
    });
  });
});
