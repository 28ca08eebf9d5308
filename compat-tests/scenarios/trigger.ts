import type { Action, Scenario } from '../lib/types.js';
import { conf, S1, S2, sources } from '../lib/conf.js';

/** CheckStateEngine(): SCAN_TRIGGER and the 50-slot state. */
const trig = (name: string, trigger: string, actions: Action[], about: string, argv = ['-tcp']): Scenario => ({
  name: `trigger/${name}`,
  about,
  argv,
  config: conf({ SCAN_TRIGGER: trigger, PORT_BANNER: 'hello' }),
  actions,
});
const tcp = (from: string | string[], port = 11): Action => ({ do: 'tcp', from, port });
const udp = (from: string | string[], port = 7): Action => ({ do: 'udp', from, port });

export const scenarios: Scenario[] = [
  trig('zero', '0', [tcp(S1), tcp(S1)], 'trigger 0: every connect reacts'),
  trig('one', '1', [tcp(S1), tcp(S2), tcp(S1)], 'trigger 1: the first connect reacts'),
  trig('two', '2', [tcp(S1), tcp(S2), tcp(S1), tcp(S2), tcp(S1)], 'trigger 2: the second connect from a source reacts'),
  trig('two-udp', '2', [udp(S1), udp(S2), udp(S1), udp(S2), udp(S1)], 'trigger 2, -udp', ['-udp']),
  trig('three', '3', [tcp(S1), tcp(S1, 15), tcp(S2), tcp(S1, 79), tcp(S1)], 'trigger 3 across ports'),
  trig('three-udp', '3', [udp(S1), udp(S1, 9), udp(S1, 69), udp(S1)], 'trigger 3, -udp', ['-udp']),
  trig('negative', '-1', [tcp(S1), tcp(S1)], 'trigger -1: the state engine is off'),
  trig('text', 'abc', [tcp(S1)], 'trigger "abc" is 0'),
  trig('fifty', '50', [tcp(S1), tcp(S1)], 'trigger 50: the largest valid value'),
  trig('fifty-one', '51', [tcp(S1), tcp(S2)], "trigger 51: the warning with 1.2's garbage second number"),
  trig('sixty', '60', [tcp(S1)], 'trigger 60'),
  trig('sixty-udp', '60', [udp(S1)], 'trigger 60, -udp', ['-udp']),
  trig('sixty-again', '60', [tcp(S1), tcp(S2, 15)], 'trigger 60 twice in one daemon (the garbage number may change)'),
  trig(
    'sixty-repeat',
    '60',
    [tcp(S1), tcp(S1, 15), tcp(S1, 79)],
    'trigger 60, one source found in the state (the early break path)',
  ),
  trig(
    'sixty-wrap',
    '60',
    [tcp(sources(51, 30))],
    'trigger 60 with 51 sources: the state wraps while the warning repeats',
  ),
  trig(
    'wrap-49',
    '2',
    [tcp(S1), tcp(sources(49)), tcp(S1)],
    'trigger 2: S1, 49 other sources, S1 again: S1 is still in the 50 slots',
  ),
  trig(
    'wrap-50',
    '2',
    [tcp(S1), tcp(sources(50)), tcp(S1), tcp(S1)],
    "trigger 2: S1, 50 other sources, S1 again: S1's slot was overwritten, so it needs two more",
  ),
  trig('wrap-50-udp', '2', [udp(S1), udp(sources(50)), udp(S1), udp(S1)], 'the 50-slot wrap, -udp', ['-udp']),
];
