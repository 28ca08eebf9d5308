import { atoi, strtokCommas } from '../config/c-compat.js';
import { boundPortNumber, MAX_PORTS, parsePortList } from '../config/port-list.js';
import type { Mode } from '../config/settings.js';
import { setOption, inValue, type ConfContext } from './conf-context.js';
import { advancedPortCount } from './effective.js';
import { keyInfo } from './keys.js';
import { show } from './show.js';
import { plural } from '../system/plural.js';

/** A strtok piece of a list and where it starts in the value. */
interface Piece {
  text: string;
  index: number;
}

/** strtokCommas() with each piece's offset (the same pieces: checked against it). */
const listPieces = (value: string): Piece[] => {
  const out: Piece[] = [];
  let index = 0;
  for (const text of value.split(',')) {
    if (text.length > 0) out.push({ text, index });
    index += text.length + 1;
  }
  const reference = strtokCommas(value);
  if (out.length !== reference.length || out.some((p, i) => p.text !== reference[i])) {
    throw new Error(`portsentry lint: port list pieces disagree with strtok for "${value}"`);
  }
  return out;
};

const isPlainPort = (s: string): boolean => /^ *[+-]?[0-9]+ *$/.test(s);

/** What 1.2 does with a configured port number outside 1..65535. */
const outOfRange = (n: number, mode: Mode | undefined): string => {
  if (n === 0) return 'binds port 0, which makes the kernel pick a random free port';
  const bound = `binds port ${boundPortNumber(n)} instead (the low 16 bits)`;
  // PortSentryStealthModeTCP/UDP keep the configured number and compare it with each packet's port
  const stealth = `watches for port ${n}, which no packet carries`;
  if (mode === 'stcp' || mode === 'sudp') return `checks port ${boundPortNumber(n)} for a listener, then ${stealth}`;
  return mode === undefined ? `${bound}; in stealth mode it ${stealth}` : bound;
};

const PROTO_OF: Record<'TCP_PORTS' | 'UDP_PORTS', 'tcp' | 'udp'> = { TCP_PORTS: 'tcp', UDP_PORTS: 'udp' };

/** TCP_PORTS / UDP_PORTS: presence for the mode, then every piece as the port loops read it. */
export const checkPortList = (ctx: ConfContext, key: 'TCP_PORTS' | 'UDP_PORTS'): void => {
  const info = keyInfo(key);
  if (ctx.mode !== undefined && !info.modes.includes(ctx.mode)) return;
  const o = ctx.eff.options.find((x) => x.key === key)!;
  const proto = PROTO_OF[key];
  const PROTO = proto.toUpperCase();
  const needed = ctx.mode !== undefined;
  const who = ctx.mode !== undefined ? `-${ctx.mode}` : info.modes.map((m) => `-${m}`).join(' and ');
  if (o.status !== 'set') {
    ctx.findings.add(
      ctx.file,
      o.status === 'no-quotes' ? { line: o.line!, column: o.column! } : null,
      needed ? 'error' : 'info',
      'missing-port-list',
      `${key} ${o.status === 'no-quotes' ? 'cannot be read (no quotes)' : 'is not set'}: ${who} ${needed ? 'refuses' : 'refuse'} to start ("Could not read ${key} option from config file")`,
      `add ${key}="..." with the ports to watch`,
    );
    return;
  }
  const set = setOption(ctx, key)!;
  const pieces = listPieces(set.value);
  if (pieces.length === 0) {
    ctx.findings.add(
      ctx.file,
      { line: set.line, column: set.column },
      needed ? 'error' : 'warning',
      'empty-port-list',
      `${key} lists no ports: ${who} ${needed ? 'refuses' : 'refuse'} to start ("No ${PROTO} ports supplied in config file. Aborting")`,
    );
    return;
  }
  const kept = parsePortList(set.value).ports;
  const firstAt = new Map<number, number>();
  const toProbe: { port: number; at: { line: number; column: number } }[] = [];
  pieces.forEach((piece, i) => {
    const at = inValue(set, piece.index);
    if (i === MAX_PORTS) {
      ctx.findings.add(
        ctx.file,
        at,
        'warning',
        'port-beyond-64',
        `${key} lists ${pieces.length} ports: 1.2 keeps the first ${MAX_PORTS} and ignores the other ${pieces.length - MAX_PORTS}, from "${show(piece.text.trim())}" on`,
        `watch at most ${MAX_PORTS} ports per list`,
      );
    }
    if (i >= MAX_PORTS) return;
    const n = kept[i]!;
    if (!isPlainPort(piece.text)) {
      ctx.findings.add(
        ctx.file,
        at,
        'warning',
        'port-not-number',
        `"${show(piece.text)}" is not a port number: 1.2 reads it as ${n}` +
          (n < 1 || n > 65535 ? ` and ${outOfRange(n, ctx.mode)}` : ''),
        'list port numbers separated by commas',
      );
    } else if (n < 1 || n > 65535) {
      ctx.findings.add(
        ctx.file,
        at,
        'warning',
        'port-out-of-range',
        `port ${n} is out of range: 1.2 ${outOfRange(n, ctx.mode)}`,
        'use ports from 1 to 65535',
      );
    }
    const bound = boundPortNumber(n);
    // port 0 gets a fresh random port at every bind: repeating it does not fail
    if (bound === 0) return;
    const before = firstAt.get(bound);
    if (before !== undefined) {
      ctx.findings.add(
        ctx.file,
        at,
        'warning',
        'port-repeated',
        `port ${bound} is listed again (first at column ${before}): the second bind fails and 1.2 logs an error for it`,
        'delete the repetition',
      );
      return;
    }
    firstAt.set(bound, at.column);
    if (proto === 'tcp' && (bound === 2000 || (bound >= 6000 && bound <= 6063)) && ctx.env.xServerRunning()) {
      ctx.findings.add(
        ctx.file,
        at,
        'warning',
        'x-server-port',
        `an X server runs on this host: watching port ${bound} ${bound === 2000 ? '(OpenWindows)' : '(X11)'} keeps X clients from starting properly`,
        `remove ${bound} from TCP_PORTS`,
      );
    }
    toProbe.push({ port: bound, at });
  });
  if (ctx.probe && (ctx.mode === undefined || !ctx.mode.startsWith('a'))) probePorts(ctx, key, proto, toProbe);
};

