import { Field, ID, ObjectType } from 'type-graphql';

import { ProviderError } from '../provider/provider-error.type';
import { ExportTask } from './export-task.type';

@ObjectType({ description: 'One event of a live subscription about one task.' })
export class ExportTaskUpdate {
  @Field(() => ID, { description: 'The task this event is about.' })
  id!: string;

  @Field(() => ExportTask, { nullable: true, description: 'Latest known state; null only if it was never read.' })
  task!: ExportTask | null;

  @Field(() => ProviderError, {
    nullable: true,
    description: 'Set when the latest read failed; the stream goes on if the error is retryable, and ends with it if not (final).',
  })
  error!: ProviderError | null;

  @Field(() => Boolean, { description: 'The last event for this id: the task is terminal, or its error is not retryable.' })
  final!: boolean;
}
