import { type DocumentNode, type FieldNode, getOperationAST, Kind, type SelectionSetNode, type ValueNode } from 'graphql';

/** The variables of an operation, as the caller sent them. */
type Variables = Readonly<Record<string, unknown>> | null | undefined;

/**
 * How many task ids an operation names, before it runs: every id of `exportTask(id)`,
 * `exportTasks(ids)` and `exportTaskUpdates(ids)` wherever they appear (aliases and fragments counted
 * where they are used), and every `ExportTask` representation of `_entities`. Ids are counted as named,
 * repeats included: the cap bounds what a caller may ask for, not what the cache happens to hold.
 * An operation that cannot be found counts 0 (execution reports it).
 */
export function taskIdsInOperation(document: DocumentNode, operationName: string | null | undefined, variables: Variables): number {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return 0;
  const fragments = new Map<string, SelectionSetNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d.selectionSet);
  // A fragment names the same ids wherever it is spread: count it once, then multiply by its uses.
  const perFragment = new Map<string, number>();
  const count = (set: SelectionSetNode, path: ReadonlySet<string>): number => {
    let n = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        n += idsOfField(s, variables);
        if (s.selectionSet) n += count(s.selectionSet, path);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        n += count(s.selectionSet, path);
      } else {
        const name = s.name.value;
        const fragment = fragments.get(name);
        if (!fragment || path.has(name)) continue; // unknown or cyclic: validation refuses both
        let inner = perFragment.get(name);
        if (inner === undefined) perFragment.set(name, (inner = count(fragment, new Set([...path, name]))));
        n += inner;
      }
    }
    return n;
  };
  return count(operation.selectionSet, new Set());
}

function idsOfField(field: FieldNode, variables: Variables): number {
  const arg = (name: string) => field.arguments?.find((a) => a.name.value === name)?.value;
  switch (field.name.value) {
    case 'exportTask':
      return arg('id') ? 1 : 0;
    case 'exportTasks':
    case 'exportTaskUpdates':
      return lengthOf(arg('ids'), variables);
    case '_entities':
      return exportTaskRepresentations(arg('representations'), variables);
    default:
      return 0;
  }
}

/** Items of a list argument (a single value counts 1, as GraphQL coerces it to a list of one). */
function lengthOf(value: ValueNode | undefined, variables: Variables): number {
  if (!value || value.kind === Kind.NULL) return 0;
  if (value.kind === Kind.LIST) return value.values.length;
  if (value.kind === Kind.VARIABLE) {
    const v = variables?.[value.name.value];
    return Array.isArray(v) ? v.length : v === undefined || v === null ? 0 : 1;
  }
  return 1;
}

/** `_entities` representations whose `__typename` is `ExportTask`. */
function exportTaskRepresentations(value: ValueNode | undefined, variables: Variables): number {
  if (!value) return 0;
  if (value.kind === Kind.VARIABLE) {
    const v = variables?.[value.name.value];
    const list = Array.isArray(v) ? v : [v];
    return list.filter((r) => typeof r === 'object' && r !== null && (r as { __typename?: unknown }).__typename === 'ExportTask').length;
  }
  const items = value.kind === Kind.LIST ? value.values : [value];
  return items.filter(
    (r) =>
      r.kind === Kind.OBJECT &&
      r.fields.some((f) => f.name.value === '__typename' && f.value.kind === Kind.STRING && f.value.value === 'ExportTask'),
  ).length;
}