const probePorts = (
  ctx: ConfContext,
  key: string,
  proto: 'tcp' | 'udp',
  ports: { port: number; at: { line: number; column: number } }[],
): void => {
  let denied = 0;
  let failed = 0;
  for (const { port, at } of ports) {
    const r = ctx.env.probePort(proto, port);
    if (r === 'in-use') {
      ctx.findings.add(
        ctx.file,
        at,
        'warning',
        'port-in-use',
        `port ${port}/${proto} is already held by a running service: 1.2 cannot bind it and does not watch it`,
        `remove ${port} from ${key} (if portsentry itself is running, these are its own sockets)`,
      );
    } else if (r === 'denied') denied++;
    else if (r === 'error') failed++;
  }
  if (denied + failed > 0) {
    ctx.findings.add(
      ctx.file,
      null,
      'info',
      'port-probe-incomplete',
      `could not check ${plural(denied + failed, `${proto.toUpperCase()} port`)} for running services` +
        (denied > 0 ? ' (ports below 1024 need root)' : ''),
    );
  }
};

/** ADVANCED_PORTS_* and ADVANCED_EXCLUDE_* for -atcp / -audp. */
export const checkAdvanced = (ctx: ConfContext, proto: 'TCP' | 'UDP'): void => {
  const mode: Mode = proto === 'TCP' ? 'atcp' : 'audp';
  if (ctx.mode !== undefined && ctx.mode !== mode) return;
  const key = `ADVANCED_PORTS_${proto}`;
  const exclKey = `ADVANCED_EXCLUDE_${proto}`;
  const o = setOption(ctx, key);
  if (o === null && ctx.mode === mode) {
    ctx.findings.add(
      ctx.file,
      null,
      'info',
      'advanced-ports-default',
      `${key} is not set: 1.2 logs "Could not read ${key} option from config file. Assuming 1024." and watches ports below 1024`,
    );
  }
  const limit = advancedPortCount(o === null ? null : o.value);
  if (o !== null) {
    const n = atoi(o.value);
    const at = { line: o.line, column: o.column };
    if (n < 0 || n > 65535) {
      ctx.findings.add(
        ctx.file,
        at,
        'warning',
        'advanced-ports-range',
        `${key} is ${n}: 1.2 watches every port, but first opens and binds ${limit} sockets one by one at start-up` +
          (limit > 65536 ? ', which takes very long' : ''),
        `use 1024 (the default) or at most 65535`,
      );
    } else if (n === 0) {
      ctx.findings.add(ctx.file, at, 'warning', 'advanced-ports-range', `${key} is 0: -${mode} watches no port at all`);
    }
  }
  const excl = setOption(ctx, exclKey);
  if (excl === null) return;
  const pieces = listPieces(excl.value);
  pieces.forEach((piece, i) => {
    const at = inValue(excl, piece.index);
    if (i === 65) {
      ctx.findings.add(
        ctx.file,
        at,
        'warning',
        'port-beyond-64',
        `${exclKey} lists ${pieces.length} ports: 1.2 keeps the first 65 and ignores the rest, from "${show(piece.text.trim())}" on`,
      );
    }
    if (i >= 65) return;
    const n = atoi(piece.text);
    if (!isPlainPort(piece.text)) {
      ctx.findings.add(
        ctx.file,
        at,
        'warning',
        'port-not-number',
        `"${show(piece.text)}" is not a port number: 1.2 reads it as ${n}`,
      );
    }
    if (n >>> 0 >= limit) {
      ctx.findings.add(
        ctx.file,
        at,
        'warning',
        'exclude-meaningless',
        `port ${n} is not below ${key} (${limit}): -${mode} never watches it anyway, so excluding it changes nothing`,
        limit <= 65535 ? `remove ${n} from ${exclKey}, or raise ${key} above it` : `remove ${n} from ${exclKey}`,
      );
    }
  });
};
