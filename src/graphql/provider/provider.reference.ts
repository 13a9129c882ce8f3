import { isProviderId } from '../../domain/provider-id';
import type { GraphQLContext } from '../context';
import type { Provider } from './provider.type';
import { providerView } from './provider.view';

/** `Provider.__resolveReference`: a provider another subgraph names; null for an id this service has no provider for. */
export function resolveProviderReference(ref: { id: string }, ctx: GraphQLContext): Provider | null {
  return isProviderId(ref.id) ? providerView(ref.id, ctx.tenant) : null;
}
