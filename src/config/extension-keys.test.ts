import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KEY_NAMES } from '../lint/keys.js';
import { configFromString, pieceMatchesToken } from './config-file.js';
import { EXTENSION_KEY_NAMES, extensionValue } from './extension-keys.js';

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
