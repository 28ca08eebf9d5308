import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { atoi } from '../config/c-compat.js';
import type { ConfigFile } from '../config/config-file.js';
import { parsePortList } from '../config/port-list.js';
import { initConfig, MODES, retrieve, type Mode } from '../config/settings.js';
import { advancedExcludeList, advancedPortCount, readEffective, valueOf } from './effective.js';
import { formatEffective } from './format.js';
import { CORPUS_CONFIGS } from './corpus-files.js';

const corpus = join(dirname(fileURLToPath(import.meta.url)), 'corpus');
const CONFIGS = CORPUS_CONFIGS;
const load = (name: string): ConfigFile => ({ path: name, content: readFileSync(join(corpus, name), 'latin1') });
const settingsOf = (config: ConfigFile, mode: Mode) =>
  initConfig(config, mode, () => undefined, { truncateBlocked: false });

/** The lists each mode's start-up reads (PortSentryModeTCP and friends), through the daemon's own calls. */
const modeLists = (config: ConfigFile) => {
  const list = (key: string) => {
    const v = retrieve(config, key, () => undefined);
    return v === null ? null : parsePortList(v).ports;
  };
  const raw = (key: string) => retrieve(config, key, () => undefined);
  const excl = (key: string) => {
    const v = raw(key);
    return v === null ? null : advancedExcludeList(v);
  };
  return {
    tcp: list('TCP_PORTS'),
    udp: list('UDP_PORTS'),
    advancedTcp: advancedPortCount(raw('ADVANCED_PORTS_TCP')),
    advancedUdp: advancedPortCount(raw('ADVANCED_PORTS_UDP')),
    excludeTcp: excl('ADVANCED_EXCLUDE_TCP'),
    excludeUdp: excl('ADVANCED_EXCLUDE_UDP'),
    banner: raw('PORT_BANNER'),
  };
};

describe('the effective configuration', () => {
  for (const name of CONFIGS) {
    for (const mode of MODES) {
      it(`of ${name} for -${mode} is what initConfig and the port loops read`, () => {
        const config = load(name);
        const eff = readEffective(config, mode);
        const settings = settingsOf(config, mode);
        expect(eff.settings).toEqual(settings);
        if (settings !== null) {
          const flag = (key: string) => {
            const v = valueOf(eff, key);
            return v === null ? 0 : atoi(v);
          };
          expect(settings).toEqual({
            mode,
            configPath: name,
            blockTcp: flag('BLOCK_TCP'),
            blockUdp: flag('BLOCK_UDP'),
            resolveHost: flag('RESOLVE_HOST'),
            triggerCount: flag('SCAN_TRIGGER'),
            killRoute: valueOf(eff, 'KILL_ROUTE') ?? '',
            killHostsDeny: valueOf(eff, 'KILL_HOSTS_DENY') ?? '',
            killRunCmd: valueOf(eff, 'KILL_RUN_CMD') ?? '',
            runCmdFirst: flag('KILL_RUN_CMD_FIRST'),
            blockedFile: `${valueOf(eff, 'BLOCKED_FILE')}.${mode.slice(0, 4)}`,
            historyFile: valueOf(eff, 'HISTORY_FILE'),
            ignoreFile: valueOf(eff, 'IGNORE_FILE'),
            // no corpus config sets an extension key
            extensions: { ipv6: false, killRoute6: '', crowdsec: null },
          });
        }
        const lists = modeLists(config);
        if (mode === 'tcp' || mode === 'stcp') expect(eff.tcpPorts).toEqual(lists.tcp);
        if (mode === 'udp' || mode === 'sudp') expect(eff.udpPorts).toEqual(lists.udp);
        if (mode === 'atcp')
          expect([eff.advancedTcp, eff.advancedExcludeTcp]).toEqual([lists.advancedTcp, lists.excludeTcp]);
        if (mode === 'audp')
          expect([eff.advancedUdp, eff.advancedExcludeUdp]).toEqual([lists.advancedUdp, lists.excludeUdp]);
        if (mode === 'tcp' || mode === 'udp') expect(valueOf(eff, 'PORT_BANNER')).toBe(lists.banner);
      });
    }
    it(`of ${name}, printed by --effective and read back by the daemon's reader, starts the daemon the same way`, () => {
      const config = load(name);
      const printed: ConfigFile = { path: name, content: formatEffective(readEffective(config, undefined)) };
      for (const mode of MODES) expect(settingsOf(printed, mode)).toEqual(settingsOf(config, mode));
      expect(modeLists(printed)).toEqual(modeLists(config));
    });
  }
});
