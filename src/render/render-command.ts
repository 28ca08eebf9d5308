import { resolve } from 'node:path';
import { listTemplates, findTemplatesDir } from './catalog.js';
import { DEFAULT_CONFIG_PATH } from '../system/package-paths.js';
import { renderTemplate, type RenderRequest } from './render.js';
import { writeRendered } from './write-output.js';

/** What `portsentry render ...` prints: the command class writes these and nothing else. */
interface CommandOutput {
  stdout: string;
  stderr: string;
}

/**
 * `portsentry render NAME`: without --out the text goes to stdout and the notes (the config line to
 * add) to stderr, so that stdout can be redirected into a file; with --out the file is written
 * (never over an existing one without --force; 0755 for scripts, 0644 otherwise) and the notes go
 * to stdout.
 */
export const renderCommand = (req: RenderRequest & { force?: boolean }): CommandOutput => {
  const rendered = renderTemplate(req);
  const notes: string[] = [];
  if (rendered.configLine !== undefined) {
    notes.push(
      `Add this line to ${rendered.configPath ?? DEFAULT_CONFIG_PATH} (and remove any other KILL_RUN_CMD):`,
      rendered.configLine,
    );
  }
  if (req.outPath === undefined) {
    return { stdout: rendered.text, stderr: notes.map((l) => `${l}\n`).join('') };
  }
  const path = resolve(req.outPath);
  const mode = writeRendered(path, rendered.text, rendered.spec.output.executable, req.force === true);
  const lines = [`wrote ${path} (mode ${mode.toString(8).padStart(4, '0')})`, ...notes];
  return { stdout: lines.map((l) => `${l}\n`).join(''), stderr: '' };
};

/** `portsentry render list`: one "NAME  description" line per template, or a JSON array with --json. */
export const listCommand = (json: boolean, templatesDir: string = findTemplatesDir()): CommandOutput => {
  const templates = listTemplates(templatesDir);
  if (json) return { stdout: `${JSON.stringify(templates, null, 2)}\n`, stderr: '' };
  const width = Math.max(0, ...templates.map((t) => t.name.length));
  return { stdout: templates.map((t) => `${t.name.padEnd(width)}  ${t.description}\n`).join(''), stderr: '' };
};
