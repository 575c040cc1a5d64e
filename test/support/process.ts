// The real services as child processes (shared with npm run demo and the benchmarks).
export * from '../../src/cli/processes.js';
