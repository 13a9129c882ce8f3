import { Directive, Field, Int, ObjectType } from 'type-graphql';

import { ExportTask } from '../export-task/export-task.type';

@Directive('@shareable')
@ObjectType({ description: 'Where a page ends and whether more follow.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'More tasks follow this page.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to read the next page; opaque.' })
  endCursor!: string | null;
}

@ObjectType({ description: 'A listed task and its cursor.' })
export class ExportTaskEdge {
  @Field(() => String, { description: 'Opaque position of this task in the listing.' })
  cursor!: string;

  @Field(() => ExportTask, { description: 'The task.' })
  node!: ExportTask;
}

@ObjectType({ description: 'One page of tasks as the provider lists them.' })
export class ExportTaskConnection {
  @Field(() => [ExportTaskEdge], { description: 'The tasks of this page.' })
  edges!: ExportTaskEdge[];

  @Field(() => PageInfo, { description: 'Paging information.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Tasks matching the filter in all, as the provider counts them.' })
  totalCount!: number;
}
