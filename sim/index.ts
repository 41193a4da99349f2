// Public entry of `cex-actors/sim`: start the local Binance-spot simulator and steer its faults.
export { startSimulator, type RunningSimulator, type SimulatorOptions } from './simulator.js';
export { SimFaults, type ConnectionFaultOptions, type ConnectionTarget, type FaultSnapshot } from './faults.js';
export { parseSimConfig, simConfigSchema, type SimConfig, type SimConfigInput } from './config.js';
export type { LatencyFault, OrderFailureFault, RateLimitFault } from './binance/faults/rest-faults.js';
export type { SimAccount } from './binance/context.js';
export { SimClock } from './binance/context.js';
export { runSim } from './cli.js';
export { generatedSymbols } from './symbols.js';
