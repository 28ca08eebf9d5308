import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTemplatesDir } from '../render/catalog.js';
import { renderTemplate } from '../render/render.js';
import { defaultRulesetPath, renderRuleset, replacedKillRoute, type RulesetSettings } from './ruleset.js';

const settings = {
  blockTimeout: '1h',
  log: { prefix: 'PS: ', level: 'info', rate: '10/second', burst: 7 },
  inputInterface: 'eth0',
  replaces: '/sbin/iptables -I INPUT -s $TARGET$ -i eth0 -j DROP',
} satisfies RulesetSettings;

describe('renderRuleset', () => {
  it('gives the text `portsentry render nftables --no-config` gives for the same values', () => {
    const sets = [
      'blockTimeout=1h',
      'log=true',
      'inputInterface=eth0',
      `replaces=${settings.replaces}`,
      'logPrefix=PS: ',
      'logLevel=info',
      'logRate=10/second',
      'logBurst=7',
    ];
    expect(renderRuleset(settings)).toBe(renderTemplate({ name: 'nftables', sets, noConfig: true }).text);
    expect(replacedKillRoute(renderRuleset(settings))).toBe(settings.replaces);
  });

  it("goes through render's checks of the template: a variable the template does not declare is refused", () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ps-ruleset-')), 'templates');
    cpSync(findTemplatesDir(), dir, { recursive: true });
    writeFileSync(join(dir, 'nftables.hbs'), `${readFileSync(join(dir, 'nftables.hbs'), 'utf8')}# {{undeclared}}\n`);
    expect(() => renderRuleset(settings, dir)).toThrow(/nftables\.hbs:\d+:\d+: .*"undeclared"/);
  });

  it('writes to the path templates/nftables.json suggests unless told otherwise', () => {
    expect(defaultRulesetPath()).toBe('/etc/portsentry/portsentry.nft');
  });
});
