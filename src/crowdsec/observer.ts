import type { EngineObserver, Hit } from '../engine/detection.js';
import { buildAlert, newAlertId } from './alert.js';
import type { AlertQueue } from './alert-queue.js';

type PushWhen = 'blocked' | 'detected';

/**
 * The engine observer that queues an alert per detection: on `blocked` (CROWDSEC_PUSH="blocked",
 * the default: the hosts portsentry blocks) or on `triggered` ("detected": every host that reached
 * SCAN_TRIGGER, blocked or not). An ignored host never triggers, so it is never pushed. Each call
 * builds one small object and appends it to the bounded queue: nothing here waits.
 */
export const crowdsecObserver = (
  queue: AlertQueue,
  o: { when: PushWhen; scenario: string; mode: string; capacity: number },
): EngineObserver => {
  // the attack line of a hit that triggered, until it is blocked (the hit object is dropped after)
  const lines = new WeakMap<Hit, string>();
  const push = (hit: Hit, line: string): void => {
    const scanType = hit.kind === 'classic' ? 'connect' : hit.proto === 'TCP' ? (hit.scanType ?? '') : 'UDP scan';
    const detection = {
      target: hit.target,
      proto: hit.proto,
      port: hit.port,
      mode: o.mode,
      scanType,
      line,
      at: new Date(),
    };
    queue.enqueue(buildAlert(detection, o.scenario, o.capacity, newAlertId()));
  };
  return o.when === 'detected'
    ? { triggered: (hit, _resolved, line) => push(hit, line) }
    : {
        triggered: (hit, _resolved, line) => lines.set(hit, line),
        blocked: (hit) => push(hit, lines.get(hit) ?? ''),
      };
};
