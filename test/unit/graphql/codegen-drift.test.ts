import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../..');

// Codegen runs in a plain node child process: inside jest's module registry its document loader
// finds no documents and silently generates nothing.
const SCRIPT = `
const { generate, loadCodegenConfig } = require('@graphql-codegen/cli');
(async () => {
  const { config } = await loadCodegenConfig({ configFilePath: 'codegen.yml' });
  const files = await generate({ ...config, cwd: process.cwd(), silent: true }, false);
  process.stdout.write(JSON.stringify(files.map((f) => ({ filename: f.filename, content: f.content }))));
})().catch((e) => { process.stderr.write(String(e)); process.exit(1); });
`;

describe('src/generated (GraphQL Code Generator output)', () => {
  it('matches what codegen.yml produces from schema/ (run `npm run codegen` after changing operations)', () => {
    const out = execFileSync(process.execPath, ['-e', SCRIPT], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const files = JSON.parse(out) as Array<{ filename: string; content: string }>;
    expect(files.map((f) => f.filename).sort()).toEqual(['src/generated/gql.ts', 'src/generated/graphql.ts', 'src/generated/index.ts']);
    for (const f of files) expect(readFileSync(join(root, f.filename), 'utf8')).toBe(f.content);
  });
});
