import { Field, Float, ObjectType } from 'type-graphql';

@ObjectType({ description: 'What a provider reports and supports.' })
export class ProviderCapabilities {
  @Field(() => Boolean, { description: 'Tasks can be listed with Provider.exportTasks (Huawei only).' })
  listing!: boolean;

  @Field(() => Boolean, { description: 'The provider reports a progress percentage.' })
  progress!: boolean;

  @Field(() => Boolean, { description: 'The provider reports exportedCount/totalCount.' })
  counts!: boolean;

  @Field(() => Boolean, { description: 'The provider says why a task failed.' })
  failureReason!: boolean;

  @Field(() => Boolean, { description: 'The provider tracks whether the file was downloaded (`downloaded`).' })
  downloadTracking!: boolean;

  @Field(() => Float, {
    nullable: true,
    description: 'The read quota this service keeps to, per tenant, in requests per second (Tencent documents 20).',
  })
  maxRequestsPerSecond!: number | null;
}
