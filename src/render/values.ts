import { lookupToken, type ConfigFile } from '../config/config-file.js';
import { RenderError } from './errors.js';
import type { TemplateSpec, Value, VariableSpec } from './template-spec.js';

/**
 * The pseudo config key CONFIG_FILE: the path of the config file render read (given with --config, or
 * /etc/portsentry/portsentry.conf when it exists), so that a unit or script names the same file.
 */
const CONFIG_FILE_KEY = 'CONFIG_FILE';

/** Where a variable's value came from, for messages and for `render --explain`-like listings. */
export type Origin = 'set' | 'config' | 'default';

export interface ResolvedValue {
  value: Value;
  origin: Origin;
}

/** One --set argument split at its first '='. */
interface Assignment {
  name: string;
  text: string;
}

const parseAssignment = (arg: string): Assignment => {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new RenderError(`--set ${arg}: expected NAME=VALUE, found no name before '='`);
  return { name: arg.slice(0, eq), text: arg.slice(eq + 1) };
};

/**
 * Values are single lines of text: a control character (C0, DEL, C1), a Unicode line or paragraph
 * separator, or a bidirectional control (which makes a line read differently from what it holds)
 * would break, or hide, the line of a file or script.
 */
const controlChar = (s: string): string | null => {
  // eslint-disable-next-line no-control-regex
  const m = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u.exec(s);
  if (m === null) return null;
  const code = m[0].charCodeAt(0);
  return code < 0x80
    ? `0x${code.toString(16).padStart(2, '0')}`
    : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
};

const checkString = (where: string, name: string, spec: VariableSpec, s: string): void => {
  const bad = controlChar(s);
  if (bad !== null)
    throw new RenderError(
      `${where}: ${name}: expected one line of printable text, found control character ${bad} in ${JSON.stringify(s)}`,
    );
  if (spec.choices && !spec.choices.includes(s)) {
    throw new RenderError(
      `${where}: ${name}: expected one of ${spec.choices.map((c) => JSON.stringify(c)).join(', ')}, found ${JSON.stringify(s)}`,
    );
  }
  if (spec.pattern && !spec.pattern.test(s)) {
    throw new RenderError(
      `${where}: ${name}: expected a value matching ${spec.patternText}, found ${JSON.stringify(s)}`,
    );
  }
};

/** Checks a value of the right type against the variable's choices and pattern, or a number against its range. */
const checkValue = (where: string, name: string, spec: VariableSpec, value: Value): void => {
  if (typeof value === 'boolean') return;
  if (typeof value === 'number') {
    const { minimum, maximum } = spec;
    if (
      !Number.isSafeInteger(value) ||
      (minimum !== undefined && value < minimum) ||
      (maximum !== undefined && value > maximum)
    ) {
      throw new RenderError(
        `${where}: ${name}: expected a whole number from ${String(minimum)} to ${String(maximum)}, found ${String(value)}`,
      );
    }
    return;
  }
  if (Array.isArray(value)) for (const e of value) checkString(where, name, spec, e);
  else checkString(where, name, spec, value);
};

/**
 * Text from --set or the config file, as the variable's type: booleans are true or false, numbers
 * decimal, lists comma-separated (the empty text is the empty list).
 */
const convertText = (where: string, name: string, spec: VariableSpec, text: string): Value => {
  switch (spec.type) {
    case 'boolean':
      if (text === 'true') return true;
      if (text === 'false') return false;
      throw new RenderError(`${where}: ${name}: expected true or false, found ${JSON.stringify(text)}`);
    case 'number':
      if (/^-?[0-9]+(\.[0-9]+)?$/.test(text)) return Number(text);
      throw new RenderError(`${where}: ${name}: expected a decimal number, found ${JSON.stringify(text)}`);
    case 'list':
      return text === '' ? [] : text.split(',');
    case 'string':
      return text;
  }
};

const fromConfig = (spec: VariableSpec, name: string, config: ConfigFile | null): ResolvedValue | null => {
  if (!spec.fromConfig || config === null) return null;
  if (spec.fromConfig === CONFIG_FILE_KEY) {
    const value = convertText(`--config ${config.path}`, name, spec, config.path);
    checkValue(`--config ${config.path}`, name, spec, value);
    return { value, origin: 'config' };
  }
  const r = lookupToken(config, spec.fromConfig);
  switch (r.kind) {
    case 'absent':
      return null;
    case 'unreadable':
      throw new RenderError(`${config.path}: cannot read the config file (${config.openError ?? 'unreadable'})`);
    case 'no-quotes':
      throw new RenderError(
        `${config.path}:${r.line}: expected ${spec.fromConfig}="VALUE", found no double quote (1.2 skips this option)`,
      );
    case 'found': {
      const where = `${config.path}:${r.line}: ${spec.fromConfig}`;
      const value = convertText(where, name, spec, r.value);
      checkValue(where, name, spec, value);
      return { value, origin: 'config' };
    }
  }
};

/**
 * Every variable's value, in this order of precedence: --set, the config file (fromConfig), the
 * default. An undeclared --set name, a name set twice, a required variable left without a value, or a
 * value that does not fit its variable is an error naming it. An optional variable without a default
 * stays absent: {{#if}} sees it as false and Handlebars' strict mode refuses any other use.
 */
export const resolveValues = (
  spec: TemplateSpec,
  sets: readonly string[],
  config: ConfigFile | null,
): Record<string, ResolvedValue> => {
  const given = new Map<string, string>();
  for (const arg of sets) {
    const { name, text } = parseAssignment(arg);
    const v = spec.variables[name];
    if (v === undefined) {
      const declared = Object.keys(spec.variables).join(', ') || '(none)';
      throw new RenderError(`--set ${name}: ${spec.name} has no variable "${name}" (it declares: ${declared})`);
    }
    if (given.has(name)) throw new RenderError(`--set ${name}: given twice`);
    given.set(name, text);
  }
  const out: Record<string, ResolvedValue> = {};
  for (const [name, v] of Object.entries(spec.variables)) {
    const text = given.get(name);
    if (text !== undefined) {
      const value = convertText('--set', name, v, text);
      checkValue('--set', name, v, value);
      out[name] = { value, origin: 'set' };
      continue;
    }
    const configured = fromConfig(v, name, config);
    if (configured) {
      out[name] = configured;
      continue;
    }
    if (v.default !== undefined) {
      checkValue(`templates/${spec.name}.json default`, name, v, v.default);
      out[name] = { value: v.default, origin: 'default' };
      continue;
    }
    if (v.required) {
      const source = v.fromConfig && v.fromConfig !== CONFIG_FILE_KEY ? ` or ${v.fromConfig} in the config file` : '';
      throw new RenderError(
        `${spec.name}: variable "${name}" is required and has no value (give --set ${name}=VALUE${source}): ${v.description}`,
      );
    }
  }
  return out;
};
