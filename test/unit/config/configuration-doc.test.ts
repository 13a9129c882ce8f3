import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ENVIRONMENT_VARIABLES } from '../../../src/cli/command-line';
import { readConfig } from '../../../src/config/load-config';
import { PROVIDER_IDS } from '../../../src/domain/provider-id';

/**
 * docs/configuration.md against the code: every option the config reader asks for is documented, and
 * every documented option is one it asks for. The reader records the options it is asked for (whether
 * present or not, array indices left out: `tenants[].providers.tencent-tcss.region`); the document's
 * option tables (header `| option | type | default | meaning |`) name each option in their first column,
 * `*` standing for every provider id. The document's example configures every section and provider.
 */
const DOC = readFileSync(join(__dirname, '../../../docs/configuration.md'), 'utf8');

/** The rows (cells) of every table of the document whose header is `header`. */
function tableRows(header: readonly string[]): string[][] {
  const rows: string[][] = [];
  let inTable = false;
  for (const line of DOC.split('\n')) {
    if (!line.startsWith('|')) {
      inTable = false;
      continue;
    }
    const cells = line
      .slice(1, line.endsWith('|') ? -1 : undefined)
      .split('|')
      .map((c) => c.trim());
    if (cells.join('|') === header.join('|')) inTable = true;
    else if (inTable && !/^-+$/.test(cells[0]!)) rows.push(cells);
  }
  return rows;
}

const optionRows = tableRows(['option', 'type', 'default', 'meaning']);

/** The options the document lists, `*` expanded to each provider id. */
function documentedOptions(): string[] {
  return optionRows.flatMap((cells) => {
    const path = /^`([^`]+)`$/.exec(cells[0]!)?.[1];
    if (path === undefined) throw new Error(`an option row without a \`path\` first: ${cells.join(' | ')}`);
    return path.includes('.*.') ? PROVIDER_IDS.map((id) => path.replace('.*.', `.${id}.`)) : [path];
  });
}

/** The example configuration of the document, and an environment that sets each of its `env:` names. */
function example(): { document: unknown; env: NodeJS.ProcessEnv } {
  const block = /## Example[\s\S]*?```json\n([\s\S]*?)```/.exec(DOC);
  if (!block) throw new Error('docs/configuration.md has no "## Example" with a json block');
  const env: NodeJS.ProcessEnv = {};
  for (const [, name] of block[1]!.matchAll(/"env:([A-Za-z_][A-Za-z0-9_]*)"/g)) {
    env[name!] = name!.includes('REDIS') ? 'redis://127.0.0.1:6379' : `value-of-${name!.toLowerCase()}-for-the-test`;
  }
  return { document: JSON.parse(block[1]!), env };
}

/** Options asked for that have no option under them: each must have its row (a section, such as `tenants[].providers`, may). */
function leaves(paths: ReadonlySet<string>): string[] {
  const all = [...paths];
  return all.filter((p) => !all.some((q) => q.startsWith(`${p}.`) || q.startsWith(`${p}[]`))).sort();
}

describe('docs/configuration.md', () => {
  const { document, env } = example();
  const reading = readConfig(document, env);

  it('its example is a valid configuration of every section and every provider', () => {
    expect(reading.issues).toEqual([]);
    const top = new Set([...reading.optionPaths].map((p) => p.split(/[.[]/)[0]));
    expect([...top].sort()).toEqual(['cache', 'limits', 'polling', 'redis', 'resilience', 'server', 'tenants']);
    for (const id of PROVIDER_IDS) expect(Object.keys(reading.config!.tenants[0]!.providers)).toContain(id);
  });

  it('documents every option the code reads, and no option the code does not read', () => {
    const read = leaves(reading.optionPaths);
    const documented = documentedOptions();
    expect(read.length).toBeGreaterThan(50);
    expect({ readButNotDocumented: read.filter((p) => !documented.includes(p)) }).toEqual({ readButNotDocumented: [] });
    expect({ documentedButNotRead: documented.filter((p) => !reading.optionPaths.has(p)) }).toEqual({ documentedButNotRead: [] });
    expect(new Set(documented).size).toBe(documented.length);
  });

  it('gives each option a type, a default and a meaning', () => {
    for (const cells of optionRows) {
      expect(cells).toHaveLength(4);
      for (const cell of cells) expect(cell).not.toBe('');
    }
  });

  it('lists the environment variables --help lists', () => {
    const names = tableRows(['variable', 'meaning']).map((cells) => /^`([A-Z_]+)`$/.exec(cells[0]!)?.[1]);
    expect(names).toEqual(ENVIRONMENT_VARIABLES.map((v) => v.name));
  });

  it('states the API keys minimum that the reader holds to', () => {
    expect(DOC).toContain('at least 16 characters');
    const short = { ...(document as Record<string, unknown>), tenants: [{ id: 't', apiKeys: ['k'.repeat(15)], providers: {} }] };
    expect(readConfig(short, env).issues.map((i) => i.message)).toEqual([
      '$.tenants[0].apiKeys[0]: expected an API key of at least 16 characters, but got a string of 15 characters',
    ]);
  });
});
