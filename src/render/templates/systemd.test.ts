import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeSandbox, renderDefaults, type Sandbox } from '../../../test-support/template-harness.js';
import { needsProgram, titled } from '../../../test-support/guards.js';

const SKIP = needsProgram(['systemd-analyze', '--version']);

let box: Sandbox;
beforeEach(() => {
  box = makeSandbox();
  writeFileSync(join(box.root, 'portsentry.conf'), '');
});
afterEach(() => box.cleanup());

/** the unit with programs and files that exist here, for systemd-analyze verify */
const unitHere = (udp: boolean) =>
  renderDefaults('systemd', [`udp=${udp}`, 'daemon=/bin/true', 'buildScript=/bin/true', `configFile=${join(box.root, 'portsentry.conf')}`]);

describe('systemd units', () => {
  it('runs the mode named in the default file in the foreground, with the config file', () => {
    const tcp = renderDefaults('systemd').split('\n');
    expect(tcp).toContain('ExecStart=/usr/sbin/portsentry run ${TCP_MODE} --foreground --config /etc/portsentry/portsentry.conf');
    expect(tcp).toContain(`ExecCondition=/bin/sh -c 'test -n "$$TCP_MODE"'`);
    const udp = renderDefaults('systemd', ['udp=true']).split('\n');
    expect(udp).toContain('ExecStart=/usr/sbin/portsentry run ${UDP_MODE} --foreground --config /etc/portsentry/portsentry.conf');
    expect(udp).toContain(`ExecCondition=/bin/sh -c 'test -n "$$UDP_MODE"'`);
  });

  for (const udp of [false, true]) {
    it.skipIf(SKIP !== null)(titled(`passes systemd-analyze verify for the ${udp ? 'UDP' : 'TCP'} unit`, SKIP), () => {
      const file = join(box.root, `portsentry-${udp ? 'udp' : 'tcp'}.service`);
      writeFileSync(file, unitHere(udp));
      const r = spawnSync('systemd-analyze', ['verify', '--man=no', file], { encoding: 'utf8' });
      expect({ status: r.status, output: r.stdout + r.stderr }).toEqual({ status: 0, output: '' });
    });
  }

  it.skipIf(SKIP !== null)(titled('passes systemd-analyze verify for the group unit together with the TCP and UDP units', SKIP), () => {
    const files = [
      ['portsentry.service', renderDefaults('systemd-group')],
      ['portsentry-tcp.service', unitHere(false)],
      ['portsentry-udp.service', unitHere(true)],
    ].map(([name, text]) => {
      writeFileSync(join(box.root, name!), text!);
      return join(box.root, name!);
    });
    const r = spawnSync('systemd-analyze', ['verify', '--man=no', ...files], { encoding: 'utf8' });
    expect({ status: r.status, output: r.stdout + r.stderr }).toEqual({ status: 0, output: '' });
  });

  it('groups the TCP and UDP units under portsentry.service, which takes the init script\'s name', () => {
    expect(renderDefaults('systemd-group').split('\n')).toContain('Wants=portsentry-tcp.service portsentry-udp.service');
    expect(renderDefaults('systemd').split('\n')).toContain('PartOf=portsentry.service');
    expect(renderDefaults('systemd', ['partOf=']).split('\n').filter((l) => l.startsWith('PartOf'))).toEqual([]);
  });

  it.skipIf(SKIP !== null)(titled('is checked by systemd-analyze: a misspelt setting is reported', SKIP), () => {
    const file = join(box.root, 'portsentry-tcp.service');
    writeFileSync(file, unitHere(false).replace('ProtectSystem=true', 'ProtectSystem=bogus'));
    const r = spawnSync('systemd-analyze', ['verify', '--man=no', file], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toContain('Failed to parse protect system value');
  });
});
