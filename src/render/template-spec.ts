import { RenderError } from './errors.js';

/**
 * A template's description, `templates/NAME.json`:
 *
 *   { "name": "NAME", "description": "one line",
 *     "output": { "executable": true|false, "suggestedPath": "/...",
 *                 "shell": true|false (optional), "configLine": "..." (optional) },
 *     "variables": { "varName": { "description": "...", "default": value (optional),
 *                                 "fromConfig": "CONFIG_KEY" (optional), "required": true|false,
 *                                 "type": "string"|"boolean"|"number"|"list" (optional),
 *                                 "choices": [...] (optional), "pattern": "regex" (optional),
 *                                 "escape": "shell" (optional),
 *                                 "minimum": N, "maximum": N (numbers) } } }
 *
 * `type` defaults to the type of `default` (a JSON boolean: boolean, a JSON number: number, an
 * array of strings: list) and otherwise to string. `pattern` is anchored by the template author (write ^...$) and is checked
 * against a string, and against each element of a list. `suggestedPath` and `configLine` are
 * Handlebars text rendered with the same values (configLine also sees `outputPath`).
 *
 * No value reaches a template unchecked: a string or list variable must declare `pattern` or
 * `choices` (what its target syntax can carry), or `"escape": "shell"`, which template-check.ts
 * enforces: every use of the variable goes through shq. A number variable declares the whole
 * numbers it takes with `minimum` and `maximum`.
 */
export type VariableType = 'string' | 'boolean' | 'number' | 'list';
/** the escapes a template can apply to a value: shell is the shq helper */
const ESCAPES = ['shell'] as const;
export type Escape = (typeof ESCAPES)[number];
export type Value = string | boolean | number | string[];

export interface VariableSpec {
  description: string;
  type: VariableType;
  default?: Value;
  fromConfig?: string;
  required: boolean;
  choices?: string[];
  pattern?: RegExp;
  /** the pattern as written in the json, for messages */
  patternText?: string;
  /** the value is escaped for its target at every use (shell: through shq) */
  escape?: Escape;
  /** numbers: the whole numbers accepted, both ends included */
  minimum?: number;
  maximum?: number;
}

export interface TemplateSpec {
  name: string;
  description: string;
  output: {
    executable: boolean;
    suggestedPath: string;
    /** the text is shell: every interpolation must go through shq (set, or implied by a #!/bin/sh line) */
    shell?: boolean;
    /** a line to print after rendering, e.g. the KILL_RUN_CMD that calls the rendered script */
    configLine?: string;
  };
  variables: Record<string, VariableSpec>;
}

/** Template and variable names: what Handlebars reads as one plain path segment. */
const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const VARIABLE = /^[A-Za-z][A-Za-z0-9_]*$/;

