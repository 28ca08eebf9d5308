import { atoi } from '../config/c-compat.js';
import { setOption, inValue, protocolsFor, type ConfContext } from './conf-context.js';
import { insecurePathReason, secureHint } from './file-safety.js';
import { show } from './show.js';

type Response = 'KILL_ROUTE' | 'KILL_HOSTS_DENY' | 'KILL_RUN_CMD';

/** Whether DisposeTCP/DisposeUDP can run this response with the BLOCK_* values of this run. */
const responseUsed = (ctx: ConfContext, key: Response): boolean =>
  protocolsFor(ctx.mode).some((p) => {
    const v = setOption(ctx, `BLOCK_${p}`);
    const n = v === null ? 0 : atoi(v.value);
    return n === 1 || (n === 2 && key === 'KILL_RUN_CMD');
  });

const unusedNote = (ctx: ConfContext): string =>
  ` (it does not run with the current ${protocolsFor(ctx.mode)
    .map((p) => `BLOCK_${p}`)
    .join(' and ')})`;

/** Shell words that are not programs on disk. */
const SHELL_BUILTINS = new Set([
  '.',
  ':',
  '[',
  'alias',
  'break',
  'cd',
  'command',
  'continue',
  'echo',
  'eval',
  'exec',
  'exit',
  'export',
  'false',
  'for',
  'if',
  'kill',
  'printf',
  'pwd',
  'read',
  'return',
  'set',
  'shift',
  'test',
  'times',
  'trap',
  'true',
  'type',
  'ulimit',
  'umask',
  'unset',
  'wait',
  'while',
  'until',
  'case',
  '{',
  '(',
  '!',
]);

/** The first word of a command as /bin/sh sees it (variable assignments skipped), and where it starts. */
const firstWord = (command: string): { word: string; index: number } | null => {
  const re = /[^\s;&|<>()`]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(command)) !== null) {
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(m[0])) continue;
    return { word: m[0].replace(/^["']|["']$/g, ''), index: m.index };
  }
  return null;
};

/** The program a command runs: its path, or null when the shell runs it itself. */
const resolveProgram = (ctx: ConfContext, word: string): { path: string | null; searched: boolean } => {
  if (word.includes('/')) return { path: word, searched: false };
  for (const dir of ctx.env.commandPath.split(':')) {
    const candidate = `${dir}/${word}`;
    const facts = ctx.env.stat(candidate);
    if (!('error' in facts)) return { path: candidate, searched: true };
  }
  return { path: null, searched: true };
};

/** KILL_ROUTE / KILL_RUN_CMD: the program exists, is executable, and only root can change it. */
const checkProgram = (ctx: ConfContext, key: 'KILL_ROUTE' | 'KILL_RUN_CMD'): string | null => {
  const o = setOption(ctx, key);
  if (o === null) return null;
  const first = firstWord(o.value);
  if (first === null || SHELL_BUILTINS.has(first.word) || first.word.includes('$')) return null;
  const at = inValue(o, first.index);
  const used = responseUsed(ctx, key);
  const severity = used ? 'error' : 'warning';
  const note = used ? '' : unusedNote(ctx);
  const { path, searched } = resolveProgram(ctx, first.word);
  if (path === null) {
    ctx.findings.add(
      ctx.file,
      at,
      severity,
      'program-not-found',
      `${key} runs "${show(first.word)}", which is not in the daemon's PATH (${ctx.env.commandPath}): the shell fails and nothing is blocked${note}`,
      'give the full path of an installed program',
    );
    return first.word;
  }
  const facts = ctx.env.stat(path);
  if ('error' in facts) {
    ctx.findings.add(
      ctx.file,
      at,
      severity,
      'program-not-found',
      `${key} runs ${show(path)}, which does not exist: the shell fails and nothing is ${key === 'KILL_ROUTE' ? 'blocked' : 'run'}${note}`,
      'give the full path of an installed program',
    );
    return path;
  }
  if (facts.kind !== 'file' || (facts.mode & 0o111) === 0) {
    ctx.findings.add(
      ctx.file,
      at,
      severity,
      'program-not-executable',
      `${key} runs ${show(path)}, which is ${facts.kind === 'directory' ? 'a directory' : facts.kind === 'file' ? `not executable (mode ${facts.mode.toString(8).padStart(4, '0')})` : 'not a regular file'}: the shell fails${note}`,
      facts.kind === 'file' ? `chmod 755 ${show(path)}` : undefined,
    );
  }
  const reason = insecurePathReason(ctx.env, path, facts);
  if (reason !== null) {
    ctx.findings.add(
      ctx.file,
      at,
      'error',
      'insecure-file',
      `${key} runs ${show(path)}${searched ? ` (found in PATH)` : ''}, which is ${reason.reason}: whoever can change it runs commands as root when a scan is detected`,
      secureHint(reason.fix),
    );
  }
  return path;
};

