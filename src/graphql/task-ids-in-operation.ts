import { type DocumentNode, type FieldNode, getOperationAST, Kind, type SelectionSetNode, type ValueNode } from 'graphql';

/** The variables of an operation, as the caller sent them. */
type Variables = Readonly<Record<string, unknown>> | null | undefined;

/**
 * What an operation's count depends on: the ids written in the document, and the variables whose values
 * add theirs (each as many times as it is used).
 */
interface Plan {
  readonly fixed: number;
  readonly lists: readonly string[];
  readonly representations: readonly string[];
}

/** Plans by document (documents are cached by query text, so the walk is done once per query) and operation name. */
const plans = new WeakMap<DocumentNode, Map<string, Plan>>();

/**
 * How many task ids an operation names, before it runs: every id of `exportTask(id)`,
 * `exportTasks(ids)` and `exportTaskUpdates(ids)` wherever they appear (aliases and fragments counted
 * where they are used), and every `ExportTask` representation of `_entities`. Ids are counted as named,
 * repeats included: the cap bounds what a caller may ask for, not what the cache happens to hold.
 * An operation that cannot be found counts 0 (execution reports it). The document is walked once; each
 * call only adds up the variables.
 */
export function taskIdsInOperation(document: DocumentNode, operationName: string | null | undefined, variables: Variables): number {
  let byName = plans.get(document);
  if (!byName) plans.set(document, (byName = new Map()));
  const name = operationName ?? '';
  let plan = byName.get(name);
  if (!plan) byName.set(name, (plan = planOf(document, operationName)));
  let n = plan.fixed;
  for (const v of plan.lists) n += lengthOfValue(variables?.[v]);
  for (const v of plan.representations) n += exportTaskRepresentationsOfValue(variables?.[v]);
  return n;
}

function planOf(document: DocumentNode, operationName: string | null | undefined): Plan {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return { fixed: 0, lists: [], representations: [] };
  const fragments = new Map<string, SelectionSetNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d.selectionSet);
  let fixed = 0;
  const lists: string[] = [];
  const representations: string[] = [];
  const visit = (set: SelectionSetNode, path: ReadonlySet<string>): void => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        fixed += planField(s, lists, representations);
        if (s.selectionSet) visit(s.selectionSet, path);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        visit(s.selectionSet, path);
      } else {
        const name = s.name.value;
        const fragment = fragments.get(name);
        if (!fragment || path.has(name)) continue; // unknown or cyclic: validation refuses both
        visit(fragment, new Set([...path, name]));
      }
    }
  };
  visit(operation.selectionSet, new Set());
  return { fixed, lists, representations };
}

/** The ids a field names in the document; the variables it reads them from go to `lists`/`representations`. */
function planField(field: FieldNode, lists: string[], representations: string[]): number {
  const arg = (name: string) => field.arguments?.find((a) => a.name.value === name)?.value;
  switch (field.name.value) {
    case 'exportTask':
      return arg('id') ? 1 : 0;
    case 'exportTasks':
    case 'exportTaskUpdates': {
      const value = arg('ids');
      if (value?.kind === Kind.VARIABLE) return (lists.push(value.name.value), 0);
      return lengthOf(value);
    }
    case '_entities': {
      const value = arg('representations');
      if (value?.kind === Kind.VARIABLE) return (representations.push(value.name.value), 0);
      return exportTaskRepresentations(value);
    }
    default:
      return 0;
  }
}

/** Items of a literal list argument (a single value counts 1, as GraphQL coerces it to a list of one). */
function lengthOf(value: ValueNode | undefined): number {
  if (!value || value.kind === Kind.NULL) return 0;
  return value.kind === Kind.LIST ? value.values.length : 1;
}

/** Items of a list variable's value (a single value counts 1). */
function lengthOfValue(v: unknown): number {
  return Array.isArray(v) ? v.length : v === undefined || v === null ? 0 : 1;
}

/** `ExportTask` representations in a variable's value. */
function exportTaskRepresentationsOfValue(v: unknown): number {
  const list = Array.isArray(v) ? v : [v];
  return list.filter((r) => typeof r === 'object' && r !== null && (r as { __typename?: unknown }).__typename === 'ExportTask').length;
}

/** Literal `_entities` representations whose `__typename` is `ExportTask`. */
function exportTaskRepresentations(value: ValueNode | undefined): number {
  if (!value) return 0;
  const items = value.kind === Kind.LIST ? value.values : [value];
  return items.filter(
    (r) =>
      r.kind === Kind.OBJECT &&
      r.fields.some((f) => f.name.value === '__typename' && f.value.kind === Kind.STRING && f.value.value === 'ExportTask'),
  ).length;
}
