import type { ConfigFile } from '../config/config-file.js';
import type { Mode } from '../config/settings.js';
import { scanConfigLines } from './config-lines.js';
import type { ConfContext } from './conf-context.js';
import { setOption } from './conf-context.js';
import { readEffective, type Effective } from './effective.js';
import { insecurePathReason, secureHint } from './file-safety.js';
import { FindingList, exitStatusFor, type Finding } from './finding.js';
import { lintIgnoreContent, type IgnoreView } from './ignore-rules.js';
import type { LintEnv } from './lint-env.js';
import {
  checkBlocking,
  checkDuplicates,
  checkMandatory,
  checkNotes,
  checkScanTrigger,
  checkValues,
} from './option-rules.js';
import { checkAdvanced, checkPortList } from './port-rules.js';
import { errnoText, readInput } from './read-input.js';
import { checkCrowdsec } from './crowdsec-rules.js';
import { checkExtensions } from './extension-rules.js';
import { checkIpv6, ipv6Enabled } from './ipv6-rules.js';
import { checkResponses } from './response-rules.js';
import { sortFindings } from './sort.js';

interface ConfLintOptions {
  mode?: Mode;
  /** bind each listed port to find those a running service holds (default true) */
  probe?: boolean;
}

export interface ConfLintResult {
  file: string;
  mode: Mode | null;
  findings: Finding[];
  /** null when the file could not be read at all */
  effective: Effective | null;
  /** the ignore file named by IGNORE_FILE, as 1.2 reads it, when it could be read */
  ignoreEntries: IgnoreView[] | null;
  exitStatus: 0 | 1 | 2;
}

/**
 * `portsentry lint conf`: reads the config with the daemon's own reader (fgetsChunks,
 * pieceMatchesToken, lookupToken, initConfig without side effects, parsePortList) and says,
 * for every line that matters, what the daemon will do with it; then checks the files the config
 * names (ignore file, response programs) and what `mode` needs.
 */
export const lintConf = (path: string, options: ConfLintOptions, env: LintEnv): ConfLintResult => {
  const findings = new FindingList();
  const input = readInput(path, 'config', env, findings);
  if (input === null) {
    const sorted = sortFindings(findings.items, path);
    return {
      file: path,
      mode: options.mode ?? null,
      findings: sorted,
      effective: null,
      ignoreEntries: null,
      exitStatus: exitStatusFor(sorted),
    };
  }
  const reason = insecurePathReason(env, path, input.facts);
  if (reason !== null) {
    findings.add(
      path,
      null,
      'error',
      'insecure-file',
      `${path} is ${reason.reason}: whoever can write it chooses the commands 1.2 runs as root`,
      secureHint(reason.fix),
    );
  }
  const config: ConfigFile = { path, content: input.content };
  // binary input: its "lines" are noise, but the options 1.2 would find in it still count
  const occurrences = scanConfigLines(path, input.content, input.binary ? new FindingList() : findings);
  const eff = readEffective(config, options.mode);
  const ctx: ConfContext = {
    file: path,
    config,
    eff,
    occurrences,
    mode: options.mode,
    env,
    findings,
    probe: options.probe ?? true,
  };

  checkValues(ctx);
  checkDuplicates(ctx);
  checkMandatory(ctx);
  checkScanTrigger(ctx);
  checkBlocking(ctx);
  checkPortList(ctx, 'TCP_PORTS');
  checkPortList(ctx, 'UDP_PORTS');
  checkAdvanced(ctx, 'TCP');
  checkAdvanced(ctx, 'UDP');
  checkResponses(ctx);
  checkNotes(ctx);
  checkStateFiles(ctx);
  checkExtensions(ctx);
  checkCrowdsec(ctx);
  checkIpv6(ctx);
  const ignoreEntries = checkIgnoreFile(ctx);

  const sorted = sortFindings(findings.items, path);
  return {
    file: path,
    mode: options.mode ?? null,
    findings: sorted,
    effective: eff,
    ignoreEntries,
    exitStatus: exitStatusFor(sorted),
  };
};

const dirname = (p: string): string => {
  const i = p.lastIndexOf('/');
  return i <= 0 ? (i === 0 ? '/' : '.') : p.slice(0, i);
};

/** BLOCKED_FILE must be creatable (InitConfig empties it) and HISTORY_FILE's directory must exist. */
const checkStateFiles = (ctx: ConfContext): void => {
  for (const key of ['BLOCKED_FILE', 'HISTORY_FILE'] as const) {
    const o = setOption(ctx, key);
    if (o === null) continue;
    const dir = dirname(o.value);
    const facts = ctx.env.stat(dir);
    if (!('error' in facts) && facts.kind === 'directory') continue;
    const problem = 'error' in facts ? errnoText(facts.error) : 'not a directory';
    ctx.findings.add(
      ctx.file,
      { line: o.line, column: o.column },
      key === 'BLOCKED_FILE' ? 'error' : 'warning',
      'state-dir-missing',
      key === 'BLOCKED_FILE'
        ? `1.2 cannot create the blocked file in ${dir} (${problem}): it logs "Cannot delete blocked file on startup" and refuses to start`
        : `1.2 cannot write the history file in ${dir} (${problem}): every block logs "Cannot open history file"`,
      `mkdir -p ${dir}`,
    );
  }
};

/** The file IGNORE_FILE names, linted as `lint ignore` would, its findings under its own path. */
const checkIgnoreFile = (ctx: ConfContext): IgnoreView[] | null => {
  const o = setOption(ctx, 'IGNORE_FILE');
  if (o === null) return null;
  const own = new FindingList();
  const input = readInput(o.value, 'ignore', ctx.env, own);
  if (input === null) {
    // reported at the IGNORE_FILE line, where the fix goes
    for (const f of own.items) {
      ctx.findings.add(ctx.file, { line: o.line, column: o.column }, 'warning', 'ignore-file-unreadable', f.message);
    }
    return null;
  }
  const entries = lintIgnoreContent(o.value, input.content, input.facts, ctx.env, own, input.binary, ipv6Enabled(ctx));
  ctx.findings.items.push(...own.items);
  return entries;
};
