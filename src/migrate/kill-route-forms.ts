import { splitShellLine, type ShellPiece } from './shell-words.js';
import { parseOwnKillRoute } from './new-kill-route.js';

/** nft's log levels (nft(8), LOG STATEMENT). */
const NFT_LOG_LEVELS = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'] as const;
export type NftLogLevel = (typeof NFT_LOG_LEVELS)[number];

/** How dropped packets are logged: nft's `limit rate RATE burst N packets log prefix "P" level L`. */
export interface LogSpec {
  prefix: string;
  level: NftLogLevel;
  rate: string;
  burst: number;
}

/** The limit Debian's sample puts on its LOG rule; used wherever the old line logged every packet. */
export const DEFAULT_LOG: LogSpec = { prefix: 'Portsentry: dropping: ', level: 'warn', rate: '3/minute', burst: 5 };

export type FormId =
  | 'route-reject'
  | 'route-gateway-linux'
  | 'route-gateway'
  | 'route-blackhole-freebsd'
  | 'route-blackhole-tru64'
  | 'route-net-hpux'
  | 'ip-route'
  | 'ipfwadm'
  | 'ipchains'
  | 'iptables'
  | 'iptables-log-pair'
  | 'ipfw'
  | 'ipf';

type Recognition =
  | {
      kind: 'recognised';
      form: FormId;
      /** what the old line did, for the summary */
      description: string;
      log: LogSpec | null;
      /** the interface the old rule was limited to, when it named a real one */
      inputInterface: string | null;
      /** where the nft set behaves differently from the old line */
      notes: string[];
    }
  | { kind: 'migrated'; timeout: string | null; nftPath: string }
  | { kind: 'unknown'; why: string };

const T = '$TARGET$';
const base = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

const recognised = (
  form: FormId,
  description: string,
  extra: { log?: LogSpec | null; inputInterface?: string | null; notes?: string[] } = {},
): Recognition => ({
  kind: 'recognised',
  form,
  description,
  log: extra.log ?? null,
  inputInterface: extra.inputInterface ?? null,
  notes: extra.notes ?? [],
});

const unknown = (why: string): Recognition => ({ kind: 'unknown', why });

const isTarget = (word: string | undefined, allowed: string[] = []): boolean =>
  word === T || (word !== undefined && allowed.some((suffix) => word === `${T}${suffix}`));

const isWordGateway = (w: string | undefined): w is string => w !== undefined && w !== '' && !w.startsWith('-');

const ROUTE_FORMS =
  'route add -host $TARGET$ reject; route add -host $TARGET$ gw GATEWAY; route add $TARGET$ GATEWAY [METRIC]; ' +
  'route add -net $TARGET$ -netmask 255.255.255.255 GATEWAY -blackhole; route add -host -blackhole $TARGET$ GATEWAY; ' +
  'route add net $TARGET$ netmask MASK GATEWAY';

const SAMPLE_GATEWAY = '333.444.555.666';

const gatewayNote = (gw: string): string =>
  gw === SAMPLE_GATEWAY
    ? `the old line kept the sample's placeholder gateway ${SAMPLE_GATEWAY}, which route refuses, so it blocked nothing; the set does block`
    : `the old route sent the host's replies to ${gw}; the set drops the host's packets on arrival instead`;

