/**
 * The legacy invocation (bin/portsentry with anything that is not a subcommand name), as one
 * module: the entry of the bundle bin/portsentry loads, dist/bundle/legacy.cjs (scripts/bundle.mjs).
 * Node reads and compiles that one CommonJS file at start instead of some ninety ES modules, one
 * after the other, which took a third of the time to "now active" (BENCHMARKS.md, issue 13).
 */
export { shutDebugger } from '../system/no-debugger.js';
import { startDaemonEarly } from '../daemon/daemonize.js';
import { legacyMain } from './cli.js';

export const launchLegacy = async (args: string[]): Promise<void> => {
  // the daemon's half is prepared first, so that its detector loads while main() reads the config
  const early = startDaemonEarly(args);
  await legacyMain(args, early);
};
