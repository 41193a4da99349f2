// What the lossless JSON parse (lib/core/lossless-json.ts) costs over JSON.parse on Binance frames.
// Run: `npx tsx bench/lossless-json.ts` (add `--quick` for a smoke run). Typical frames have no run of 16
// digits and take the fast path (one regex test); frames with 64-bit ids take the pre-pass.
import { parseJsonLossless } from '../lib/core/lossless-json.js';
import { nowMs } from './measure.js';

const QUICK = process.argv.includes('--quick');
const ROUNDS = QUICK ? 20_000 : 200_000;

const levels = (from: number, n: number): string => JSON.stringify(Array.from({ length: n }, (_, i) => [(from + i * 0.01).toFixed(2), '0.12345000']));
const FRAMES: Record<string, string> = {
  'depth (10 levels)': `{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1717171717171,"s":"BTCUSDT","U":51234567890,"u":51234567899,"b":${levels(65000, 5)},"a":${levels(65010, 5)}}}`,
  trade: '{"stream":"btcusdt@trade","data":{"e":"trade","E":1717171717171,"s":"BTCUSDT","t":3612345678,"p":"65000.01000000","q":"0.00100000","T":1717171717170,"m":true,"M":true}}',
  executionReport:
    '{"subscriptionId":0,"event":{"e":"executionReport","E":1717171717171,"s":"BTCUSDT","c":"x-abc123","S":"BUY","o":"LIMIT","f":"GTC","q":"0.01000000","p":"65000.00000000","P":"0.00000000","F":"0.00000000","g":-1,"C":"","x":"TRADE","X":"FILLED","r":"NONE","i":28457123456,"l":"0.01000000","z":"0.01000000","L":"65000.00000000","n":"0","N":"USDT","T":1717171717170,"t":3612345678,"I":61234567890,"w":false,"m":false,"M":true,"O":1717171717000,"Z":"650.00000000","Y":"650.00000000","Q":"0.00000000","W":1717171717000,"V":"EXPIRE_MAKER"}}',
};
FRAMES['trade, 64-bit id'] = FRAMES.trade!.replace('"t":3612345678', '"t":9223372036853727232');
FRAMES['executionReport, 64-bit ids'] = FRAMES.executionReport!.replace('"i":28457123456', '"i":9223372036853727232').replace('"t":3612345678', '"t":9223372036853727233');

function perParse(parse: (text: string) => unknown, text: string): number {
  let sink = 0;
  for (let i = 0; i < ROUNDS / 10; i++) sink += parse(text) === null ? 1 : 0; // warm-up
  const start = nowMs();
  for (let i = 0; i < ROUNDS; i++) sink += parse(text) === null ? 1 : 0;
  const ms = nowMs() - start;
  if (sink < 0) console.log(sink);
  return (ms * 1000) / ROUNDS;
}

console.log(`lossless JSON parse vs JSON.parse, ${ROUNDS} parses per row (µs per parse)`);
console.log('| frame | bytes | JSON.parse | parseJsonLossless | overhead |');
console.log('|---|---|---|---|---|');
for (const [name, text] of Object.entries(FRAMES)) {
  // Best of three, alternating, so neither side gets the warmer JIT.
  let plain = Number.POSITIVE_INFINITY;
  let lossless = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 3; r++) {
    plain = Math.min(plain, perParse(JSON.parse, text));
    lossless = Math.min(lossless, perParse(parseJsonLossless, text));
  }
  const overhead = ((lossless - plain) / plain) * 100;
  console.log(`| ${name} | ${text.length} | ${plain.toFixed(2)} | ${lossless.toFixed(2)} | ${overhead >= 0 ? '+' : ''}${overhead.toFixed(0)} % |`);
}
