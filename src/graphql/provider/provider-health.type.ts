import { Field, Float, ObjectType } from 'type-graphql';

import { DateTimeScalar } from '../common/date-time.scalar';
import { ProviderError } from './provider-error.type';
import { ProviderState } from './provider-state.enum';

@ObjectType({ description: "A provider's health as seen from this service's own recent calls, for the caller's tenant." })
export class ProviderHealth {
  @Field(() => ProviderState, { description: 'Overall state from recent calls.' })
  state!: ProviderState;

  @Field(() => Boolean, { description: 'Calls are currently refused without reaching the provider.' })
  circuitOpen!: boolean;

  @Field(() => Float, { nullable: true, description: 'Median latency of recent calls, in milliseconds.' })
  p50LatencyMs!: number | null;

  @Field(() => Float, { nullable: true, description: 'Share of recent calls that failed, 0..1.' })
  errorRate!: number | null;

  @Field(() => ProviderError, { nullable: true, description: 'The most recent failure.' })
  lastError!: ProviderError | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the provider was last called.' })
  checkedAt!: number | null;
}
