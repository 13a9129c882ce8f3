import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SRC = join(ROOT, 'src');

/**
 * The layers as the README's "Layout" names them, from the top down: `src/main.ts`, then each
 * `src/<folder>/`. A file may import only from its own folder or from a folder listed after its own.
 */
function layersFromReadme(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const layout = /## Layout\n[\s\S]*?```\n([\s\S]*?)```/.exec(readme);
  if (!layout) throw new Error('README.md has no "## Layout" section with a code block');
  return [...layout[1]!.matchAll(/^src\/([a-z-]+\/|main\.ts)/gm)].map((m) => m[1]!.replace(/\/$/, ''));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The folder under src/ a file belongs to (`main.ts` for the bootstrap). */
function layerOf(file: string): string {
  const rel = relative(SRC, file);
  return rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : rel;
}

/** Every relative import of a file, resolved to the file it names. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/gm)].map((m) => resolve(dirname(file), m[1]!));
}

describe('architecture', () => {
  const layers = layersFromReadme();
  const files = sourceFiles(SRC);

  it('the README names every folder of src/ as a layer, once', () => {
    const folders = [...new Set(files.map(layerOf))].sort();
    expect([...layers].sort()).toEqual(folders);
    expect(new Set(layers).size).toBe(layers.length);
  });

  it('no import runs from a lower layer to a higher one', () => {
    const upward: string[] = [];
    for (const file of files) {
      const from = layers.indexOf(layerOf(file));
      for (const target of importsOf(file)) {
        const to = layers.indexOf(layerOf(target));
        if (to < from) upward.push(`${relative(ROOT, file)} imports ${relative(ROOT, target)} (${layers[to]} is above ${layers[from]})`);
      }
    }
    expect(upward).toEqual([]);
  });
});
