import { Field, InputType, registerEnumType } from 'type-graphql';

/** Fields listed tasks can be ordered by. */
export enum ExportTaskOrderField {
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(ExportTaskOrderField, {
  name: 'ExportTaskOrderField',
  description: 'Fields listed tasks can be ordered by.',
  valuesConfig: { CREATED_AT: { description: 'Creation time.' } },
});

/** Sort direction. */
export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, {
  name: 'SortDirection',
  description: 'Sort direction.',
  valuesConfig: { ASC: { description: 'Oldest first.' }, DESC: { description: 'Newest first.' } },
});

@InputType({ description: 'Order of listed tasks.' })
export class ExportTaskOrder {
  @Field(() => ExportTaskOrderField, { description: 'The field to order by.' })
  field!: ExportTaskOrderField;

  @Field(() => SortDirection, { defaultValue: SortDirection.DESC, description: 'The direction, newest first by default.' })
  direction!: SortDirection;
}
