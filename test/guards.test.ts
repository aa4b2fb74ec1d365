import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The rules of the layout, checked on the source: the engine is pure (it reaches no
// database, queue, channel, file or network, not even through a helper outside it), and no
// module imports itself in a circle, type imports included.

const SRC = path.resolve('src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return files(full);
    return /\.ts$/u.test(e.name) && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

const IMPORT = /\b(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\bimport\s+['"]([^'"]+)['"]/gu;

/** Every module a file imports: relative ones resolved to files, the rest as written. */
function importsOf(file: string): { relative: string[]; packages: string[] } {
  const source = readFileSync(file, 'utf8');
  const relative: string[] = [];
  const packages: string[] = [];
  for (const m of source.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3]!;
    if (!spec.startsWith('.')) {
      packages.push(spec);
      continue;
    }
    const base = path.resolve(path.dirname(file), spec).replace(/\.js$/u, '');
    const target = [`${base}.ts`, path.join(base, 'index.ts'), path.resolve(path.dirname(file), spec)].find((c) => existsSync(c));
    if (target) relative.push(target);
  }
  return { relative, packages };
}

const FORBIDDEN_PACKAGES = /^(kysely|kysely-pglite-dialect|pg|@electric-sql\/pglite|bullmq|ioredis|telegraf|whatsapp-web\.js|qrcode|qrcode-terminal|pino|commander|csv-stringify|node:fs|node:fs\/promises|node:net|node:http|node:https|node:child_process|fs|net|http|https)(\/|$)/u;
const FORBIDDEN_FOLDERS = ['db', 'channels', 'jobs', 'outbox', 'runtime', 'cli'].map((d) => path.join(SRC, d) + path.sep);

describe('the engine is pure', () => {
  it('no engine file reaches, even through another module, a database, queue, channel, file or the network', () => {
    const problems: string[] = [];
    const seen = new Set<string>();
    const visit = (file: string, via: string) => {
      if (seen.has(file) || file.endsWith('.json')) return;
      seen.add(file);
      if (FORBIDDEN_FOLDERS.some((dir) => file.startsWith(dir))) problems.push(`${via} reaches ${path.relative(SRC, file)}`);
      const { relative, packages } = importsOf(file);
      for (const pkg of packages.filter((p) => FORBIDDEN_PACKAGES.test(p))) problems.push(`${path.relative(SRC, file)} imports ${pkg}`);
      for (const next of relative) visit(next, path.relative(SRC, file));
    };
    for (const file of files(path.join(SRC, 'engine'))) visit(file, path.relative(SRC, file));
    expect(problems).toEqual([]);
    expect(seen.size).toBeGreaterThan(40);
  });
});

describe('imports', () => {
  it('no module of src imports itself in a circle, type imports included', () => {
    const graph = new Map(files(SRC).map((f) => [f, importsOf(f).relative.filter((t) => t.endsWith('.ts'))]));
    expect(cycles(graph).map((c) => c.map((f) => path.relative(SRC, f)))).toEqual([]);
  });
});

/** Strongly connected components of more than one file (Tarjan). */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const strong = (v: string) => {
    order.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!order.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, order.get(w)!));
    }
    if (low.get(v) !== order.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) found.push(component);
  };
  for (const v of graph.keys()) if (!order.has(v)) strong(v);
  return found;
}
