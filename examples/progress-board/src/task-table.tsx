import { useSubscription } from '@apollo/client/react';
import { useState } from 'react';

import { ExportTaskUpdatesDocument } from '../../../src/generated/graphql';
import { TaskRowView } from './task-row-view';
import { applyUpdate, initialRows } from './task-rows';
import { useNow } from './use-now';

/**
 * The live table of `ids`: one `ExportTaskUpdates` subscription, each event folded into its task's row
 * (GraphiQL would show only the latest event). Mount it with `key={ids.join()}` so new ids start anew.
 */
export function TaskTable({ ids }: { ids: readonly string[] }) {
  const [rows, setRows] = useState(() => initialRows(ids));
  const { error } = useSubscription(ExportTaskUpdatesDocument, {
    variables: { ids: [...ids] },
    fetchPolicy: 'no-cache',
    onData: ({ data }) => {
      const update = data.data?.exportTaskUpdates;
      if (update) setRows((r) => applyUpdate(r, update));
    },
  });
  const now = useNow();
  return (
    <>
      {error ? (
        <p className="error" role="alert">
          The subscription failed: {error.message}
        </p>
      ) : null}
      <table className="tasks">
        <caption>
          {ids.length} export task{ids.length === 1 ? '' : 's'}, live
        </caption>
        <thead>
          <tr>
            <th scope="col">Provider</th>
            <th scope="col">File</th>
            <th scope="col">Status</th>
            <th scope="col">Progress</th>
            <th scope="col">%</th>
            <th scope="col">Ready in</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {[...rows.values()].map((row) => (
            <TaskRowView key={row.id} row={row} now={now} />
          ))}
        </tbody>
      </table>
    </>
  );
}