/** route(8) in its Linux, BSD, Sun, NEXTSTEP, Tru64 and HP-UX spellings. */
const recogniseRoute = (w: string[]): Recognition => {
  const a = w.slice(1);
  const text = a.join(' ');
  if (a[0] !== 'add') return unknown(`route ${text}: only "route add ..." adds a block`);
  if (a.length === 4 && a[1] === '-host' && isTarget(a[2]) && a[3] === 'reject') {
    return recognised('route-reject', 'Linux reject route (route add -host $TARGET$ reject)');
  }
  if (a.length === 5 && a[1] === '-host' && isTarget(a[2]) && a[3] === 'gw' && isWordGateway(a[4])) {
    return recognised(
      'route-gateway-linux',
      `Linux route through gateway ${a[4]} (route add -host $TARGET$ gw ${a[4]})`,
      {
        notes: [gatewayNote(a[4])],
      },
    );
  }
  if (
    (a.length === 3 || a.length === 4) &&
    isTarget(a[1]) &&
    isWordGateway(a[2]) &&
    (a.length === 3 || /^\d+$/.test(a[3]!))
  ) {
    const what = a.length === 3 ? 'generic/BSD route' : 'Sun/NEXTSTEP route with metric';
    return recognised('route-gateway', `${what} through gateway ${a[2]} (route ${text})`, {
      notes: [gatewayNote(a[2])],
    });
  }
  if (
    a.length === 7 &&
    a[1] === '-net' &&
    isTarget(a[2]) &&
    a[3] === '-netmask' &&
    a[4] === '255.255.255.255' &&
    isWordGateway(a[5]) &&
    a[6] === '-blackhole'
  ) {
    return recognised('route-blackhole-freebsd', `FreeBSD blackhole route (route ${text})`);
  }
  if (a.length === 5 && a[1] === '-host' && a[2] === '-blackhole' && isTarget(a[3]) && isWordGateway(a[4])) {
    return recognised('route-blackhole-tru64', `Digital UNIX blackhole route (route ${text})`);
  }
  if (
    a.length === 6 &&
    a[1] === 'net' &&
    isTarget(a[2]) &&
    a[3] === 'netmask' &&
    isWordGateway(a[4]) &&
    isWordGateway(a[5])
  ) {
    const notes = [gatewayNote(a[5])];
    if (a[4] !== '255.255.255.255') {
      notes.push(
        `the old route covered the whole network of the host (netmask ${a[4]}); the set blocks the one address`,
      );
    }
    return recognised('route-net-hpux', `HP-UX net route (route ${text})`, { notes });
  }
  return unknown(`route ${text}: not one of the recognised route forms (${ROUTE_FORMS})`);
};

/** ip route add blackhole|unreachable|prohibit $TARGET$ (iproute2) */
const recogniseIpRoute = (w: string[]): Recognition => {
  const a = w.slice(1);
  const text = a.join(' ');
  if (
    a.length === 4 &&
    (a[0] === 'route' || a[0] === 'r') &&
    a[1] === 'add' &&
    ['blackhole', 'unreachable', 'prohibit'].includes(a[2]!) &&
    isTarget(a[3], ['/32'])
  ) {
    return recognised('ip-route', `iproute2 ${a[2]} route (ip ${text})`);
  }
  return unknown(`ip ${text}: only "ip route add blackhole|unreachable|prohibit $TARGET$" is recognised`);
};

/**
 * Reads the options of an ipfwadm/ipchains/iptables rule into a map. `spec` names each option
 * the form may have and how many values it takes; any other option makes the rule unknown,
 * since a set of addresses cannot express it.
 */
const readOptions = (
  cmd: string,
  words: string[],
  spec: Record<string, { key: string; values: number }>,
): { ok: true; opts: Map<string, string[]> } | { ok: false; why: string } => {
  const opts = new Map<string, string[]>();
  for (let i = 0; i < words.length; i++) {
    const o = spec[words[i]!];
    if (o === undefined) {
      return {
        ok: false,
        why: `${cmd}: "${words[i]}" ${words[i]!.startsWith('-') ? 'is an option' : 'is a word'} the recognised forms do not have; a set of addresses blocks all of a host's traffic and cannot express it`,
      };
    }
    const values = words.slice(i + 1, i + 1 + o.values);
    if (values.length < o.values) return { ok: false, why: `${cmd}: ${words[i]} without its value` };
    if (opts.has(o.key)) return { ok: false, why: `${cmd}: ${words[i]} given twice` };
    opts.set(o.key, values);
    i += o.values;
  }
  return { ok: true, opts };
};

