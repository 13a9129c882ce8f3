import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A failure of a call to a provider, classified into the error codes of this API.' })
export class ProviderError {
  @Field(() => ID, { description: 'The provider concerned.' })
  provider!: string;

  @Field(() => String, { description: 'One of the API error codes, e.g. PROVIDER_RATE_LIMITED or PROVIDER_MISCONFIGURED.' })
  code!: string;

  @Field(() => String, { nullable: true, description: 'The provider\'s own error code, e.g. "RequestLimitExceeded".' })
  providerCode!: string | null;

  @Field(() => String, { description: 'What went wrong; never contains credentials or signatures.' })
  message!: string;

  @Field(() => String, { nullable: true, description: "The provider's request id of the failed call." })
  requestId!: string | null;

  @Field(() => Boolean, {
    description: 'Whether the same call may succeed if tried again later; a subscription ends on an error that is not.',
  })
  retryable!: boolean;
}
