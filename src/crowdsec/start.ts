import { join } from 'node:path';
import type { CrowdsecSettings, Settings } from '../config/settings.js';
import type { Engine } from '../engine/detection.js';
import { DEFAULT_SCENARIO } from './alert.js';
import { AlertQueue } from './alert-queue.js';
import { readCredentials } from './credentials.js';
import { LapiClient } from './lapi-client.js';
import { crowdsecObserver } from './observer.js';
import { DEFAULT_SPOOL_DIR, Spool } from './spool.js';
import { DEFAULT_STATE_DIR, StateWriter, stateFileName } from './state-file.js';

type Emit = (text: string) => void;

/** one request to the Local API may take this long, answer included */
const REQUEST_TIMEOUT_MS = 10_000;

/** the spool folder of a mode's daemon (the tcp and udp daemons run side by side) */
export const spoolDirFor = (mode: string, base = DEFAULT_SPOOL_DIR): string => join(base, mode);

export const clientFor = (c: CrowdsecSettings): LapiClient =>
  new LapiClient(readCredentials(c.credentials), {
    timeoutMs: REQUEST_TIMEOUT_MS,
    scenarios: [c.scenario || DEFAULT_SCENARIO],
  });

/**
 * CROWDSEC_CREDENTIALS is set: the daemon's push, attached to the engine. The queue picks up what
 * the previous run left in the spool; the credentials are read at each (re)connection, so a
 * missing or broken file is logged as a failing push and nothing else changes.
 */
export const startCrowdsec = (
  settings: Settings,
  c: CrowdsecSettings,
  engine: Engine,
  emit: Emit,
  dirs: { spool?: string; state?: string } = {},
): AlertQueue => {
  const spool = new Spool(spoolDirFor(settings.mode, dirs.spool));
  const writer = new StateWriter(join(dirs.state ?? DEFAULT_STATE_DIR, stateFileName(settings.mode)));
  let url = '';
  let machine = '';
  const queue = new AlertQueue({
    spool,
    emit,
    client: () => {
      const client = clientFor(c);
      url = client.credentials.url.href;
      machine = client.credentials.login;
      return client;
    },
    onChange: (state) =>
      writer.update({
        ...state,
        mode: settings.mode,
        pid: process.pid,
        url,
        machine,
        updated: new Date().toISOString(),
      }),
  });
  queue.loadSpool();
  engine.observe(
    crowdsecObserver(queue, {
      when: c.push,
      scenario: c.scenario,
      mode: settings.mode,
      capacity: settings.triggerCount,
    }),
  );
  return queue;
};
