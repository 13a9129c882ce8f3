import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { type DefinitionNode, Kind, type OperationDefinitionNode, parse, type TypeNode, visit } from 'graphql';

import { demoTasks } from '../../demo/demo-tasks';
import { taskGlobalId } from '../../domain/export-task';
import { PROVIDER_IDS } from '../../domain/provider-id';

/** One ready tab of the playground (GraphiQL's `TabDefinition`). */
export interface PlaygroundTab {
  /** The operation's file, followed by the files of the fragments it spreads. */
  readonly query: string;
  /** JSONC text of the variables editor: examples for the operation's required variables. */
  readonly variables?: string;
  /** JSONC text of the header editor. */
  readonly headers: string;
}

/** What the examples are built for: demo mode (auth off, demo tasks) or a configured service. */
export interface TabOptions {
  readonly demo: boolean;
  readonly auth: boolean;
}

interface OperationFile {
  readonly text: string;
  readonly operations: readonly OperationDefinitionNode[];
  readonly fragments: readonly string[];
  readonly spreads: ReadonlySet<string>;
}

// The first demo task of each provider (all running for minutes after start-up). They are also the
// ids the README uses as examples, so they read as examples with a real config too.
const EXAMPLE_IDS = (() => {
  const tasks = demoTasks(0);
  return PROVIDER_IDS.map((p) => taskGlobalId(p, tasks[p][0]!.id));
})();
// The one of `$id`: Tencent's, as in the comment of schema/operations/export-task.graphql.
const EXAMPLE_ID = EXAMPLE_IDS.find((id) => id.startsWith('tencent-tcss:'))!;

const ORDER: Readonly<Record<string, number>> = { query: 0, mutation: 1, subscription: 2 };

/**
 * The playground's ready tabs: one per file of `dir` (schema/operations/) that holds an operation,
 * queries first, each with the fragment files it needs appended (so every tab runs as it is), example
 * variables for the required `$id`, `$ids` and `$provider`, and the header text of `headerText`.
 * Read once at start-up; an operation added to schema/operations/ shows up on the next start.
 */
export function playgroundTabs(dir: string, options: TabOptions): PlaygroundTab[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readOperationFile(join(dir, f)));
  const fragmentFile = new Map<string, OperationFile>();
  for (const f of files) for (const name of f.fragments) fragmentFile.set(name, f);
  const headers = headerText(options);
  return files
    .filter((f) => f.operations.length > 0)
    .sort((a, b) => ORDER[a.operations[0]!.operation]! - ORDER[b.operations[0]!.operation]! || name(a).localeCompare(name(b)))
    .map((f) => {
      const needed = new Set<OperationFile>();
      const queue = [...f.spreads];
      for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
        const def = fragmentFile.get(s);
        if (!def || def === f || needed.has(def)) continue;
        needed.add(def);
        queue.push(...def.spreads);
      }
      const query = [f.text, ...[...needed].map((d) => d.text)].map((t) => t.trimEnd()).join('\n\n') + '\n';
      const variables = exampleVariables(f.operations[0]!, options.demo);
      return variables === undefined ? { query, headers } : { query, variables, headers };
    });
}

/**
 * The header editor's text. With auth, the `Authorization` header to fill in; in demo mode (auth
 * off) an empty object and a comment saying why. GraphiQL parses it as JSONC.
 */
export function headerText(options: TabOptions): string {
  if (options.auth) return `{"Authorization": "Bearer <your API key>"}\n`;
  return [
    '// Demo mode: auth is off, no API key needed.',
    "// With a config file, every request needs your tenant's key:",
    '// {"Authorization": "Bearer <your API key>"}',
    '{}',
    '',
  ].join('\n');
}

function exampleVariables(op: OperationDefinitionNode, demo: boolean): string | undefined {
  const values: Record<string, unknown> = {};
  for (const v of op.variableDefinitions ?? []) {
    if (v.defaultValue || v.type.kind !== Kind.NON_NULL_TYPE) continue;
    const name = v.variable.name.value;
    if (name === 'ids' && isList(v.type)) values[name] = EXAMPLE_IDS;
    else if (name === 'id') values[name] = EXAMPLE_ID;
    else if (name === 'provider') values[name] = 'huawei-workspace';
  }
  if (Object.keys(values).length === 0) return undefined;
  const note = demo ? '// Demo tasks: they progress while the service runs.' : "// Example ids: put your own tasks' ids here.";
  return `${note}\n${JSON.stringify(values, null, 2)}\n`;
}

function isList(type: TypeNode): boolean {
  return type.kind === Kind.LIST_TYPE || (type.kind === Kind.NON_NULL_TYPE && type.type.kind === Kind.LIST_TYPE);
}

function name(f: OperationFile): string {
  return f.operations[0]!.name?.value ?? '';
}

function readOperationFile(path: string): OperationFile {
  const text = readFileSync(path, 'utf8');
  const defs: readonly DefinitionNode[] = parse(text).definitions;
  const operations = defs.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const fragments = defs.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [d.name.value] : []));
  const spreads = new Set<string>();
  for (const d of defs) visit(d, { FragmentSpread: (s) => void spreads.add(s.name.value) });
  return { text, operations, fragments, spreads };
}
