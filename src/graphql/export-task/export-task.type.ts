import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';

import type { ProviderId } from '../../domain/provider-id';
import { DateTimeScalar } from '../common/date-time.scalar';
import { Provider } from '../provider/provider.type';
import { ExportStatus } from './export-status.enum';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'An export task of one provider, normalized: the same fields and status words for every provider.' })
export class ExportTask {
  @Field(() => ID, { description: 'Global id "<providerId>:<providerTaskId>", e.g. "tencent-tcss:e4409223-8e92-45db-a857-11b1ff547c79".' })
  id!: string;

  @Field(() => String, { description: "The provider's own task id, verbatim (Alibaba int64 ids as decimal strings)." })
  providerTaskId!: string;

  /** Resolved by a field resolver from `providerId`. */
  @Field(() => Provider, { description: 'The provider that runs the task.' })
  provider?: Provider;

  /** Not exposed: the provider id behind `provider`. */
  providerId!: ProviderId;

  @Field(() => ExportStatus, { description: 'Normalized lifecycle status.' })
  status!: ExportStatus;

  @Field(() => String, { description: "The provider's own status value, verbatim." })
  providerStatus!: string;

  @Field(() => Boolean, { description: 'True for SUCCEEDED, FAILED or EXPIRED: the state will not change any more.' })
  terminal!: boolean;

  @Field(() => Float, { nullable: true, description: 'Progress 0..100; null where the provider reports none (Huawei while CREATING).' })
  progress!: number | null;

  @Field(() => String, { nullable: true, description: 'Name of the exported file.' })
  fileName!: string | null;

  @Field(() => String, { nullable: true, description: 'Where to download the file, once ready.' })
  downloadUrl!: string | null;

  @Field(() => String, { nullable: true, description: 'Kind of export (Alibaba SIEM ExportType, e.g. "incident_list").' })
  exportType!: string | null;

  @Field(() => Int, { nullable: true, description: 'Records exported so far (Alibaba SAS CurrentCount).' })
  exportedCount!: number | null;

  @Field(() => Int, { nullable: true, description: 'Records to export in all (Alibaba SAS TotalCount).' })
  totalCount!: number | null;

  @Field(() => String, { nullable: true, description: "The provider's message about the task (Alibaba SAS Message)." })
  message!: string | null;

  @Field(() => String, { nullable: true, description: 'Why the task failed (Tencent FailureMsg, Huawei fail_reason).' })
  failureReason!: string | null;

  @Field(() => String, { nullable: true, description: "The provider's error code for a failed task (Huawei error_code)." })
  errorCode!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the file has been downloaded (Huawei is_download).' })
  downloaded!: boolean | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the task was created (SIEM GmtCreate, Huawei create_time).' })
  createdAt!: number | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the task finished (Huawei end_time).' })
  finishedAt!: number | null;

  @Field(() => DateTimeScalar, { description: 'When this state was read from the provider.' })
  observedAt!: number;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Expected completion, from the progress observed over time; null when it cannot be estimated.',
  })
  estimatedCompletionAt!: number | null;

  @Field(() => String, { nullable: true, description: "The provider's request id of the read that produced this state." })
  requestId!: string | null;
}
