import { useLazyQuery } from '@apollo/client/react';
import { useState } from 'react';

import { ProviderTasksDocument } from '../../../src/generated/graphql';

/** The one provider that can list its tasks. */
const HUAWEI = 'huawei-workspace';

/**
 * Picks Huawei Workspace tasks from the provider's own listing (`ProviderTasks`, newest first): a list
 * of checkboxes, and a button that watches the checked ones.
 */
export function HuaweiPicker({ onPick }: { onPick: (ids: readonly string[]) => void }) {
  const [load, { data, loading, error }] = useLazyQuery(ProviderTasksDocument, { fetchPolicy: 'network-only' });
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const edges = data?.provider?.exportTasks.edges ?? [];
  const toggle = (id: string) =>
    setChecked((c) => {
      const next = new Set(c);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <section className="picker" aria-labelledby="picker-title">
      <h2 id="picker-title">Huawei Workspace tasks</h2>
      <button type="button" onClick={() => void load({ variables: { provider: HUAWEI, first: 20 } })} disabled={loading}>
        {data ? 'Reload the list' : 'List Huawei tasks'}
      </button>
      {error ? (
        <p className="error" role="alert">
          Listing failed: {error.message}
        </p>
      ) : null}
      {data && !data.provider ? <p>The service does not know provider {HUAWEI}.</p> : null}
      {edges.length > 0 ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            onPick(edges.map((e) => e.node.id).filter((id) => checked.has(id)));
          }}
        >
          <fieldset>
            <legend>
              Newest {edges.length} of {data?.provider?.exportTasks.totalCount}
            </legend>
            {edges.map(({ node }) => (
              <label key={node.id} className="pick">
                <input type="checkbox" checked={checked.has(node.id)} onChange={() => toggle(node.id)} /> {node.fileName ?? node.id}{' '}
                <span className="muted">({node.status.toLowerCase()})</span>
              </label>
            ))}
          </fieldset>
          <button type="submit" disabled={checked.size === 0}>
            Watch the {checked.size} checked
          </button>
        </form>
      ) : null}
    </section>
  );
}
