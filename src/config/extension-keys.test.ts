import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KEY_NAMES } from '../lint/keys.js';
import { configFromString, pieceMatchesToken } from './config-file.js';
import { EXTENSION_KEY_NAMES, extensionKey, extensionValue } from './extension-keys.js';
import { initConfig } from './settings.js';

const BASE = 'BLOCKED_FILE="/tmp/ps-ext-keys-b"\nHISTORY_FILE="/tmp/ps-ext-keys-h"\nIGNORE_FILE="/tmp/ps-ext-keys-i"\n';

const MAN = readFileSync(new URL('../../man/portsentry.conf.5', import.meta.url), 'latin1');

describe('the extension keys', () => {
  it('are lines 1.2 reads as none of its own options', () => {
    for (const ext of EXTENSION_KEY_NAMES) {
      const line = `${ext}="$TARGET$ 1"\n`;
      expect(KEY_NAMES.filter((k) => pieceMatchesToken(line, k))).toEqual([]);
    }
  });
  it('are read with the quoting rules of 1.2 options', () => {
    const file = configFromString('p.conf', 'ENABLE_IPV6 = "1"\nKILL_ROUTE6=/sbin/x $TARGET$\n');
    expect(extensionValue(file, 'ENABLE_IPV6')).toBe('1');
    expect(extensionValue(file, 'KILL_ROUTE6')).toBeUndefined();
  });
  it('are each documented in the EXTENSION KEYS section of portsentry.conf(5)', () => {
    const section = MAN.slice(MAN.indexOf('.SH EXTENSION KEYS'), MAN.indexOf('.SH FILES'));
    expect(section.length).toBeGreaterThan(0);
    expect(EXTENSION_KEY_NAMES.filter((k) => !section.includes(`.B ${k}`))).toEqual([]);
  });
});

describe('the metrics keys', () => {
  it('take an absolute path ending in .prom and 1 to 3600 seconds', () => {
    const file = extensionKey('METRICS_FILE').check;
    const interval = extensionKey('METRICS_INTERVAL').check;
    expect([file('/var/lib/prometheus/node-exporter/portsentry.prom'), interval('1'), interval('3600')]).toEqual([
      null,
      null,
      null,
    ]);
    expect([file('portsentry.prom'), file('/var/lib/x.txt'), interval('0'), interval('15s')]).toEqual([
      'expected an absolute path ending in .prom (node_exporter reads *.prom only), found "portsentry.prom"',
      'expected an absolute path ending in .prom (node_exporter reads *.prom only), found "/var/lib/x.txt"',
      'expected a whole number of seconds from 1 to 3600, found "0"',
      'expected a whole number of seconds from 1 to 3600, found "15s"',
    ]);
  });

  it('ask the daemon for a metrics file only with a good path, every 15 seconds unless said otherwise', () => {
    const read = (text: string) =>
      initConfig(configFromString('p.conf', `${BASE}${text}`), 'stcp', () => undefined, { truncateBlocked: false })
        ?.extensions.metrics;
    expect(read('METRICS_FILE="/m/p.prom"\n')).toEqual({ file: '/m/p.prom', exact: false, intervalSeconds: 15 });
    expect(read('METRICS_FILE="/m/p.prom"\nMETRICS_INTERVAL="2"\n')).toEqual({
      file: '/m/p.prom',
      exact: false,
      intervalSeconds: 2,
    });
    expect(read('METRICS_FILE="/m/p.prom"\nMETRICS_INTERVAL="0"\n')?.intervalSeconds).toBe(15);
    expect(read('METRICS_FILE="p.prom"\n')).toBeUndefined();
    expect(read('')).toBeUndefined();
  });
});
