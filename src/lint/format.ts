import { keyInfo } from './keys.js';
import type { Effective, EffectiveOption } from './effective.js';
import type { Finding } from './finding.js';
import type { ConfLintResult } from './lint-conf.js';
import type { IgnoreLintResult } from './lint-ignore.js';
import { show } from './show.js';
import { plural } from '../system/plural.js';

/** Text output shows at most this many findings; JSON has them all. */
export const MAX_SHOWN = 1000;

/** FILE:LINE:COL: severity: message [rule], then "    hint: ..." when a fix is known. */
export const formatFinding = (f: Finding): string => {
  const where = f.line === null ? f.file : `${f.file}:${f.line}:${f.column}`;
  return `${where}: ${f.severity}: ${f.message} [${f.rule}]\n` + (f.hint === undefined ? '' : `    hint: ${f.hint}\n`);
};

const summaryLine = (findings: readonly Finding[]): string => {
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  return `summary: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info\n`;
};

/** The findings, compiler style, and the summary. */
export const formatText = (findings: readonly Finding[]): string => {
  const shown = findings.slice(0, MAX_SHOWN).map(formatFinding).join('');
  const more =
    findings.length > MAX_SHOWN ? `... ${findings.length - MAX_SHOWN} more findings not shown (see --json)\n` : '';
  return shown + more + summaryLine(findings);
};

const provenance = (o: EffectiveOption): string => {
  switch (o.status) {
    case 'set':
      return `# ${o.key}: line ${o.line}, column ${o.column}`;
    case 'no-quotes':
      return `# ${o.key}: skipped, line ${o.line} has no quotes (${keyInfo(o.key).whenAbsent})`;
    case 'not-read':
      return `# ${o.key}: not read, KILL_RUN_CMD is not set (${keyInfo(o.key).whenAbsent})`;
    case 'absent':
      return `# ${o.key}: not set (${keyInfo(o.key).whenAbsent})`;
  }
};

/**
 * The configuration the daemon runs with, as a config file 1.2 reads the same way: each option's
 * value as the daemon reads it, preceded by a comment with the line it came from. Comments are
 * whole lines starting with '#' so 1.2 never reads them.
 */
export const formatEffective = (eff: Effective): string => {
  const lines: string[] = [
    // the path the admin gave, however long (show's default cut is for values read from the file)
    `# ${show(eff.file, Number.POSITIVE_INFINITY)} as portsentry 1.2 reads it` +
      (eff.mode === null ? ' (all modes)' : ` (mode -${eff.mode})`),
  ];
  if (eff.settings === null) {
    lines.push(`# 1.2 refuses to start: ${eff.initLog.map((l) => show(l.trim(), 200)).join(' / ')}`);
  } else {
    lines.push(`# blocked file for -${eff.settings.mode}: ${show(eff.settings.blockedFile, 1100)}`);
  }
  for (const o of eff.options) {
    lines.push(provenance(o));
    if (o.status === 'set') {
      lines.push(`${o.key}="${o.value}"`);
      if (o.key === 'TCP_PORTS' || o.key === 'UDP_PORTS') {
        const ports = o.key === 'TCP_PORTS' ? eff.tcpPorts! : eff.udpPorts!;
        lines.push(`#   ports 1.2 keeps: ${ports.length === 0 ? '(none)' : ports.join(',')}`);
      }
      if (o.key === 'ADVANCED_PORTS_TCP' || o.key === 'ADVANCED_PORTS_UDP') {
        lines.push(`#   watches ports below ${o.key.endsWith('TCP') ? eff.advancedTcp : eff.advancedUdp}`);
      }
    } else if (o.status === 'no-quotes') {
      // kept as a line without quotes, so that the daemon reading this output logs the same
      // "Quotes missing" line as it does for the original
      lines.push(`${o.key}=`);
    }
  }
  return `${lines.join('\n')}\n`;
};

/** `--json`: findings, summary, exit status and the effective configuration. */
export const confJson = (r: ConfLintResult): string => {
  const count = (s: Finding['severity']) => r.findings.filter((f) => f.severity === s).length;
  const eff = r.effective;
  return `${JSON.stringify(
    {
      file: r.file,
      mode: r.mode,
      exitStatus: r.exitStatus,
      summary: { errors: count('error'), warnings: count('warning'), info: count('info') },
      findings: r.findings,
      effective:
        eff === null
          ? null
          : {
              startsUp: eff.settings !== null,
              refusal: eff.settings === null ? eff.initLog.map((l) => l.trim()) : null,
              blockedFile: eff.settings?.blockedFile ?? null,
              options: eff.options,
              tcpPorts: eff.tcpPorts,
              udpPorts: eff.udpPorts,
              advancedPortsTcp: eff.advancedTcp,
              advancedPortsUdp: eff.advancedUdp,
              advancedExcludeTcp: eff.advancedExcludeTcp,
              advancedExcludeUdp: eff.advancedExcludeUdp,
            },
      ignoreEntries: r.ignoreEntries,
    },
    null,
    2,
  )}\n`;
};

export const ignoreJson = (r: IgnoreLintResult): string => {
  const count = (s: Finding['severity']) => r.findings.filter((f) => f.severity === s).length;
  return `${JSON.stringify(
    {
      file: r.file,
      exitStatus: r.exitStatus,
      summary: { errors: count('error'), warnings: count('warning'), info: count('info') },
      findings: r.findings,
      entries: r.entries,
    },
    null,
    2,
  )}\n`;
};
