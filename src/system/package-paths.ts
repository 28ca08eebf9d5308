import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the package's own files are, for every layout it runs from. This module is
 *  - src/system/package-paths.ts when vitest runs the sources: the root is two folders up;
 *  - dist/src/system/package-paths.js once compiled, in the source tree or in the Debian package
 *    (/usr/lib/portsentry-node, debian/build-app.sh): the root is three folders up.
 * The root is the folder holding package.json, with templates/, build/Release/ and dist/ beside it.
 * Nothing else in src/ walks up from its own file to find these.
 */

/** CONFIG_FILE of 1.2 (portsentry_config.h): the config the legacy path, run, lint, migrate, blocked and render read */
export const DEFAULT_CONFIG_PATH = '/etc/portsentry/portsentry.conf';

const HERE = dirname(fileURLToPath(import.meta.url));
const CANDIDATE_ROOTS = [join(HERE, '..', '..'), join(HERE, '..', '..', '..')];

let root: string | undefined;

/** The package's root folder (the one holding package.json). */
const packageRoot = (): string => {
  root ??= CANDIDATE_ROOTS.find((dir) => existsSync(join(dir, 'package.json')));
  if (root === undefined) {
    throw new Error(
      `portsentry: cannot find the package root of ${fileURLToPath(import.meta.url)}: expected package.json in ${CANDIDATE_ROOTS.join(' or ')}, found none`,
    );
  }
  return root;
};

/** templates/: the render templates, the built-in default config and the shipped ignore file */
export const templatesDir = (): string => join(packageRoot(), 'templates');

/** the compiled addon of native/portsentry_native.c (node-gyp's output) */
export const nativeAddonPath = (): string => join(packageRoot(), 'build', 'Release', 'portsentry_native.node');

/** src/lint/corpus: the lint corpus is not compiled, so the compiled tree reads it from src/ too */
export const lintCorpusDir = (): string => join(packageRoot(), 'src', 'lint', 'corpus');

/** the built-in default config, used by `run` when neither --config nor DEFAULT_CONFIG_PATH exists */
export const builtInConfigPath = (): string => join(templatesDir(), 'portsentry.conf');

/** the ignore file shipped with the built-in default config */
export const shippedIgnorePath = (): string => join(templatesDir(), 'portsentry.ignore');