const basename = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/** Kernel release "6.1.0-18-amd64" -> [6, 1]. */
const kernelVersion = (release: string): [number, number] => {
  const m = /^(\d+)\.(\d+)/.exec(release);
  return m === null ? [0, 0] : [Number(m[1]), Number(m[2])];
};

/** The KILL_* options: $TARGET$, programs, and the sample config's traps. */
export const checkResponses = (ctx: ConfContext): void => {
  for (const key of ['KILL_ROUTE', 'KILL_HOSTS_DENY'] as const) {
    const o = setOption(ctx, key);
    if (o === null || o.value.includes('$TARGET$')) continue;
    const used = responseUsed(ctx, key);
    ctx.findings.add(
      ctx.file,
      { line: o.line, column: o.column },
      used ? 'error' : 'warning',
      'no-target',
      `${key} has no $TARGET$: 1.2 never runs it ("No target variable specified in ${key} option. Skipping.")${used ? '' : unusedNote(ctx)}`,
      `put $TARGET$ where the attacker's address goes`,
    );
  }

  const routeProgram = checkProgram(ctx, 'KILL_ROUTE');
  checkProgram(ctx, 'KILL_RUN_CMD');

  for (const key of ['KILL_ROUTE', 'KILL_RUN_CMD'] as const) {
    const o = setOption(ctx, key);
    if (o === null) continue;
    for (const placeholder of ['333.444.555.666', '333.444.555.66']) {
      const i = o.value.indexOf(placeholder);
      if (i === -1) continue;
      ctx.findings.add(
        ctx.file,
        inValue(o, i),
        'warning',
        'example-gateway',
        `${placeholder} is the sample config's placeholder gateway, not an address: the command fails and nothing is blocked`,
        'use "route add -host $TARGET$ reject", or the address of a dead host on the local subnet',
      );
      break;
    }
    const level = /--log-level\s+([A-Za-z]+)/.exec(o.value);
    if (level !== null && level[1] !== level[1]!.toLowerCase()) {
      ctx.findings.add(
        ctx.file,
        inValue(o, level.index),
        'warning',
        'iptables-log-level',
        `iptables rejects "--log-level ${level[1]}": it only knows lower-case level names, so the whole command fails`,
        `write --log-level ${level[1]!.toLowerCase()}`,
      );
    }
  }

  const kernel = ctx.env.kernel();
  const route = setOption(ctx, 'KILL_ROUTE');
  if (route !== null && routeProgram !== null && kernel.type === 'Linux') {
    const [major, minor] = kernelVersion(kernel.release);
    const modern = major > 2 || (major === 2 && minor >= 6);
    const tool = basename(routeProgram);
    const at = inValue(route, firstWord(route.value)!.index);
    if (modern && (tool === 'ipchains' || tool === 'ipfwadm')) {
      ctx.findings.add(
        ctx.file,
        at,
        'warning',
        'legacy-firewall',
        `KILL_ROUTE uses ${tool}, which Linux dropped in 2.6 (this kernel is ${show(kernel.release)}): nothing is blocked`,
        'run "portsentry migrate nftables" to rewrite it for nftables',
      );
    } else if (modern && tool === 'route') {
      ctx.findings.add(
        ctx.file,
        at,
        'warning',
        'legacy-firewall',
        `KILL_ROUTE blocks with route, a legacy tool on Linux ${show(kernel.release)}: a reject route only stops replies to the scanner, not its packets`,
        'run "portsentry migrate nftables" to rewrite it for nftables',
      );
    }
  }

  const deny = setOption(ctx, 'KILL_HOSTS_DENY');
  if (deny !== null) {
    const re = /%(.?)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(deny.value)) !== null) {
      if (m[1] !== '' && 'aAcdhHnNpsu%'.includes(m[1]!)) continue;
      ctx.findings.add(
        ctx.file,
        inValue(deny, m.index),
        'warning',
        'hosts-deny-percent',
        `"%${show(m[1]!)}" is not a tcp_wrappers expansion: tcpd logs "unrecognized %${show(m[1]!)}" and drops it from the hosts.deny rule`,
        'write "%%" for a literal "%"',
      );
    }
  }
};
