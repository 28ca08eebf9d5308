import Handlebars from 'handlebars';
import { RenderError } from './errors.js';
import type { TemplateSpec } from './template-spec.js';

type Node = hbs.AST.Node;
type Program = hbs.AST.Program;

/** The only helpers a template may call: the block helpers #if/#unless/#each and the quoting helper shq. */
const BLOCK_HELPERS = ['if', 'unless', 'each'] as const;
const INLINE_HELPERS = ['shq'] as const;
/** what a template may name inside {{#each}} besides the element itself */
const EACH_DATA = ['@index', '@first', '@last'];

interface TemplateUse {
  /** every declared variable the template names */
  used: Set<string>;
}

interface Walk {
  file: string;
  spec: TemplateSpec;
  /** names a template may use beyond its variables (configLine sees outputPath) */
  extra: readonly string[];
  shell: boolean;
  used: Set<string>;
  problems: string[];
}

const at = (w: Walk, node: Node): string => `${w.file}:${node.loc.start.line}:${node.loc.start.column + 1}`;

const pathName = (node: hbs.AST.Expression): string | null =>
  node.type === 'PathExpression' ? (node as hbs.AST.PathExpression).original : null;

/** A plain variable reference: declared, one segment, not this/../@data outside an {{#each}}. */
const checkVariable = (w: Walk, node: hbs.AST.Expression, inEach: boolean, role: string): void => {
  const name = pathName(node);
  if (name === null) {
    w.problems.push(`${at(w, node)}: ${role} must be a variable name, found a ${node.type}`);
    return;
  }
  if (inEach && (name === 'this' || EACH_DATA.includes(name))) return;
  const p = node as hbs.AST.PathExpression;
  if (p.data || p.depth > 0 || p.parts.length !== 1 || name !== p.parts[0]) {
    w.problems.push(
      `${at(w, node)}: "${name}" is not a plain variable name${inEach ? ' (inside {{#each}} only this, @index, @first and @last)' : ''}`,
    );
    return;
  }
  if (inEach) {
    w.problems.push(
      `${at(w, node)}: "${name}" inside {{#each}} would be looked up in the list element; use it outside the loop`,
    );
    return;
  }
  if (name in w.spec.variables) w.used.add(name);
  else if (!w.extra.includes(name)) {
    const declared = Object.keys(w.spec.variables).join(', ') || '(none)';
    w.problems.push(
      `${at(w, node)}: variable "${name}" is not declared in ${w.spec.name}.json (declared: ${declared})`,
    );
  }
};

/** A variable declared `"escape": "shell"`: every use of its value must go through shq. */
const shellEscaped = (w: Walk, name: string | null): boolean =>
  name !== null && Object.hasOwn(w.spec.variables, name) && w.spec.variables[name]!.escape === 'shell';

/**
 * `each` is the list variable of the enclosing {{#each}} (null outside one), so that the use of
 * `this` can be checked against that list's escape.
 */
const walkProgram = (w: Walk, program: Program | undefined, each: string | null): void => {
  if (!program) return;
  for (const node of program.body) walkStatement(w, node, each);
};

const walkStatement = (w: Walk, node: hbs.AST.Statement, each: string | null): void => {
  const inEach = each !== null;
  switch (node.type) {
    case 'ContentStatement':
    case 'CommentStatement':
      return;
    case 'MustacheStatement': {
      const m = node as hbs.AST.MustacheStatement;
      const helper = pathName(m.path);
      if (m.params.length === 0 && m.hash === undefined) {
        if (w.shell) {
          w.problems.push(`${at(w, node)}: a shell template must quote every value: write {{shq ${helper ?? '...'}}}`);
          return;
        }
        checkVariable(w, m.path, inEach, 'a value');
        const name = helper === 'this' && inEach ? each : helper;
        if (shellEscaped(w, name) && !EACH_DATA.includes(helper ?? '')) {
          w.problems.push(
            `${at(w, node)}: ${name} is declared "escape": "shell" in ${w.spec.name}.json: write {{shq ${helper ?? '...'}}}`,
          );
        }
        return;
      }
      if (
        helper === null ||
        !(INLINE_HELPERS as readonly string[]).includes(helper) ||
        m.params.length !== 1 ||
        m.hash
      ) {
        w.problems.push(
          `${at(w, node)}: only {{shq VARIABLE}} may take an argument, found {{${helper ?? m.path.type} ...}}`,
        );
        return;
      }
      checkVariable(w, m.params[0]!, inEach, 'the argument of shq');
      return;
    }
    case 'BlockStatement': {
      const b = node as hbs.AST.BlockStatement;
      const helper = pathName(b.path);
      if (
        helper === null ||
        !(BLOCK_HELPERS as readonly string[]).includes(helper) ||
        b.params.length !== 1 ||
        b.hash
      ) {
        w.problems.push(
          `${at(w, node)}: only {{#if VARIABLE}}, {{#unless VARIABLE}} and {{#each VARIABLE}} blocks are allowed, found {{#${helper ?? b.path.type}}}`,
        );
        return;
      }
      if (helper === 'each' && inEach) {
        w.problems.push(`${at(w, node)}: {{#each}} cannot be nested`);
        return;
      }
      checkVariable(w, b.params[0]!, inEach, `the argument of #${helper}`);
      walkProgram(w, b.program, helper === 'each' ? pathName(b.params[0]!) : each);
      walkProgram(w, b.inverse, each);
      return;
    }
    default:
      w.problems.push(
        `${at(w, node)}: ${node.type} is not allowed (templates use variables, shq, #if, #unless and #each only)`,
      );
  }
};

/**
 * Checks a template's text against its description before anything is rendered: every name it uses
 * is a declared variable, it calls no helper but #if/#unless/#each/shq, and a shell template quotes
 * every value with shq, as any template does for a variable declared `"escape": "shell"` (and for
 * the elements of such a list inside its {{#each}}). Throws one RenderError listing every problem.
 */
export const checkTemplateText = (
  file: string,
  source: string,
  spec: TemplateSpec,
  options: { shell: boolean; extra?: readonly string[] },
): TemplateUse => {
  let ast: Program;
  try {
    ast = Handlebars.parse(source);
  } catch (err) {
    throw new RenderError(`${file}: not valid Handlebars: ${(err as Error).message.split('\n')[0]}`);
  }
  const w: Walk = { file, spec, extra: options.extra ?? [], shell: options.shell, used: new Set(), problems: [] };
  walkProgram(w, ast, null);
  if (w.problems.length > 0) throw new RenderError(w.problems.join('\n'));
  return { used: w.used };
};

/** A template is shell text when its description says so or when it starts with a /bin/sh or bash #! line. */
export const isShellTemplate = (spec: TemplateSpec, source: string): boolean =>
  spec.output.shell ?? /^#! ?\/(usr\/)?bin\/(sh|bash|dash)\b/.test(source);
