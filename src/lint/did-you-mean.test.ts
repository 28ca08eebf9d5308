import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from './did-you-mean.js';
import { KEY_NAMES } from './keys.js';

describe('didYouMean', () => {
  it('counts an adjacent swap as one edit', () => {
    expect(editDistance('BLOCK_TPC', 'BLOCK_TCP')).toBe(1);
  });
  it('finds the option behind typos, case and OCR spaces', () => {
    expect(
      ['KILL_ROUTES', 'BLOCK_TCPP', 'tcp_ports', 'TCP PORTS', 'IGNORE-FILE', 'SCAN_TRIGER', 'KILL_HOST_DENY'].map((n) =>
        didYouMean(n, KEY_NAMES),
      ),
    ).toEqual(['KILL_ROUTE', 'BLOCK_TCP', 'TCP_PORTS', 'TCP_PORTS', 'IGNORE_FILE', 'SCAN_TRIGGER', 'KILL_HOSTS_DENY']);
  });
  it('suggests nothing for names far from every option', () => {
    expect(['COLOUR', 'INTERFACE', 'X'].map((n) => didYouMean(n, KEY_NAMES))).toEqual([null, null, null]);
  });
});
