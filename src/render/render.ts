import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import Handlebars from 'handlebars';
import { loadConfigFile, type ConfigFile } from '../config/config-file.js';
import { DEFAULT_CONFIG_PATH } from '../system/package-paths.js';
import { findTemplatesDir, loadTemplate } from './catalog.js';
import { RenderError } from './errors.js';
import { shellQuote } from './shell-quote.js';
import { checkTemplateText, isShellTemplate } from './template-check.js';
import type { TemplateSpec, Value } from './template-spec.js';
import { resolveValues, type ResolvedValue } from './values.js';

export interface RenderRequest {
  name: string;
  /** --set arguments, NAME=VALUE each */
  sets?: readonly string[];
  /** --config FILE */
  configPath?: string;
  /** --no-config: read no config file, not even the default one (reproducible renders, e.g. for packaging) */
  noConfig?: boolean;
  /** --out FILE: only used to name the rendered file in the config line */
  outPath?: string;
  templatesDir?: string;
  /** the config read when configPath is not given and this file exists (tests pass their own) */
  defaultConfigPath?: string;
}

export interface Rendered {
  spec: TemplateSpec;
  text: string;
  /** suggestedPath with the values filled in */
  suggestedPath: string;
  /** the line to put in the config file (alert-report: its KILL_RUN_CMD), if the template has one */
  configLine?: string;
  values: Record<string, ResolvedValue>;
  /** the config file the defaults were read from, or null */
  configPath: string | null;
}

const readConfig = (explicit: string | undefined, fallback: string): ConfigFile | null => {
  const path = explicit ?? fallback;
  if (explicit === undefined && !existsSync(fallback)) return null;
  try {
    if (statSync(path).isDirectory())
      throw new RenderError(`--config ${path}: expected a config file, found a directory`);
  } catch (err) {
    if (err instanceof RenderError) throw err;
    throw new RenderError(
      `--config ${path}: cannot read the config file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  const file = loadConfigFile(path);
  if (file.content === null)
    throw new RenderError(`--config ${path}: cannot read the config file (${file.openError ?? 'unreadable'})`);
  return file;
};

/** Handlebars with strict mode, no HTML escaping, and the shq helper reporting where it was called. */
const compile = (file: string, source: string): HandlebarsTemplateDelegate => {
  const hb = Handlebars.create();
  hb.registerHelper(
    'shq',
    (value: unknown, options: Handlebars.HelperOptions & { loc?: { start: { line: number; column: number } } }) =>
      shellQuote(
        value,
        options.loc ? `${file}:${options.loc.start.line}:${options.loc.start.column + 1}: shq` : `${file}: shq`,
      ),
  );
  const template = hb.compile(source, {
    strict: true,
    noEscape: true,
    knownHelpers: { shq: true, if: true, unless: true, each: true },
    knownHelpersOnly: true,
  });
  return (context: unknown) => {
    try {
      return template(context);
    } catch (err) {
      if (err instanceof RenderError) throw err;
      const m = /^"(.+)" not defined in .* - (\d+):(\d+)$/.exec((err as Error).message);
      if (m)
        throw new RenderError(
          `${file}:${m[2]}:${Number(m[3]) + 1}: variable "${m[1]}" has no value (give --set ${m[1]}=VALUE)`,
        );
      throw new RenderError(`${file}: ${(err as Error).message}`);
    }
  };
};

/**
 * Renders one template: loads and checks it, resolves its variables (--set, then the config file,
 * then the defaults), and fills in the text, the suggested path and the config line.
 */
export const renderTemplate = (req: RenderRequest): Rendered => {
  const dir = req.templatesDir ?? findTemplatesDir();
  const { spec, source, hbsPath, jsonPath } = loadTemplate(dir, req.name);
  checkTemplateText(hbsPath, source, spec, { shell: isShellTemplate(spec, source) });
  checkTemplateText(`${jsonPath} output.suggestedPath`, spec.output.suggestedPath, spec, { shell: false });
  if (spec.output.configLine !== undefined) {
    checkTemplateText(`${jsonPath} output.configLine`, spec.output.configLine, spec, {
      shell: false,
      extra: ['outputPath'],
    });
  }

  if (req.noConfig && req.configPath !== undefined)
    throw new RenderError('--config and --no-config cannot be given together');
  const config = req.noConfig ? null : readConfig(req.configPath, req.defaultConfigPath ?? DEFAULT_CONFIG_PATH);
  const values = resolveValues(spec, req.sets ?? [], config);
  const context: Record<string, Value> = {};
  for (const [name, r] of Object.entries(values)) context[name] = r.value;

  const text = compile(hbsPath, source)(context);
  const suggestedPath = compile(`${jsonPath} output.suggestedPath`, spec.output.suggestedPath)(context);
  const rendered: Rendered = { spec, text, suggestedPath, values, configPath: config?.path ?? null };
  if (spec.output.configLine !== undefined) {
    const outputPath = req.outPath !== undefined ? resolve(req.outPath) : suggestedPath;
    // 1.2 ends a config value at its first '"' or unprintable byte (ConfigTokenRetrieve)
    if (/[^\x20-\x7e]|"/.test(outputPath)) {
      throw new RenderError(
        `--out ${outputPath}: a path with a double quote or an unprintable character cannot be named in portsentry.conf`,
      );
    }
    rendered.configLine = compile(`${jsonPath} output.configLine`, spec.output.configLine)({ ...context, outputPath });
  }
  return rendered;
};
