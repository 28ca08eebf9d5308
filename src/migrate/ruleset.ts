import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { LogSpec } from './kill-route-forms.js';

/** templates/ of the installed package, found from this module (src/ or dist/src/). */
export const templatesDir = (): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'templates', 'nftables.hbs'))) return join(dir, 'templates');
    dir = dirname(dir);
  }
  throw new Error(`templates/nftables.hbs not found above ${dirname(fileURLToPath(import.meta.url))}`);
};

interface TemplateMeta {
  output: { suggestedPath: string };
  variables: Record<string, { default?: unknown; required: boolean }>;
}

export const templateMeta = (): TemplateMeta =>
  JSON.parse(readFileSync(join(templatesDir(), 'nftables.json'), 'utf8')) as TemplateMeta;

/** Where the ruleset goes unless told otherwise (the template's suggestedPath). */
export const defaultRulesetPath = (): string => templateMeta().output.suggestedPath;

/** What migrate decides about the ruleset. */
export interface RulesetSettings {
  blockTimeout: string | null;
  log: LogSpec | null;
  inputInterface: string | null;
  replaces: string | null;
}

/**
 * The ruleset text: templates/nftables.hbs (the same template `portsentry render nftables` uses)
 * with the template's defaults for whatever migrate does not set.
 */
export const renderRuleset = (s: RulesetSettings): string => {
  const meta = templateMeta();
  const vars: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(meta.variables)) vars[name] = v.default;
  vars.blockTimeout = s.blockTimeout ?? '';
  vars.log = s.log !== null;
  if (s.log !== null) {
    vars.logPrefix = s.log.prefix;
    vars.logLevel = s.log.level;
    vars.logRate = s.log.rate;
    vars.logBurst = s.log.burst;
  }
  vars.inputInterface = s.inputInterface ?? '';
  vars.replaces = s.replaces ?? '';
  const source = readFileSync(join(templatesDir(), 'nftables.hbs'), 'utf8');
  return Handlebars.compile(source, { strict: true, noEscape: true })(vars);
};

/** The KILL_ROUTE recorded in a ruleset migrate wrote ("# KILL_ROUTE before migration: ..."). */
export const replacedKillRoute = (ruleset: string): string | null => {
  const m = /^# KILL_ROUTE before migration: (.*)$/m.exec(ruleset);
  return m === null ? null : m[1]!;
};
