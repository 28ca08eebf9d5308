/**
 * `portsentry lint` with plain arguments (lintFastPath), as one module: the entry of the bundle
 * bin/portsentry loads for it, dist/bundle/lint.cjs (scripts/bundle.mjs), read and compiled as one
 * CommonJS file instead of some forty ES modules (BENCHMARKS.md, issue 13). Other arguments go to
 * oclif, as the other subcommands do.
 */
export { shutDebugger } from '../system/no-debugger.js';
export { lintFastPath } from './run-lint.js';
