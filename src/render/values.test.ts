import { describe, expect, it } from 'vitest';
import { configFromString } from '../config/config-file.js';
import { parseTemplateSpec } from './template-spec.js';
import { resolveValues } from './values.js';

const SPEC = parseTemplateSpec(
  'templates/t.json',
  JSON.stringify({
    name: 't',
    description: 'test',
    output: { executable: false, suggestedPath: '/x' },
    variables: {
      history: {
        description: 'h',
        default: '/var/lib/portsentry/portsentry.history',
        fromConfig: 'HISTORY_FILE',
        pattern: '^/',
      },
      config: {
        description: 'c',
        default: '/etc/portsentry/portsentry.conf',
        fromConfig: 'CONFIG_FILE',
        pattern: '^/[a-z/.]+$',
      },
      on: { description: 'o', default: false },
      to: { description: 't', default: ['root'], pattern: '^[a-z]+$' },
      burst: { description: 'b', default: 5, minimum: 1, maximum: 100 },
      mode: { description: 'm', default: 'tcp', choices: ['tcp', 'stcp', ''] },
      must: { description: 'needed', required: true, fromConfig: 'KILL_ROUTE', pattern: '^[ -~]*$' },
      maybe: { description: 'optional, no default', escape: 'shell' },
    },
  }),
  't',
);
const plain = (r: ReturnType<typeof resolveValues>) =>
  Object.fromEntries(Object.entries(r).map(([n, v]) => [n, [v.value, v.origin]]));

describe('resolveValues', () => {
  it('takes --set first, then the config file, then the default, and leaves an optional variable without default absent', () => {
    const config = configFromString(
      '/etc/ps.conf',
      'HISTORY_FILE="/srv/history"\nKILL_ROUTE="/sbin/route add -host $TARGET$ reject"\n',
    );
    expect(plain(resolveValues(SPEC, ['on=true', 'to=admin,ops', 'burst=7', 'mode='], config))).toEqual({
      history: ['/srv/history', 'config'],
      config: ['/etc/ps.conf', 'config'],
      on: [true, 'set'],
      to: [['admin', 'ops'], 'set'],
      burst: [7, 'set'],
      mode: ['', 'set'],
      must: ['/sbin/route add -host $TARGET$ reject', 'config'],
    });
  });

  it('uses the defaults without a config file', () => {
    const r = resolveValues(SPEC, ['must=x'], null);
    expect(r.history).toEqual({ value: '/var/lib/portsentry/portsentry.history', origin: 'default' });
    expect(r.config).toEqual({ value: '/etc/portsentry/portsentry.conf', origin: 'default' });
  });

  it('names a required variable that has no value, and where it could come from', () => {
    expect(() => resolveValues(SPEC, [], null)).toThrow(
      't: variable "must" is required and has no value (give --set must=VALUE or KILL_ROUTE in the config file): needed',
    );
  });

  it('names an undeclared --set variable and lists the declared ones', () => {
    expect(() => resolveValues(SPEC, ['must=x', 'histroy=/x'], null)).toThrow(
      '--set histroy: t has no variable "histroy" (it declares: history, config, on, to, burst, mode, must, maybe)',
    );
  });

  const refused: [string, string[], string][] = [
    ['no equals sign', ['on'], "--set on: expected NAME=VALUE, found no name before '='"],
    ['a name set twice', ['on=true', 'on=false'], '--set on: given twice'],
    ['a boolean that is not true or false', ['on=yes'], '--set: on: expected true or false, found "yes"'],
    ['a number that is not decimal', ['burst=5x'], '--set: burst: expected a decimal number, found "5x"'],
    ['a value outside the choices', ['mode=udp'], '--set: mode: expected one of "tcp", "stcp", "", found "udp"'],
    [
      'a list element against the pattern',
      ['to=root,Bad'],
      '--set: to: expected a value matching ^[a-z]+$, found "Bad"',
    ],
    [
      'a newline',
      ['history=/a\n/b'],
      '--set: history: expected one line of printable text, found control character 0x0a in "/a\\n/b"',
    ],
    [
      'a C1 control character',
      ['maybe=a\u0085b'],
      '--set: maybe: expected one line of printable text, found control character U+0085 in "a\u0085b"',
    ],
    [
      'a Unicode line separator',
      ['maybe=a\u2028b'],
      '--set: maybe: expected one line of printable text, found control character U+2028 in "a\u2028b"',
    ],
    [
      'a bidirectional override',
      ['maybe=a\u202eb'],
      '--set: maybe: expected one line of printable text, found control character U+202E in "a\u202eb"',
    ],
    ['a number below its minimum', ['burst=0'], '--set: burst: expected a whole number from 1 to 100, found 0'],
    ['a number above its maximum', ['burst=101'], '--set: burst: expected a whole number from 1 to 100, found 101'],
    ['a number that is not whole', ['burst=1.5'], '--set: burst: expected a whole number from 1 to 100, found 1.5'],
  ];
  for (const [what, sets, message] of refused) {
    it(`refuses ${what}`, () => {
      expect(() => resolveValues(SPEC, ['must=x', ...sets], null)).toThrow(message);
    });
  }

  it('checks a value from the config file too, naming the file, line and key', () => {
    const config = configFromString('/etc/ps.conf', '# x\nHISTORY_FILE="relative"\n');
    expect(() => resolveValues(SPEC, ['must=x'], config)).toThrow(
      '/etc/ps.conf:2: HISTORY_FILE: history: expected a value matching ^/, found "relative"',
    );
  });

  it('checks the path of the config file itself (CONFIG_FILE) against the pattern', () => {
    const config = configFromString('/etc/ps 1.conf', '');
    expect(() => resolveValues(SPEC, ['must=x'], config)).toThrow(
      '--config /etc/ps 1.conf: config: expected a value matching ^/[a-z/.]+$, found "/etc/ps 1.conf"',
    );
  });

  it('checks a value of a config key against the pattern: a space and a brace cannot reach the output', () => {
    const config = configFromString('/etc/ps.conf', 'KILL_ROUTE="x"\nHISTORY_FILE="/x { }"\n');
    const spec = {
      ...SPEC,
      variables: {
        ...SPEC.variables,
        history: { ...SPEC.variables.history!, pattern: /^\/[a-z]+$/u, patternText: '^/[a-z]+$' },
      },
    };
    expect(() => resolveValues(spec, [], config)).toThrow(
      '/etc/ps.conf:2: HISTORY_FILE: history: expected a value matching ^/[a-z]+$, found "/x { }"',
    );
  });

  it('refuses a config line 1.2 would skip for its missing quotes', () => {
    const config = configFromString('/etc/ps.conf', 'HISTORY_FILE=/srv/history\n');
    expect(() => resolveValues(SPEC, ['must=x'], config)).toThrow(
      '/etc/ps.conf:1: expected HISTORY_FILE="VALUE", found no double quote (1.2 skips this option)',
    );
  });
});
