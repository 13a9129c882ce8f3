import type { Connection, ConnectionState } from './board-client';

const TRANSPORT = { websocket: 'WebSocket', http: 'HTTP multipart' } as const;

const TEXT: Readonly<Record<ConnectionState, (transport: string) => string>> = {
  connecting: (t) => `Connecting (${t})…`,
  connected: (t) => `Live (${t})`,
  reconnecting: (t) => `Connection lost: reconnecting (${t})…`,
  refused: () => 'The service refused this API key',
};

/** The transport's state and name, announced politely to screen readers. */
export function ConnectionStatus({ connection }: { connection: Connection }) {
  const { state, transport, fellBack } = connection;
  const name = fellBack ? `${TRANSPORT[transport]}: WebSockets are blocked here` : TRANSPORT[transport];
  return (
    <p className={`connection connection-${state}`} role="status" data-state={state} data-transport={transport}>
      {TEXT[state](name)}
    </p>
  );
}
