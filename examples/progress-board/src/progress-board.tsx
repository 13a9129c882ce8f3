import { ApolloProvider } from '@apollo/client/react';
import { useEffect, useMemo, useState } from 'react';

import { apiKeyStore } from './api-key';
import { type Connection, createBoardClient } from './board-client';
import { type BoardConfig, type BoardLocation, searchFor } from './board-config';
import { ConnectionStatus } from './connection-status';
import { HuaweiPicker } from './huawei-picker';
import { KeyForm } from './key-form';
import { TaskTable } from './task-table';

/** Props of `ProgressBoard`. */
export interface ProgressBoardProps {
  readonly config: BoardConfig;
  readonly location: BoardLocation;
  /** The GraphQL endpoint, absolute. */
  readonly graphqlUrl: string;
}

/**
 * The board: the key (when the service wants one), the connection state, one live row per task, and
 * the Huawei picker. Tasks come from the URL (`?ids=`), else the demo tasks in demo mode.
 */
export function ProgressBoard({ config, location, graphqlUrl }: ProgressBoardProps) {
  const [apiKey, setApiKey] = useState(() => (config.auth ? apiKeyStore.read() : undefined));
  const [ids, setIds] = useState<readonly string[]>(location.ids.length > 0 ? location.ids : config.demoTaskIds);
  const [connection, setConnection] = useState<Connection>({ state: 'connecting', transport: 'websocket', fellBack: false });
  const client = useMemo(
    () => createBoardClient({ graphqlUrl, apiKey, transport: location.transport }),
    [graphqlUrl, apiKey, location.transport],
  );
  useEffect(() => {
    const off = client.onConnection(setConnection);
    return () => {
      off();
      client.dispose();
    };
  }, [client]);

  const changeKey = (key: string | undefined) => {
    apiKeyStore.write(key);
    setApiKey(key);
  };
  const pick = (picked: readonly string[]) => {
    setIds(picked);
    history.replaceState(null, '', searchFor(picked, location.transport));
  };
  const needsKey = config.auth && apiKey === undefined;

  return (
    <ApolloProvider client={client.apollo}>
      <header>
        <h1>Export progress</h1>
        {config.demo ? <p className="demo">Demo mode: the providers are emulated and no key is needed.</p> : null}
        {config.auth ? <KeyForm hasKey={apiKey !== undefined} onKey={changeKey} /> : null}
        {needsKey ? null : <ConnectionStatus connection={connection} />}
      </header>
      {needsKey ? (
        <p className="notice" role="alert">
          This service needs an API key: enter your tenant’s key above to see your tasks.
        </p>
      ) : ids.length === 0 ? (
        <p className="notice">No tasks yet: name them in the URL (?ids=provider:id,…) or pick Huawei tasks below.</p>
      ) : (
        <TaskTable key={`${ids.join()}|${apiKey ?? ''}`} ids={ids} />
      )}
      {needsKey ? null : <HuaweiPicker onPick={pick} />}
    </ApolloProvider>
  );
}
