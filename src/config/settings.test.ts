import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromString } from './config-file.js';
import { initConfig } from './settings.js';

const dir = mkdtempSync(join(tmpdir(), 'ps-settings-'));
const base = (extra = '') =>
  `${extra}BLOCKED_FILE="${dir}/blocked"\nHISTORY_FILE="${dir}/history"\nIGNORE_FILE="${dir}/ignore"\n`;

const run = (text: string, mode: 'tcp' | 'udp' = 'tcp') => {
  const lines: string[] = [];
  const settings = initConfig(configFromString('/c', text), mode, (t) => lines.push(t));
  return { settings, lines };
};

describe('initConfig', () => {
  it('reads a minimal config and appends the mode to the blocked file name', () => {
    const { settings, lines } = run(base('SCAN_TRIGGER="2"\nBLOCK_TCP="1"\n'));
    expect(lines).toEqual([]);
    expect(settings).toMatchObject({ blockTcp: 1, blockUdp: 0, triggerCount: 2, blockedFile: `${dir}/blocked.tcp` });
  });
  it('logs the missing SCAN_TRIGGER without a newline and goes on', () => {
    expect(run(base()).lines).toEqual([
      'adminalert: ERROR: Could not read SCAN_TRIGGER option from config file. Disabling SCAN DETECTION TRIGGER',
    ]);
  });
  it('logs quotes missing then the SCAN_TRIGGER line when SCAN_TRIGGER has no quotes', () => {
    expect(run(base('SCAN_TRIGGER=2\n')).lines).toEqual([
      'adminalert: Quotes missing from SCAN_TRIGGER token. Option skipped\n',
      'adminalert: ERROR: Could not read SCAN_TRIGGER option from config file. Disabling SCAN DETECTION TRIGGER',
    ]);
  });
  it('reads KILL_RUN_CMD_FIRST only when KILL_RUN_CMD is set', () => {
    expect(run(base('SCAN_TRIGGER="0"\nKILL_RUN_CMD_FIRST=1\n')).lines).toEqual([]);
    expect(run(base('SCAN_TRIGGER="0"\nKILL_RUN_CMD="x"\nKILL_RUN_CMD_FIRST=1\n')).lines).toEqual([
      'adminalert: Quotes missing from KILL_RUN_CMD_FIRST token. Option skipped\n',
    ]);
  });
  it('stops at the first missing mandatory option with 1.2 text', () => {
    const r = run('SCAN_TRIGGER="0"\nHISTORY_FILE="/h"\n');
    expect(r.settings).toBeNull();
    expect(r.lines).toEqual(['InitConfig: Cannot retrieve BLOCKED_FILE option! Aborting\n']);
    expect(run(`SCAN_TRIGGER="0"\nBLOCKED_FILE="${dir}/b"\n`).lines).toEqual([
      'InitConfig: Cannot retrieve HISTORY_FILE option! Aborting\n',
    ]);
  });
  it('empties the blocked file at start', () => {
    writeFileSync(`${dir}/blocked.udp`, 'old line\n');
    run(base('SCAN_TRIGGER="0"\n'), 'udp');
    expect(readFileSync(`${dir}/blocked.udp`, 'latin1')).toBe('');
    expect(statSync(`${dir}/blocked.udp`).size).toBe(0);
  });
  it('fails when the blocked file cannot be created', () => {
    const r = run('SCAN_TRIGGER="0"\nBLOCKED_FILE="/nonexistent-dir/b"\n');
    expect(r.settings).toBeNull();
    expect(r.lines).toEqual(['adminalert: ERROR: Cannot delete blocked file on startup: /nonexistent-dir/b.tcp.\n']);
  });
  it('refuses a blocked file name of 1019 bytes or more, which only a line whose first quote comes before the key can give', () => {
    // ConfigTokenRetrieve takes the value from the first quote of the line, wherever the key is
    const value = `${'x'.repeat(11)}=${'a'.repeat(994)}BLOCKED_FILE${'b'.repeat(3)}`;
    const r = run(`SCAN_TRIGGER="0"\n"${value}\n`);
    expect(value.length).toBe(1021);
    expect(r.lines).toEqual([
      `adminalert: ERROR: Blocked filename is too long to append detection type file extension: ${value}.\n`,
    ]);
  });
});
