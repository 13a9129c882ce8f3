import { Directive, Field, ID, ObjectType } from 'type-graphql';

import type { ProviderId } from '../../domain/provider-id';
import { ProviderCapabilities } from './provider-capabilities.type';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A cloud API that runs export tasks, and its state for the calling tenant.' })
export class Provider {
  @Field(() => ID, { description: 'The provider id: "alibaba-sas" | "alibaba-siem" | "tencent-tcss" | "huawei-workspace".' })
  id!: ProviderId;

  @Field(() => String, { description: 'Product name, e.g. "Alibaba Cloud Security Center".' })
  name!: string;

  @Field(() => String, { description: 'The vendor: "Alibaba Cloud" | "Tencent Cloud" | "Huawei Cloud".' })
  vendor!: string;

  @Field(() => String, {
    description: 'The API action read: "DescribeExportInfo" | "GetExportTask" | "DescribeExportJobResult" | "ListExportTasks".',
  })
  apiAction!: string;

  @Field(() => String, { description: 'The API version: "2018-12-03" | "2024-12-12" | "2020-11-01" | "v2".' })
  apiVersion!: string;

  @Field(() => ProviderCapabilities, { description: 'What the provider reports and supports.' })
  capabilities!: ProviderCapabilities;
}
