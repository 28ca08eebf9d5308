import { atoi, FGETS_MAX } from '../config/c-compat.js';
import { setOption, inValue, protocolsFor, type ConfContext } from './conf-context.js';
import { keyInfo, KEY_NAMES } from './keys.js';
import { MAX_STATE } from '../engine/trigger-state.js';
import { show } from './show.js';

/** Options 1.2 reads with atoi(). */
const NUMERIC = [
  'BLOCK_TCP',
  'BLOCK_UDP',
  'RESOLVE_HOST',
  'SCAN_TRIGGER',
  'KILL_RUN_CMD_FIRST',
  'ADVANCED_PORTS_TCP',
  'ADVANCED_PORTS_UDP',
];

/** How a value reads when it is a plain number. */
const isPlainNumber = (v: string): boolean => /^ *[+-]?[0-9]+ *$/.test(v);

/** Missing quotes, values cut short, unclosed quotes, numbers that are not numbers. */
export const checkValues = (ctx: ConfContext): void => {
  const { findings, file } = ctx;
  for (const o of ctx.eff.options) {
    if (o.status === 'no-quotes') {
      const later = (ctx.occurrences.get(o.key) ?? []).filter((x) => x.line > o.line!);
      findings.add(
        file,
        { line: o.line!, column: o.column! },
        'warning',
        'missing-quotes',
        `${o.key} has no quotes: 1.2 logs "Quotes missing from ${o.key} token. Option skipped" and goes on as if it were not set (${keyInfo(o.key).whenAbsent})` +
          (later.length > 0 ? `; it never reads the ${o.key} at line ${later[0]!.line}` : ''),
        `write ${o.key}="..."`,
      );
      continue;
    }
    if (o.status !== 'set') continue;
    const value = o.value!;
    const end = inValue({ line: o.line!, column: o.column! }, value.length);
    const reads = `1.2 reads ${o.key}="${show(value)}"`;
    switch (o.stoppedBy) {
      case 'tab':
        findings.add(
          file,
          end,
          'warning',
          'value-cut',
          `${o.key}'s value is cut at a tab: ${reads}`,
          'replace the tab with a space',
        );
        break;
      case 'carriage-return':
        findings.add(
          file,
          end,
          'warning',
          'value-cut',
          `${o.key}'s value is cut at a carriage return (a CRLF line ending?): ${reads}`,
          'convert the file to Unix line endings (dos2unix), and close the quote',
        );
        break;
      case 'other-byte':
        findings.add(
          file,
          end,
          'warning',
          'value-cut',
          `${o.key}'s value is cut at a byte that is not printable ASCII: ${reads}`,
          'use plain ASCII, and straight double quotes',
        );
        break;
      case 'length':
        findings.add(
          file,
          end,
          'warning',
          'value-cut',
          `${o.key}'s value is cut after ${value.length} bytes: ${reads}`,
        );
        break;
      case 'end-of-piece':
        if ((o.column! - 1 + value.length) % FGETS_MAX === 0) {
          findings.add(
            file,
            end,
            'warning',
            'value-cut',
            `${o.key}'s value is cut where 1.2's ${FGETS_MAX}-byte line buffer ends: ${reads}`,
            'shorten the line',
          );
        } else {
          findings.add(
            file,
            end,
            'info',
            'unclosed-quote',
            `${o.key}'s value has no closing quote: 1.2 reads it to the end of the file`,
          );
        }
        break;
      case 'end-of-line':
        findings.add(
          file,
          end,
          'info',
          'unclosed-quote',
          `${o.key}'s value has no closing quote: 1.2 reads it to the end of the line`,
        );
        break;
      default:
        break;
    }
    if (NUMERIC.includes(o.key) && !isPlainNumber(value)) {
      findings.add(
        file,
        { line: o.line!, column: o.column! },
        'warning',
        'not-a-number',
        `${o.key}="${show(value)}" is not a number: 1.2 reads it as ${atoi(value)}`,
      );
    }
  }
};

/** Options set on more than one line: 1.2 reads the first and never the others. */
export const checkDuplicates = (ctx: ConfContext): void => {
  for (const key of KEY_NAMES) {
    const all = ctx.occurrences.get(key) ?? [];
    if (all.length < 2) continue;
    const first = all[0]!;
    for (const again of all.slice(1)) {
      const at = { line: again.line, column: again.column };
      if (key === 'KILL_ROUTE') {
        ctx.findings.add(
          ctx.file,
          at,
          'warning',
          'multiple-kill-route',
          `another KILL_ROUTE: 1.2 runs only the first one, at line ${first.line}, and never reads this one`,
          'join the commands with " && " in one KILL_ROUTE, or run the second one from KILL_RUN_CMD',
        );
      } else {
        ctx.findings.add(
          ctx.file,
          at,
          'warning',
          'duplicate-key',
          `${key} is set again: 1.2 uses the first one, at line ${first.line}, and never reads this one`,
          'delete one of the two lines',
        );
      }
    }
  }
};

/** BLOCKED_FILE, HISTORY_FILE, IGNORE_FILE: without them InitConfig() refuses to start. */
export const checkMandatory = (ctx: ConfContext): void => {
  for (const key of ['BLOCKED_FILE', 'HISTORY_FILE', 'IGNORE_FILE']) {
    const o = ctx.eff.options.find((x) => x.key === key)!;
    if (o.status === 'set') continue;
    const at = o.status === 'no-quotes' ? { line: o.line!, column: o.column! } : null;
    ctx.findings.add(
      ctx.file,
      at,
      'error',
      'missing-mandatory',
      `${key} ${o.status === 'no-quotes' ? 'cannot be read (no quotes)' : 'is not set'}: 1.2 refuses to start ("InitConfig: Cannot retrieve ${key} option! Aborting")`,
      `add ${key}="/path/to/file"`,
    );
  }
};

