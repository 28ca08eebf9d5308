import type { Scenario } from '../lib/types.js';
import { conf } from '../lib/conf.js';

/** main(): argument count, the root check, the flag check. */
const startOnly = (name: string, argv: string[], about: string, user?: 'nobody'): Scenario => ({
  name: `argv/${name}`,
  about,
  argv,
  user,
  config: conf(),
});

export const scenarios: Scenario[] = [
  startOnly('none', [], 'no argument: usage, exit 255'),
  startOnly('two', ['-tcp', '-udp'], 'two arguments: usage'),
  startOnly('bad-flag', ['-xyz'], 'an unknown flag: usage'),
  startOnly('no-dash', ['tcp'], 'the mode without its dash: usage'),
  startOnly('upper-case', ['-TCP'], 'flags are case-sensitive: usage'),
  startOnly('empty-string', [''], 'one empty argument: usage'),
  startOnly('double-dash-help', ['--help'], '"--help" is not a flag of 1.2: usage'),
  startOnly('dash-h', ['-h'], '"-h": usage'),
  startOnly('tcp', ['-tcp'], '-tcp starts the TCP daemon'),
  startOnly('udp', ['-udp'], '-udp starts the UDP daemon'),
  startOnly('non-root-tcp', ['-tcp'], 'not root: "You need to be root to run this."', 'nobody'),
  startOnly('non-root-udp', ['-udp'], 'not root, -udp', 'nobody'),
  startOnly('non-root-bad-flag', ['-xyz'], 'not root with a bad flag: the root check comes first', 'nobody'),
  startOnly('non-root-no-args', [], 'not root with no argument: the argument count comes first', 'nobody'),
];
