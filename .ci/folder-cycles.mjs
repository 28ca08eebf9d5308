#!/usr/bin/env node
// Folder-level dependency cycles of src/: reads madge's JSON (`madge --json ... src`, module ->
// modules it imports, paths relative to src/) on stdin or from the file given as argument, makes
// the graph of the top folders (capture/stealth.ts -> capture), and fails on any cycle in it,
// printing the folders and the imports that close it. Test files (*.test.ts) and what madge reached
// outside src/ through them (test-support/, compat-tests/) are left out: a test may use any layer. The intended order, top to bottom: commands, legacy/cli -> daemon -> ... ->
// config -> capture -> engine -> responders -> outputs; system and messages at the bottom.
import { readFileSync } from 'node:fs';

const text = readFileSync(process.argv[2] ?? 0, 'utf8');
let modules;
try {
  modules = JSON.parse(text);
} catch (err) {
  console.error(`folder-cycles: expected madge's JSON output on stdin, found: ${text.slice(0, 200)} (${err.message})`);
  process.exit(2);
}
const layered = (file) => !/\.test\.ts$/.test(file) && !file.startsWith('../');
const folderOf = (file) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '.');

/** folder -> folder -> the imports between them */
const edges = new Map();
let imports = 0;
for (const [file, deps] of Object.entries(modules)) {
  if (!layered(file)) continue;
  const from = folderOf(file);
  if (!edges.has(from)) edges.set(from, new Map());
  for (const dep of deps) {
    imports++;
    if (!layered(dep)) continue;
    const to = folderOf(dep);
    if (to === from) continue;
    const out = edges.get(from);
    if (!out.has(to)) out.set(to, []);
    out.get(to).push(`${file} -> ${dep}`);
  }
}
if (imports === 0) {
  console.error(
    'folder-cycles: madge reported no import at all: it did not resolve the .js specifiers (--extensions ts --ts-config tsconfig.json)',
  );
  process.exit(2);
}

// Tarjan's strongly connected components: each one of more than one folder holds a cycle
const folders = [...new Set([...edges.keys(), ...[...edges.values()].flatMap((m) => [...m.keys()])])].sort();
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const components = [];
let next = 0;
const visit = (v) => {
  index.set(v, next);
  low.set(v, next);
  next++;
  stack.push(v);
  onStack.add(v);
  for (const w of [...(edges.get(v)?.keys() ?? [])].sort()) {
    if (!index.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
  }
  if (low.get(v) === index.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) components.push(component.sort());
  }
};
for (const f of folders) if (!index.has(f)) visit(f);

/** one cycle through the component, starting at its first folder (breadth-first, shortest) */
const cycleIn = (component) => {
  const inside = new Set(component);
  const start = component[0];
  const prev = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift();
    for (const w of [...(edges.get(v)?.keys() ?? [])].sort()) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = prev.get(u)) path.splice(1, 0, u);
        return [...path, start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return component;
};

if (components.length === 0) {
  console.log(`folder-cycles: no folder cycle among the ${folders.length} folders of src/ (${folders.join(', ')})`);
  process.exit(0);
}
for (const component of components) {
  const cycle = cycleIn(component);
  console.log(`folder cycle: ${cycle.join(' -> ')}`);
  for (let i = 0; i + 1 < cycle.length; i++) {
    for (const imp of edges.get(cycle[i]).get(cycle[i + 1])) console.log(`  ${imp}`);
  }
}
console.log(`folder-cycles: ${components.length} folder ${components.length === 1 ? 'cycle' : 'cycles'} in src/`);
process.exit(1);