const IPTABLES_SPEC: Record<string, { key: string; values: number }> = {
  '-I': { key: 'insert', values: 1 },
  '--insert': { key: 'insert', values: 1 },
  '-A': { key: 'append', values: 1 },
  '--append': { key: 'append', values: 1 },
  '-s': { key: 'source', values: 1 },
  '--source': { key: 'source', values: 1 },
  '--src': { key: 'source', values: 1 },
  '-j': { key: 'jump', values: 1 },
  '--jump': { key: 'jump', values: 1 },
  '-m': { key: 'match', values: 1 },
  '--match': { key: 'match', values: 1 },
  '--limit': { key: 'limit', values: 1 },
  '--limit-burst': { key: 'burst', values: 1 },
  '--log-level': { key: 'level', values: 1 },
  '--log-prefix': { key: 'prefix', values: 1 },
  '-w': { key: 'wait', values: 0 },
  '--wait': { key: 'wait', values: 0 },
};

type IptablesRule = { verdict: 'DROP' | 'REJECT' } | { verdict: 'LOG'; log: LogSpec; limited: boolean };

const LEVEL_NAMES: Record<string, NftLogLevel> = {
  emerg: 'emerg',
  panic: 'emerg',
  alert: 'alert',
  crit: 'crit',
  err: 'err',
  error: 'err',
  warn: 'warn',
  warning: 'warn',
  notice: 'notice',
  info: 'info',
  debug: 'debug',
};

export const logLevel = (text: string): NftLogLevel | null => {
  if (/^[0-7]$/.test(text)) return NFT_LOG_LEVELS[Number(text)]!;
  return LEVEL_NAMES[text.toLowerCase()] ?? null;
};

const RATE_UNITS: Record<string, string> = {
  s: 'second',
  sec: 'second',
  second: 'second',
  m: 'minute',
  min: 'minute',
  minute: 'minute',
  h: 'hour',
  hour: 'hour',
  d: 'day',
  day: 'day',
};

/** iptables' "--limit 3/minute" (also 3/min, 3/m, ...) as nft's "3/minute". */
export const limitRate = (text: string): string | null => {
  const m = /^(\d{1,9})\/([a-z]+)$/.exec(text);
  if (m === null || Number(m[1]) === 0) return null;
  const unit = RATE_UNITS[m[2]!];
  return unit === undefined ? null : `${Number(m[1])}/${unit}`;
};

