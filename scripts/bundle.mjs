// Builds the two bundles bin/portsentry loads, each as one CommonJS file with its source map:
// dist/bundle/legacy.cjs, the legacy invocation (src/legacy/launch.ts and everything it imports),
// and dist/bundle/lint.cjs, `lint` with plain arguments (src/lint/launch.ts). `npm run build` and
// debian/build-app.sh run it after tsc. esbuild, a devDependency, does the work; nothing is fetched.
//
//   node scripts/bundle.mjs [OUTDIR]      (default: dist/bundle)
//
// Dependencies from node_modules stay outside (loaded from there at run time). import.meta.url,
// which CommonJS has not, becomes the bundle's own URL: the modules that use it look for files
// relative to the package root (package-paths.ts, the native addon), and dist/bundle is as deep
// below the root as dist/src's folders are below dist.
import { build } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = resolve(process.argv[2] ?? join(root, 'dist', 'bundle'));

const ENTRIES = { legacy: 'src/legacy/launch.ts', lint: 'src/lint/launch.ts' };

await build({
  entryPoints: Object.entries(ENTRIES).map(([out, entry]) => ({ in: join(root, entry), out })),
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  sourcesContent: false,
  legalComments: 'none',
  define: { 'import.meta.url': 'bundleUrl' },
  banner: { js: "const bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});
