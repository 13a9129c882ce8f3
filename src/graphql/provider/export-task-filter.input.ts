import { Field, InputType } from 'type-graphql';

import { ExportStatus } from '../export-task/export-status.enum';

@InputType({ description: 'Conditions on listed tasks; all given conditions must hold.' })
export class ExportTaskFilter {
  @Field(() => [ExportStatus], { nullable: true, description: 'Any of these statuses.' })
  status?: ExportStatus[] | null;

  @Field(() => String, { nullable: true, description: 'File name, as the provider matches it.' })
  fileName?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the file was downloaded.' })
  downloaded?: boolean | null;

  @Field(() => String, { nullable: true, description: "The provider's task id." })
  providerTaskId?: string | null;
}