/** A log prefix nft can take inside double quotes (the kernel keeps at most 127 bytes). */
const validLogPrefix = (p: string): boolean => p.length <= 127 && /^[\x20-\x7e]*$/.test(p) && !/["\\]/.test(p);

const readIptablesRule = (
  cmd: string,
  words: string[],
): { ok: true; rule: IptablesRule } | { ok: false; why: string } => {
  const r = readOptions(cmd, words, IPTABLES_SPEC);
  if (!r.ok) return r;
  const o = r.opts;
  const chain = (o.get('insert') ?? o.get('append'))?.[0];
  if (o.has('insert') && o.has('append')) return { ok: false, why: `${cmd}: both -I and -A` };
  if (chain !== 'INPUT') return { ok: false, why: `${cmd}: the rule goes into chain ${chain ?? '(none)'}, not INPUT` };
  const source = o.get('source')?.[0];
  if (!isTarget(source, ['/32', '/255.255.255.255']))
    return { ok: false, why: `${cmd}: the source is ${source ?? '(none)'}, not $TARGET$` };
  const jump = o.get('jump')?.[0];
  if (jump === 'DROP' || jump === 'REJECT') {
    for (const k of ['match', 'limit', 'burst', 'level', 'prefix']) {
      if (o.has(k)) return { ok: false, why: `${cmd}: a -j ${jump} rule with ${k} options` };
    }
    return { ok: true, rule: { verdict: jump } };
  }
  if (jump !== 'LOG')
    return { ok: false, why: `${cmd}: -j ${jump ?? '(none)'}; the recognised targets are DROP, REJECT and LOG` };
  const match = o.get('match')?.[0];
  if (match !== undefined && match !== 'limit')
    return { ok: false, why: `${cmd}: -m ${match}; only -m limit is recognised` };
  if (match === undefined && (o.has('limit') || o.has('burst')))
    return { ok: false, why: `${cmd}: --limit without -m limit` };
  const log: LogSpec = { ...DEFAULT_LOG };
  if (match === 'limit') {
    // iptables' own defaults for -m limit: 3/hour, burst 5
    const rate = limitRate(o.get('limit')?.[0] ?? '3/hour');
    if (rate === null) return { ok: false, why: `${cmd}: --limit ${o.get('limit')![0]} is not a rate like 3/minute` };
    const burst = Number(o.get('burst')?.[0] ?? '5');
    if (!Number.isInteger(burst) || burst < 1 || burst > 10000)
      return { ok: false, why: `${cmd}: --limit-burst ${o.get('burst')![0]} is not a number from 1 to 10000` };
    log.rate = rate;
    log.burst = burst;
  }
  if (o.has('level')) {
    const level = logLevel(o.get('level')![0]!);
    if (level === null) return { ok: false, why: `${cmd}: --log-level ${o.get('level')![0]} is not a syslog level` };
    log.level = level;
  }
  if (o.has('prefix')) {
    const prefix = o.get('prefix')![0]!;
    if (!validLogPrefix(prefix))
      return {
        ok: false,
        why: `${cmd}: --log-prefix ${JSON.stringify(prefix)} cannot be an nft log prefix (printable, no " or \\, at most 127 bytes)`,
      };
    log.prefix = prefix;
  }
  return { ok: true, rule: { verdict: 'LOG', log, limited: match === 'limit' } };
};

const UNLIMITED_NOTE = `the old line logged every packet; the nft rule logs at most ${DEFAULT_LOG.rate} (burst ${DEFAULT_LOG.burst}) so that a flood cannot fill the logs`;

const recogniseIptables = (pieces: ShellPiece[]): Recognition => {
  const commands = pieces.filter((p): p is { kind: 'command'; words: string[] } => p.kind === 'command');
  const ops = pieces.filter((p) => p.kind === 'operator').map((p) => (p as { op: string }).op);
  if (commands.length > 2 || ops.some((op) => op !== '&&' && op !== ';')) {
    return unknown('iptables: only one rule, or a DROP rule and a LOG rule joined by && or ;, is recognised');
  }
  const rules: IptablesRule[] = [];
  for (const c of commands) {
    if (base(c.words[0]!) !== 'iptables') return unknown(`${c.words[0]}: a second command that is not iptables`);
    const r = readIptablesRule('iptables', c.words.slice(1));
    if (!r.ok) return unknown(r.why);
    rules.push(r.rule);
  }
  const blocks = rules.filter((r) => r.verdict !== 'LOG');
  const logs = rules.filter((r): r is Extract<IptablesRule, { verdict: 'LOG' }> => r.verdict === 'LOG');
  if (blocks.length !== 1)
    return unknown(
      `iptables: ${blocks.length === 0 ? 'a LOG rule without a DROP or REJECT rule' : 'two DROP/REJECT rules'}`,
    );
  const notes: string[] = [];
  if (blocks[0]!.verdict === 'REJECT') notes.push('the old rule answered with REJECT; the set drops silently');
  if (logs.length === 0) {
    return recognised(
      'iptables',
      `iptables rule, one per host (iptables -I INPUT -s $TARGET$ -j ${blocks[0]!.verdict})`,
      { notes },
    );
  }
  if (!logs[0]!.limited) notes.push(UNLIMITED_NOTE);
  return recognised(
    'iptables-log-pair',
    `iptables DROP and LOG rules, two per host (LOG limited to ${logs[0]!.log.rate}, burst ${logs[0]!.log.burst})`,
    {
      log: logs[0]!.log,
      notes,
    },
  );
};

const recogniseIpchains = (w: string[]): Recognition => {
  const r = readOptions('ipchains', w.slice(1), {
    '-I': { key: 'chain', values: 1 },
    '-A': { key: 'chain', values: 1 },
    '-s': { key: 'source', values: 1 },
    '-j': { key: 'jump', values: 1 },
    '-l': { key: 'log', values: 0 },
  });
  if (!r.ok) return unknown(r.why);
  const o = r.opts;
  if (o.get('chain')?.[0] !== 'input')
    return unknown(`ipchains: the rule goes into chain ${o.get('chain')?.[0] ?? '(none)'}, not input`);
  if (!isTarget(o.get('source')?.[0], ['/32']))
    return unknown(`ipchains: the source is ${o.get('source')?.[0] ?? '(none)'}, not $TARGET$`);
  const jump = o.get('jump')?.[0];
  if (jump !== 'DENY' && jump !== 'REJECT')
    return unknown(`ipchains: -j ${jump ?? '(none)'}; the recognised targets are DENY and REJECT`);
  const notes = jump === 'REJECT' ? ['the old rule answered with REJECT; the set drops silently'] : [];
  if (o.has('log')) {
    notes.push(UNLIMITED_NOTE);
    return recognised('ipchains', 'ipchains input rule with logging (ipchains -I input -s $TARGET$ -j DENY -l)', {
      log: DEFAULT_LOG,
      notes,
    });
  }
  return recognised('ipchains', `ipchains input rule (ipchains -I input -s $TARGET$ -j ${jump})`, { notes });
};

const recogniseIpfwadm = (w: string[]): Recognition => {
  const r = readOptions('ipfwadm', w.slice(1), {
    '-I': { key: 'input', values: 0 },
    '-i': { key: 'insert', values: 1 },
    '-a': { key: 'append', values: 1 },
    '-S': { key: 'source', values: 1 },
    '-o': { key: 'log', values: 0 },
  });
  if (!r.ok) return unknown(r.why);
  const o = r.opts;
  const policy = (o.get('insert') ?? o.get('append'))?.[0];
  if (!o.has('input')) return unknown('ipfwadm: the rule is not for the input firewall (-I)');
  if (policy !== 'deny' && policy !== 'reject')
    return unknown(`ipfwadm: policy ${policy ?? '(none)'}; the recognised ones are deny and reject`);
  if (!isTarget(o.get('source')?.[0], ['/32']))
    return unknown(`ipfwadm: the source is ${o.get('source')?.[0] ?? '(none)'}, not $TARGET$`);
  const notes = policy === 'reject' ? ['the old rule answered with reject; the set drops silently'] : [];
  if (o.has('log')) {
    notes.push(UNLIMITED_NOTE);
    return recognised('ipfwadm', 'ipfwadm input rule with logging (ipfwadm -I -i deny -S $TARGET$ -o)', {
      log: DEFAULT_LOG,
      notes,
    });
  }
  return recognised('ipfwadm', `ipfwadm input rule (ipfwadm -I -i ${policy} -S $TARGET$)`, { notes });
};

const IPFW =
  /^add(?: \d+)? (deny|drop|reject|unreach \S+)( log)? (all|ip) from \$TARGET\$(?::255\.255\.255\.255|\/32)? to any$/;

const recogniseIpfw = (w: string[]): Recognition => {
  const text = w.slice(1).join(' ');
  const m = IPFW.exec(text);
  if (m === null)
    return unknown(
      `ipfw ${text}: only "ipfw add [N] deny [log] all from $TARGET$[:255.255.255.255] to any" is recognised`,
    );
  const notes =
    m[1] === 'deny' || m[1] === 'drop' ? [] : [`the old rule answered with ${m[1]}; the set drops silently`];
  if (m[2] !== undefined) notes.push(UNLIMITED_NOTE);
  return recognised('ipfw', `FreeBSD ipfw rule (ipfw ${text})`, {
    log: m[2] !== undefined ? DEFAULT_LOG : null,
    notes,
  });
};

const IPF_RULE = /^block in( log)?( quick)?(?: on (\S+))? from \$TARGET\$(?:\/32)? to any$/;
const IPF_PLACEHOLDER = 'external_interface';

/** echo 'block in log on IF from $TARGET$/32 to any' | ipf -f - */
const recogniseIpf = (pieces: ShellPiece[]): Recognition => {
  const [echo, op, ipf] = pieces as [ShellPiece, ShellPiece, ShellPiece];
  const ipfOk = ipf.kind === 'command' && base(ipf.words[0]!) === 'ipf' && ipf.words.slice(1).join(' ') === '-f -';
  if (
    pieces.length !== 3 ||
    echo.kind !== 'command' ||
    op.kind !== 'operator' ||
    op.op !== '|' ||
    !ipfOk ||
    base(echo.words[0]!) !== 'echo' ||
    echo.words.length !== 2
  ) {
    return unknown('ipf: only "echo \'block in [log] [on IF] from $TARGET$/32 to any\' | ipf -f -" is recognised');
  }
  const rule = echo.words[1]!.trim().replace(/\s+/g, ' ');
  const m = IPF_RULE.exec(rule);
  if (m === null)
    return unknown(`ipf rule "${rule}": only "block in [log] [quick] [on IF] from $TARGET$[/32] to any" is recognised`);
  const notes: string[] = [];
  let iface: string | null = m[3] ?? null;
  if (iface === IPF_PLACEHOLDER) {
    notes.push(
      `the old rule named the sample's placeholder interface "${IPF_PLACEHOLDER}"; the nft rule applies to every interface`,
    );
    iface = null;
  } else if (iface !== null && !/^[A-Za-z0-9_.:-]{1,15}$/.test(iface)) {
    return unknown(`ipf rule "${rule}": "${iface}" is not an interface name nft can match`);
  }
  if (m[1] !== undefined) notes.push(UNLIMITED_NOTE);
  return recognised('ipf', `IP Filter rule (${rule})`, {
    log: m[1] !== undefined ? DEFAULT_LOG : null,
    inputInterface: iface,
    notes,
  });
};

/**
 * Which of 1.2's KILL_ROUTE forms a value is (the upstream and Debian samples, with any path to
 * the command), or why it is left alone.
 */
export const recogniseKillRoute = (value: string): Recognition => {
  if (!value.includes(T)) return unknown('it has no $TARGET$, so 1.2 never runs it ("No target variable specified")');
  const own = parseOwnKillRoute(value);
  if (own !== null) return { kind: 'migrated', timeout: own.timeout, nftPath: own.nftPath };
  const parsed = splitShellLine(value);
  if (!parsed.ok) return unknown(`its shell syntax has ${parsed.why}, which migrate does not interpret`);
  const first = parsed.pieces[0] as { kind: 'command'; words: string[] };
  const cmd = base(first.words[0]!);
  if (cmd === 'echo' || cmd === 'ipf') return recogniseIpf(parsed.pieces);
  if (cmd === 'iptables') return recogniseIptables(parsed.pieces);
  if (parsed.pieces.length > 1)
    return unknown(
      `it runs several commands (${value}); only the iptables DROP+LOG pair and the ipf pipe are recognised`,
    );
  switch (cmd) {
    case 'route':
      return recogniseRoute(first.words);
    case 'ip':
      return recogniseIpRoute(first.words);
    case 'ipchains':
      return recogniseIpchains(first.words);
    case 'ipfwadm':
      return recogniseIpfwadm(first.words);
    case 'ipfw':
      return recogniseIpfw(first.words);
    case 'nft':
      return unknown(
        'it is already an nft command, but not the one portsentry migrate writes (inet portsentry blocked4); it is left as it is',
      );
    case 'ip6tables':
      return unknown('ip6tables: 1.2 only blocks IPv4 hosts, so this line never blocks anything');
    default:
      return unknown(
        `${first.words[0]} is not a blocking command migrate knows (route, ip route, iptables, ipchains, ipfwadm, ipfw, ipf)`,
      );
  }
};