const describe = (v: unknown): string => {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v} ${String(v)}`;
  return typeof v === 'object' ? 'an object' : typeof v;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const typeOfDefault = (v: unknown): VariableType | undefined =>
  typeof v === 'boolean'
    ? 'boolean'
    : typeof v === 'number' && Number.isFinite(v)
      ? 'number'
      : Array.isArray(v)
        ? 'list'
        : typeof v === 'string'
          ? 'string'
          : undefined;

const parseVariable = (file: string, name: string, raw: unknown): VariableSpec => {
  const at = `${file}: variable "${name}"`;
  if (!VARIABLE.test(name))
    throw new RenderError(`${at}: expected a name of letters, digits and _ starting with a letter`);
  if (!isObject(raw)) throw new RenderError(`${at}: expected an object, found ${describe(raw)}`);
  const known = [
    'description',
    'default',
    'fromConfig',
    'required',
    'type',
    'choices',
    'pattern',
    'escape',
    'minimum',
    'maximum',
  ];
  for (const key of Object.keys(raw)) {
    if (!known.includes(key))
      throw new RenderError(`${at}: unknown key "${key}" (expected one of ${known.join(', ')})`);
  }
  if (typeof raw.description !== 'string' || raw.description === '') {
    throw new RenderError(`${at}: expected "description" to be a non-empty string, found ${describe(raw.description)}`);
  }
  if (raw.required !== undefined && typeof raw.required !== 'boolean') {
    throw new RenderError(`${at}: expected "required" to be true or false, found ${describe(raw.required)}`);
  }
  if (
    raw.fromConfig !== undefined &&
    (typeof raw.fromConfig !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(raw.fromConfig))
  ) {
    throw new RenderError(
      `${at}: expected "fromConfig" to be a config key such as "HISTORY_FILE", found ${describe(raw.fromConfig)}`,
    );
  }
  const declared = raw.type;
  if (
    declared !== undefined &&
    declared !== 'string' &&
    declared !== 'boolean' &&
    declared !== 'number' &&
    declared !== 'list'
  ) {
    throw new RenderError(
      `${at}: expected "type" to be "string", "boolean", "number" or "list", found ${describe(declared)}`,
    );
  }
  const fromDefault = raw.default === undefined ? undefined : typeOfDefault(raw.default);
  if (raw.default !== undefined) {
    const okList = Array.isArray(raw.default) && raw.default.every((e) => typeof e === 'string');
    if (fromDefault === undefined || (fromDefault === 'list' && !okList)) {
      throw new RenderError(
        `${at}: expected "default" to be a string, true/false, a number or an array of strings, found ${describe(raw.default)}`,
      );
    }
  }
  const type: VariableType = declared ?? fromDefault ?? 'string';
  if (fromDefault !== undefined && fromDefault !== type) {
    throw new RenderError(
      `${at}: "default" is ${fromDefault === 'list' ? 'a list' : `a ${fromDefault}`} but "type" is "${type}"`,
    );
  }
  let choices: string[] | undefined;
  if (raw.choices !== undefined) {
    if (!Array.isArray(raw.choices) || !raw.choices.every((c) => typeof c === 'string')) {
      throw new RenderError(`${at}: expected "choices" to be an array of strings, found ${describe(raw.choices)}`);
    }
    choices = raw.choices;
  }
  let pattern: RegExp | undefined;
  if (raw.pattern !== undefined) {
    if (typeof raw.pattern !== 'string')
      throw new RenderError(`${at}: expected "pattern" to be a string, found ${describe(raw.pattern)}`);
    try {
      pattern = new RegExp(raw.pattern, 'u');
    } catch (err) {
      throw new RenderError(`${at}: "pattern" is not a valid regular expression: ${(err as Error).message}`);
    }
  }
  if (raw.escape !== undefined && !(ESCAPES as readonly unknown[]).includes(raw.escape)) {
    throw new RenderError(
      `${at}: expected "escape" to be ${ESCAPES.map((e) => `"${e}"`).join(' or ')}, found ${describe(raw.escape)}`,
    );
  }
  for (const key of ['minimum', 'maximum'] as const) {
    const n = raw[key];
    if (n === undefined) continue;
    if (type !== 'number') throw new RenderError(`${at}: "${key}" is for number variables, but "type" is "${type}"`);
    if (typeof n !== 'number' || !Number.isSafeInteger(n))
      throw new RenderError(`${at}: expected "${key}" to be a whole number, found ${describe(n)}`);
  }
  if (type === 'number') {
    if (raw.minimum === undefined || raw.maximum === undefined) {
      throw new RenderError(
        `${at}: a number variable needs "minimum" and "maximum" (the whole numbers its target takes), found ${raw.minimum === undefined ? 'no "minimum"' : 'no "maximum"'}`,
      );
    }
    if ((raw.minimum as number) > (raw.maximum as number)) {
      throw new RenderError(`${at}: "minimum" ${raw.minimum as number} is above "maximum" ${raw.maximum as number}`);
    }
    if (raw.escape !== undefined)
      throw new RenderError(`${at}: "escape" is for string and list variables, but "type" is "number"`);
  }
  if (type === 'boolean' && (raw.escape !== undefined || raw.pattern !== undefined || raw.choices !== undefined)) {
    throw new RenderError(
      `${at}: a boolean variable takes no "pattern", "choices" or "escape" (its values are true and false)`,
    );
  }
  if (
    (type === 'string' || type === 'list') &&
    pattern === undefined &&
    choices === undefined &&
    raw.escape === undefined
  ) {
    throw new RenderError(
      `${at}: a ${type} variable needs "pattern" or "choices" (what its target syntax can carry), or "escape": "shell" (every use goes through shq); found none of them`,
    );
  }
  return {
    description: raw.description,
    type,
    required: raw.required === true,
    ...(raw.default !== undefined ? { default: raw.default as Value } : {}),
    ...(raw.fromConfig !== undefined ? { fromConfig: raw.fromConfig } : {}),
    ...(choices ? { choices } : {}),
    ...(pattern ? { pattern, patternText: raw.pattern } : {}),
    ...(raw.escape !== undefined ? { escape: raw.escape as Escape } : {}),
    ...(type === 'number' ? { minimum: raw.minimum as number, maximum: raw.maximum as number } : {}),
  };
};

/** Reads and checks a template description; `file` is the path used in messages. */
export const parseTemplateSpec = (file: string, text: string, expectedName: string): TemplateSpec => {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new RenderError(`${file}: expected JSON, found a syntax error: ${(err as Error).message}`);
  }
  if (!isObject(raw)) throw new RenderError(`${file}: expected a JSON object, found ${describe(raw)}`);
  if (raw.name !== expectedName) {
    throw new RenderError(
      `${file}: expected "name" to be "${expectedName}" (the file's name), found ${describe(raw.name)}`,
    );
  }
  if (!NAME.test(expectedName) || expectedName === 'list') {
    throw new RenderError(
      `${file}: "${expectedName}" cannot be a template name (letters, digits, - and _; not "list")`,
    );
  }
  if (typeof raw.description !== 'string' || raw.description === '' || raw.description.includes('\n')) {
    throw new RenderError(`${file}: expected "description" to be one line of text, found ${describe(raw.description)}`);
  }
  const out = raw.output;
  if (!isObject(out)) throw new RenderError(`${file}: expected "output" to be an object, found ${describe(out)}`);
  if (typeof out.executable !== 'boolean') {
    throw new RenderError(
      `${file}: expected "output.executable" to be true or false, found ${describe(out.executable)}`,
    );
  }
  if (typeof out.suggestedPath !== 'string' || !out.suggestedPath.startsWith('/')) {
    throw new RenderError(
      `${file}: expected "output.suggestedPath" to be an absolute path, found ${describe(out.suggestedPath)}`,
    );
  }
  if (out.shell !== undefined && typeof out.shell !== 'boolean') {
    throw new RenderError(`${file}: expected "output.shell" to be true or false, found ${describe(out.shell)}`);
  }
  if (out.configLine !== undefined && typeof out.configLine !== 'string') {
    throw new RenderError(`${file}: expected "output.configLine" to be a string, found ${describe(out.configLine)}`);
  }
  if (!isObject(raw.variables))
    throw new RenderError(`${file}: expected "variables" to be an object, found ${describe(raw.variables)}`);
  const variables: Record<string, VariableSpec> = {};
  for (const [name, v] of Object.entries(raw.variables)) variables[name] = parseVariable(file, name, v);
  return {
    name: expectedName,
    description: raw.description,
    output: {
      executable: out.executable,
      suggestedPath: out.suggestedPath,
      ...(out.shell !== undefined ? { shell: out.shell } : {}),
      ...(out.configLine !== undefined ? { configLine: out.configLine } : {}),
    },
    variables,
  };
};
