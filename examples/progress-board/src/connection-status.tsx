import type { ConnectionState } from './board-client';

const TEXT: Readonly<Record<ConnectionState, string>> = {
  connecting: 'Connecting…',
  connected: 'Live (WebSocket)',
  reconnecting: 'Connection lost: reconnecting…',
  refused: 'The service refused this API key',
  http: 'Live (HTTP multipart)',
};

/** The transport's state, announced politely to screen readers. */
export function ConnectionStatus({ state }: { state: ConnectionState }) {
  return (
    <p className={`connection connection-${state}`} role="status" data-state={state}>
      {TEXT[state]}
    </p>
  );
}
