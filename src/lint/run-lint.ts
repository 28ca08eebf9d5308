import { isMode, type Mode } from '../config/settings.js';
import { confJson, formatEffective, formatText, ignoreJson } from './format.js';
import { DEFAULT_CONFIG_PATH } from '../system/package-paths.js';
import { lintConf } from './lint-conf.js';
import type { LintEnv } from './lint-env.js';
import { DEFAULT_IGNORE, lintIgnore } from './lint-ignore.js';
import { systemEnv } from './system-env.js';

interface LintConfRequest {
  file: string;
  mode?: Mode;
  json: boolean;
  effective: boolean;
  probe: boolean;
}

interface LintIgnoreRequest {
  file: string;
  json: boolean;
}

interface LintOutput {
  stdout: string;
  exitStatus: 0 | 1 | 2;
}

/** `lint conf` from parsed flags to the text it prints and its exit status. */
export const runLintConf = (req: LintConfRequest, env: LintEnv = systemEnv()): LintOutput => {
  const result = lintConf(req.file, { mode: req.mode, probe: req.probe }, env);
  const stdout = req.json
    ? confJson(result)
    : req.effective && result.effective !== null
      ? formatEffective(result.effective)
      : formatText(result.findings);
  return { stdout, exitStatus: result.exitStatus };
};

/** `lint ignore` from parsed flags to the text it prints and its exit status. */
export const runLintIgnore = (req: LintIgnoreRequest, env: LintEnv = systemEnv()): LintOutput => {
  const result = lintIgnore(req.file, env);
  return { stdout: req.json ? ignoreJson(result) : formatText(result.findings), exitStatus: result.exitStatus };
};

/**
 * The arguments after `lint`, when they are plain enough to run without loading oclif (a
 * subcommand, known flags, at most one file); null for anything else (help, unknown or malformed
 * flags), which oclif then handles with its own messages.
 */
export const parseLintArgv = (
  argv: readonly string[],
): { topic: 'conf'; req: LintConfRequest } | { topic: 'ignore'; req: LintIgnoreRequest } | null => {
  const [topic, ...rest] = argv;
  if (topic !== 'conf' && topic !== 'ignore') return null;
  const files: string[] = [];
  let mode: Mode | undefined;
  let json = false;
  let effective = false;
  let probe = true;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (!arg.startsWith('-') || arg === '-') files.push(arg);
    else if (arg === '--json') json = true;
    else if (topic === 'conf' && arg === '--effective') effective = true;
    else if (topic === 'conf' && arg === '--no-probe') probe = false;
    else if (topic === 'conf' && (arg === '--mode' || arg.startsWith('--mode='))) {
      const value = arg === '--mode' ? rest[++i] : arg.slice('--mode='.length);
      if (value === undefined || !isMode(value) || mode !== undefined) return null;
      mode = value;
    } else return null;
  }
  if (files.length > 1) return null;
  if (topic === 'ignore') return { topic, req: { file: files[0] ?? DEFAULT_IGNORE, json } };
  return { topic, req: { file: files[0] ?? DEFAULT_CONFIG_PATH, mode, json, effective, probe } };
};

/**
 * For bin/portsentry: runs `portsentry lint ...` without loading oclif when the arguments are
 * plain, which keeps the cold start near Node's own. Returns false when oclif must run instead.
 */
export const lintFastPath = (argv: readonly string[]): boolean => {
  const parsed = parseLintArgv(argv);
  if (parsed === null) return false;
  const out = parsed.topic === 'conf' ? runLintConf(parsed.req) : runLintIgnore(parsed.req);
  process.stdout.write(out.stdout);
  process.exitCode = out.exitStatus;
  return true;
};
