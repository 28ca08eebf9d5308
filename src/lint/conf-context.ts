import type { ConfigFile } from '../config/config-file.js';
import type { Mode } from '../config/settings.js';
import type { KeyOccurrence } from './config-lines.js';
import type { Effective, EffectiveOption } from './effective.js';
import type { FindingList } from './finding.js';
import type { LintEnv } from './lint-env.js';

/** What every config rule gets: the file as read, the daemon's view of it, and the machine. */
export interface ConfContext {
  file: string;
  /** the config as read, for the options 1.2 does not read (extension keys) */
  config: ConfigFile;
  eff: Effective;
  occurrences: Map<string, KeyOccurrence[]>;
  mode: Mode | undefined;
  env: LintEnv;
  findings: FindingList;
  /** probe listed ports with bind() */
  probe: boolean;
}

/** The option as read, when 1.2 read a value for it. */
export const setOption = (
  ctx: ConfContext,
  key: string,
): (EffectiveOption & { value: string; line: number; column: number }) | null => {
  const o = ctx.eff.options.find((x) => x.key === key);
  return o !== undefined && o.status === 'set'
    ? (o as EffectiveOption & { value: string; line: number; column: number })
    : null;
};

/** Position of a byte inside an option's value. */
export const inValue = (o: { line: number; column: number }, index: number): { line: number; column: number } => ({
  line: o.line,
  column: o.column + index,
});

/** The protocols whose BLOCK_* setting matters for this run: the mode's, or both. */
export const protocolsFor = (mode: Mode | undefined): ('TCP' | 'UDP')[] =>
  mode === undefined ? ['TCP', 'UDP'] : mode.endsWith('tcp') ? ['TCP'] : ['UDP'];
