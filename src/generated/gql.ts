/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "fragment ExportTaskFields on ExportTask {\n  id\n  providerTaskId\n  provider {\n    id\n    name\n  }\n  status\n  providerStatus\n  terminal\n  progress\n  fileName\n  downloadUrl\n  exportType\n  exportedCount\n  totalCount\n  message\n  failureReason\n  errorCode\n  downloaded\n  createdAt\n  finishedAt\n  observedAt\n  estimatedCompletionAt\n  requestId\n}": typeof types.ExportTaskFieldsFragmentDoc,
    "subscription ExportTaskUpdates($ids: [ID!]!) {\n  exportTaskUpdates(ids: $ids) {\n    id\n    final\n    task {\n      ...ExportTaskFields\n    }\n    error {\n      code\n      providerCode\n      message\n      requestId\n      retryable\n    }\n  }\n}": typeof types.ExportTaskUpdatesDocument,
    "query ExportTask($id: ID!) {\n  exportTask(id: $id) {\n    ...ExportTaskFields\n  }\n}": typeof types.ExportTaskDocument,
    "query ExportTasks($ids: [ID!]!) {\n  exportTasks(ids: $ids) {\n    ...ExportTaskFields\n  }\n}": typeof types.ExportTasksDocument,
    "query ProviderTasks($provider: ID!, $filter: ExportTaskFilter, $first: Int = 20, $after: String) {\n  provider(id: $provider) {\n    id\n    exportTasks(\n      filter: $filter\n      orderBy: {field: CREATED_AT, direction: DESC}\n      first: $first\n      after: $after\n    ) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...ExportTaskFields\n        }\n      }\n    }\n  }\n}": typeof types.ProviderTasksDocument,
    "query Providers {\n  providers {\n    id\n    name\n    vendor\n    apiAction\n    apiVersion\n    configured\n    capabilities {\n      listing\n      progress\n      counts\n      failureReason\n      downloadTracking\n      maxRequestsPerSecond\n    }\n    health {\n      state\n      circuitOpen\n      p50LatencyMs\n      errorRate\n      checkedAt\n      lastError {\n        code\n        providerCode\n        message\n      }\n    }\n  }\n}": typeof types.ProvidersDocument,
};
const documents: Documents = {
    "fragment ExportTaskFields on ExportTask {\n  id\n  providerTaskId\n  provider {\n    id\n    name\n  }\n  status\n  providerStatus\n  terminal\n  progress\n  fileName\n  downloadUrl\n  exportType\n  exportedCount\n  totalCount\n  message\n  failureReason\n  errorCode\n  downloaded\n  createdAt\n  finishedAt\n  observedAt\n  estimatedCompletionAt\n  requestId\n}": types.ExportTaskFieldsFragmentDoc,
    "subscription ExportTaskUpdates($ids: [ID!]!) {\n  exportTaskUpdates(ids: $ids) {\n    id\n    final\n    task {\n      ...ExportTaskFields\n    }\n    error {\n      code\n      providerCode\n      message\n      requestId\n      retryable\n    }\n  }\n}": types.ExportTaskUpdatesDocument,
    "query ExportTask($id: ID!) {\n  exportTask(id: $id) {\n    ...ExportTaskFields\n  }\n}": types.ExportTaskDocument,
    "query ExportTasks($ids: [ID!]!) {\n  exportTasks(ids: $ids) {\n    ...ExportTaskFields\n  }\n}": types.ExportTasksDocument,
    "query ProviderTasks($provider: ID!, $filter: ExportTaskFilter, $first: Int = 20, $after: String) {\n  provider(id: $provider) {\n    id\n    exportTasks(\n      filter: $filter\n      orderBy: {field: CREATED_AT, direction: DESC}\n      first: $first\n      after: $after\n    ) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...ExportTaskFields\n        }\n      }\n    }\n  }\n}": types.ProviderTasksDocument,
    "query Providers {\n  providers {\n    id\n    name\n    vendor\n    apiAction\n    apiVersion\n    configured\n    capabilities {\n      listing\n      progress\n      counts\n      failureReason\n      downloadTracking\n      maxRequestsPerSecond\n    }\n    health {\n      state\n      circuitOpen\n      p50LatencyMs\n      errorRate\n      checkedAt\n      lastError {\n        code\n        providerCode\n        message\n      }\n    }\n  }\n}": types.ProvidersDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment ExportTaskFields on ExportTask {\n  id\n  providerTaskId\n  provider {\n    id\n    name\n  }\n  status\n  providerStatus\n  terminal\n  progress\n  fileName\n  downloadUrl\n  exportType\n  exportedCount\n  totalCount\n  message\n  failureReason\n  errorCode\n  downloaded\n  createdAt\n  finishedAt\n  observedAt\n  estimatedCompletionAt\n  requestId\n}"): (typeof documents)["fragment ExportTaskFields on ExportTask {\n  id\n  providerTaskId\n  provider {\n    id\n    name\n  }\n  status\n  providerStatus\n  terminal\n  progress\n  fileName\n  downloadUrl\n  exportType\n  exportedCount\n  totalCount\n  message\n  failureReason\n  errorCode\n  downloaded\n  createdAt\n  finishedAt\n  observedAt\n  estimatedCompletionAt\n  requestId\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription ExportTaskUpdates($ids: [ID!]!) {\n  exportTaskUpdates(ids: $ids) {\n    id\n    final\n    task {\n      ...ExportTaskFields\n    }\n    error {\n      code\n      providerCode\n      message\n      requestId\n      retryable\n    }\n  }\n}"): (typeof documents)["subscription ExportTaskUpdates($ids: [ID!]!) {\n  exportTaskUpdates(ids: $ids) {\n    id\n    final\n    task {\n      ...ExportTaskFields\n    }\n    error {\n      code\n      providerCode\n      message\n      requestId\n      retryable\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ExportTask($id: ID!) {\n  exportTask(id: $id) {\n    ...ExportTaskFields\n  }\n}"): (typeof documents)["query ExportTask($id: ID!) {\n  exportTask(id: $id) {\n    ...ExportTaskFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ExportTasks($ids: [ID!]!) {\n  exportTasks(ids: $ids) {\n    ...ExportTaskFields\n  }\n}"): (typeof documents)["query ExportTasks($ids: [ID!]!) {\n  exportTasks(ids: $ids) {\n    ...ExportTaskFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ProviderTasks($provider: ID!, $filter: ExportTaskFilter, $first: Int = 20, $after: String) {\n  provider(id: $provider) {\n    id\n    exportTasks(\n      filter: $filter\n      orderBy: {field: CREATED_AT, direction: DESC}\n      first: $first\n      after: $after\n    ) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...ExportTaskFields\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query ProviderTasks($provider: ID!, $filter: ExportTaskFilter, $first: Int = 20, $after: String) {\n  provider(id: $provider) {\n    id\n    exportTasks(\n      filter: $filter\n      orderBy: {field: CREATED_AT, direction: DESC}\n      first: $first\n      after: $after\n    ) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...ExportTaskFields\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Providers {\n  providers {\n    id\n    name\n    vendor\n    apiAction\n    apiVersion\n    configured\n    capabilities {\n      listing\n      progress\n      counts\n      failureReason\n      downloadTracking\n      maxRequestsPerSecond\n    }\n    health {\n      state\n      circuitOpen\n      p50LatencyMs\n      errorRate\n      checkedAt\n      lastError {\n        code\n        providerCode\n        message\n      }\n    }\n  }\n}"): (typeof documents)["query Providers {\n  providers {\n    id\n    name\n    vendor\n    apiAction\n    apiVersion\n    configured\n    capabilities {\n      listing\n      progress\n      counts\n      failureReason\n      downloadTracking\n      maxRequestsPerSecond\n    }\n    health {\n      state\n      circuitOpen\n      p50LatencyMs\n      errorRate\n      checkedAt\n      lastError {\n        code\n        providerCode\n        message\n      }\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;