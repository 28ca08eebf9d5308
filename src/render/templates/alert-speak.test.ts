import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callsOf, linkReal, makeSandbox, renderDefaults, runScript, stdinOf, stub, stubsRun, writeScript, type Sandbox } from '../../../test-support/template-harness.js';

let box: Sandbox;
beforeEach(() => {
  box = makeSandbox();
  linkReal(box, ['timeout']);
});
afterEach(() => box.cleanup());

const script = (extra: string[] = []): string =>
  writeScript(box, 'portsentry-alert-speak', renderDefaults('alert-speak', [`path=${box.bin}`, ...extra]));

describe('alert-speak', () => {
  it('speaks the text and the address through festival, as the tutorial did', () => {
    stub(box, 'festival', { stdin: true, output: '' });
    stub(box, 'espeak-ng', { stdin: true, output: '' });
    const r = runScript(script(['festivalLanguage=spanish', 'text=Ataque por']), ['192.0.2.7', '79', 'tcp'], box);
    expect(r).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(callsOf(box, 'festival')).toEqual([['--tts', '--language', 'spanish']]);
    expect(stdinOf(box, 'festival')).toBe('Ataque por 192.0.2.7\n');
    expect(stubsRun(box)).toEqual(['festival']);
  });

  it('uses espeak-ng with its voice where festival is not installed', () => {
    stub(box, 'espeak-ng', { stdin: true, output: '' });
    const r = runScript(script(['espeakVoice=es']), ['2001:db8::5'], box);
    expect(r).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(callsOf(box, 'espeak-ng')).toEqual([['-v', 'es', '--stdin']]);
    expect(stdinOf(box, 'espeak-ng')).toBe('Attention: port scan from 2001:db8::5\n');
  });

  it('fails with a message when neither festival nor espeak-ng is installed', () => {
    expect(runScript(script(), ['192.0.2.7'], box)).toEqual({
      status: 1,
      stdout: '',
      stderr: 'portsentry-alert-speak: neither festival nor espeak-ng is installed\n',
    });
  });

  it('says a text holding quotes and $(...) as it is, running nothing', () => {
    stub(box, 'festival', { stdin: true, output: '' });
    runScript(script([`text=it's $(touch ${join(box.root, 'pwned')}) "now"`]), ['192.0.2.7'], box);
    expect(stdinOf(box, 'festival')).toBe(`it's $(touch ${join(box.root, 'pwned')}) "now" 192.0.2.7\n`);
    expect(existsSync(join(box.root, 'pwned'))).toBe(false);
  });

  it('takes IPv4 and IPv6 addresses in all their written forms', () => {
    stub(box, 'festival', { stdin: true, output: '' });
    const path = script();
    const valid = ['0.0.0.0', '255.255.255.255', '192.0.2.7', '::', '::1', '1::', '2001:db8::5', '::ffff:192.0.2.7', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:192.0.2.7', 'FE80::A'];
    expect(valid.filter((a) => runScript(path, [a], box).status !== 0)).toEqual([]);
  });

  it('refuses what only looks like an address', () => {
    stub(box, 'festival', { stdin: true, output: '' });
    const path = script();
    const invalid = ['256.0.0.1', '01.2.3.4', '1.2.3', '1.2.3.4.5', '1..2.3', '.1.2.3', '1.2.3.4 ', ' 1.2.3.4', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', ':1', '1:', '1:::2', '1::2::3', '12345::1', 'g::1', 'fe80::1%eth0', '1.2.3.4::', '::1.2.3', '1:2:3:4:5:6:7:1.2.3.4'];
    expect(invalid.filter((a) => runScript(path, [a], box).status !== 2)).toEqual([]);
    expect(callsOf(box, 'festival')).toEqual([]);
  });

  for (const arg of ['1.2.3.4; touch PWNED', '$(touch PWNED)', '1.2.3.4\ntouch PWNED', '']) {
    it(`refuses the argument ${JSON.stringify(arg)} and runs nothing`, () => {
      stub(box, 'festival', { stdin: true, output: '' });
      const r = runScript(script(), [arg.replace('PWNED', join(box.root, 'pwned'))], box);
      expect(r).toEqual({
        status: 2,
        stdout: '',
        stderr: 'portsentry-alert-speak: the first argument is not an IPv4 or IPv6 address; nothing done\n',
      });
      expect(stubsRun(box)).toEqual([]);
      expect(existsSync(join(box.root, 'pwned'))).toBe(false);
    });
  }
});