/** SCAN_TRIGGER absent or beyond the state engine. */
export const checkScanTrigger = (ctx: ConfContext): void => {
  const o = ctx.eff.options.find((x) => x.key === 'SCAN_TRIGGER')!;
  if (o.status === 'absent') {
    ctx.findings.add(
      ctx.file,
      null,
      'warning',
      'scan-trigger-missing',
      'SCAN_TRIGGER is not set: 1.2 logs "Could not read SCAN_TRIGGER option" at every start and reacts to the first connection',
      'add SCAN_TRIGGER="0"',
    );
    return;
  }
  const set = setOption(ctx, 'SCAN_TRIGGER');
  if (set === null) return;
  const n = atoi(set.value);
  if (n > MAX_STATE) {
    ctx.findings.add(
      ctx.file,
      { line: set.line, column: set.column },
      'warning',
      'scan-trigger-too-high',
      `SCAN_TRIGGER is ${n}, more than the ${MAX_STATE} connections 1.2 remembers: it logs "Trigger value ${n} is larger than state engine capacity" and reacts to every connection, as with 0`,
      `use a value from 0 to ${MAX_STATE} (1 or 2 reduce false alarms)`,
    );
  }
};

const blockValue = (ctx: ConfContext, proto: 'TCP' | 'UDP'): number => {
  const v = setOption(ctx, `BLOCK_${proto}`);
  return v === null ? 0 : atoi(v.value);
};

/** BLOCK_* values, and responses that can never run or have nothing to run. */
export const checkBlocking = (ctx: ConfContext): void => {
  const has = (key: string) => setOption(ctx, key) !== null;
  const protos = protocolsFor(ctx.mode);
  for (const proto of protos) {
    const key = `BLOCK_${proto}`;
    const o = setOption(ctx, key);
    if (o === null) continue;
    const at = { line: o.line, column: o.column };
    const n = atoi(o.value);
    if (n !== 0 && n !== 1 && n !== 2) {
      ctx.findings.add(
        ctx.file,
        at,
        'warning',
        'block-value',
        `${key} is ${n}: 1.2 knows 0 (log only), 1 (block) and 2 (run KILL_RUN_CMD only); with ${n} it logs "Ignoring ${proto} response per configuration file setting." and blocks nothing`,
        `set ${key}="0", "1" or "2"`,
      );
    } else if (n === 1 && !has('KILL_ROUTE') && !has('KILL_HOSTS_DENY') && !has('KILL_RUN_CMD')) {
      ctx.findings.add(
        ctx.file,
        at,
        'warning',
        'nothing-to-run',
        `${key} is 1 but none of KILL_ROUTE, KILL_HOSTS_DENY and KILL_RUN_CMD is set: 1.2 blocks nothing (it only writes the host to the blocked file)`,
        'set KILL_ROUTE or KILL_HOSTS_DENY',
      );
    } else if (n === 2 && !has('KILL_RUN_CMD')) {
      ctx.findings.add(
        ctx.file,
        at,
        'warning',
        'nothing-to-run',
        `${key} is 2 (run KILL_RUN_CMD only) but KILL_RUN_CMD is not set: 1.2 runs nothing`,
        'set KILL_RUN_CMD, or use 1 to block',
      );
    }
  }
  const runCmd = setOption(ctx, 'KILL_RUN_CMD');
  if (runCmd !== null && !protos.some((p) => [1, 2].includes(blockValue(ctx, p)))) {
    const names = protos.map((p) => `BLOCK_${p}`).join(' or ');
    ctx.findings.add(
      ctx.file,
      { line: runCmd.line, column: runCmd.column },
      'warning',
      'run-cmd-unused',
      `KILL_RUN_CMD never runs: 1.2 runs it only when ${names} is 1 or 2`,
      `set ${protos.map((p) => `BLOCK_${p}`).join(' or ')} to "2" to run only this command, or to "1" to block too`,
    );
  }
  const first = ctx.occurrences.get('KILL_RUN_CMD_FIRST') ?? [];
  if (first.length > 0 && runCmd === null) {
    ctx.findings.add(
      ctx.file,
      { line: first[0]!.line, column: first[0]!.column },
      'info',
      'run-cmd-first-unused',
      'KILL_RUN_CMD_FIRST has no effect: 1.2 reads it only when KILL_RUN_CMD is set',
    );
  }
};

/** RESOLVE_HOST and PORT_BANNER notes. */
export const checkNotes = (ctx: ConfContext): void => {
  const resolve = setOption(ctx, 'RESOLVE_HOST');
  if (resolve !== null && atoi(resolve.value) !== 0) {
    ctx.findings.add(
      ctx.file,
      { line: resolve.line, column: resolve.column },
      'info',
      'resolve-host-dns',
      'RESOLVE_HOST is on: every detected scan waits for a reverse DNS lookup before it is logged and blocked, and the scanner may control that DNS server',
      'set RESOLVE_HOST="0" unless you need host names in the log',
    );
  }
  const banner = ctx.occurrences.get('PORT_BANNER') ?? [];
  if (banner.length > 0 && ctx.mode !== undefined && ctx.mode !== 'tcp' && ctx.mode !== 'udp') {
    ctx.findings.add(
      ctx.file,
      { line: banner[0]!.line, column: banner[0]!.column },
      'info',
      'banner-stealth',
      `PORT_BANNER is not used in -${ctx.mode} mode: stealth modes never answer a connection`,
    );
  }
};
