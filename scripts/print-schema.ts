import 'reflect-metadata';

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { printServiceSchema } from '../src/graphql/print-schema';

/** `npm run schema`: writes schema/schema.graphql from the code-first schema. */
printServiceSchema()
  .then((sdl) => {
    const file = join(__dirname, '..', '..', 'schema', 'schema.graphql');
    writeFileSync(file, sdl);
    process.stdout.write(`wrote ${file}\n`);
  })
  .catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
