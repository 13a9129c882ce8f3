import { registerEnumType } from 'type-graphql';

/** Health of a provider as seen from this service's own recent calls. */
export enum ProviderState {
  UP = 'UP',
  DEGRADED = 'DEGRADED',
  DOWN = 'DOWN',
  UNKNOWN = 'UNKNOWN',
}

registerEnumType(ProviderState, {
  name: 'ProviderState',
  description: "Health of a provider, from this service's own recent calls to it.",
  valuesConfig: {
    UP: { description: 'Recent calls succeed.' },
    DEGRADED: { description: 'Some recent calls fail or are throttled.' },
    DOWN: { description: 'Most recent calls fail, or the circuit is open.' },
    UNKNOWN: { description: 'No recent calls to judge by.' },
  },
});
