import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { templatesDir } from '../system/package-paths.js';
import { RenderError } from './errors.js';
import { parseTemplateSpec, type TemplateSpec } from './template-spec.js';

/** The package's templates/ folder (src/system/package-paths.ts says where the package is). */
export const findTemplatesDir = (): string => {
  const dir = templatesDir();
  if (!existsSync(dir)) throw new RenderError(`cannot find the templates/ folder: expected ${dir}, found nothing`);
  return dir;
};

interface LoadedTemplate {
  spec: TemplateSpec;
  source: string;
  /** paths as messages name them */
  jsonPath: string;
  hbsPath: string;
}

const readText = (path: string, what: string): string => {
  try {
    if (statSync(path).isDirectory()) throw new RenderError(`${path}: expected a ${what}, found a directory`);
    return readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof RenderError) throw err;
    throw new RenderError(
      `${path}: cannot read the ${what} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
};

/** Names of the templates: one per templates/NAME.json, sorted. */
export const templateNames = (dir: string): string[] => {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (err) {
    throw new RenderError(
      `${dir}: cannot list the templates (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  return entries
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
};

/** A template's description and text; an unknown name is an error listing the known ones. */
export const loadTemplate = (dir: string, name: string): LoadedTemplate => {
  const names = templateNames(dir);
  if (!names.includes(name)) {
    throw new RenderError(
      `no template named "${name}" (templates: ${names.join(', ') || 'none'}; see "portsentry render list")`,
    );
  }
  const jsonPath = join(dir, `${name}.json`);
  const hbsPath = join(dir, `${name}.hbs`);
  const spec = parseTemplateSpec(jsonPath, readText(jsonPath, 'template description'), name);
  return { spec, source: readText(hbsPath, 'template'), jsonPath, hbsPath };
};

/** Every template's name and one-line description (each description is checked). */
export const listTemplates = (dir: string): { name: string; description: string }[] =>
  templateNames(dir).map((name) => {
    const jsonPath = join(dir, `${name}.json`);
    const spec = parseTemplateSpec(jsonPath, readText(jsonPath, 'template description'), name);
    return { name, description: spec.description };
  });
