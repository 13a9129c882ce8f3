import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A response model as field name → the `typeof` its value must have (`string`, `number`, `boolean`, `object`). */
export type FieldTypes = Readonly<Record<string, string>>;

/**
 * The fields of an interface in the installed Tencent SDK's tcss v20201101 models
 * (`tencentcloud-sdk-nodejs/tencentcloud/services/tcss/v20201101/tcss_models.d.ts`), read from the file
 * itself so that the check follows the SDK the tests run against. Only scalar fields are supported: a
 * field of any other type throws, naming it.
 */
export function tencentTcssModel(name: string): FieldTypes {
  const root = dirname(require.resolve('tencentcloud-sdk-nodejs/package.json'));
  const text = readFileSync(join(root, 'tencentcloud/services/tcss/v20201101/tcss_models.d.ts'), 'utf8');
  const body = new RegExp(`\\nexport interface ${name} \\{\\n([\\s\\S]*?)\\n\\}`).exec(text)?.[1];
  if (body === undefined) throw new Error(`tcss_models.d.ts must declare interface ${name} but does not`);
  const fields: Record<string, string> = {};
  for (const [, field, type] of body.matchAll(/^ {4}(\w+)\??: ([^;]+);$/gm)) {
    if (type !== 'string' && type !== 'number' && type !== 'boolean') {
      throw new Error(`${name}.${field} must be a scalar to be checked here but is declared: ${type}`);
    }
    fields[field as string] = type;
  }
  return fields;
}

/**
 * Alibaba's generated models are not installable here, so their wire names and types are
 * copied from `static names()`/`types()` of the generated TypeScript models in aliyun/alibabacloud-typescript-sdk:
 * `sas-20181203/src/models/DescribeExportInfoResponseBody.ts` (commit 99594cd2) and
 * `cloud-siem-20241212/src/models/GetExportTaskResponseBody.ts` (commit 54dae30e).
 */
export const SAS_DESCRIBE_EXPORT_INFO_BODY: FieldTypes = {
  CurrentCount: 'number',
  ExportStatus: 'string',
  FileName: 'string',
  Id: 'number',
  Link: 'string',
  Message: 'string',
  Progress: 'number',
  RequestId: 'string',
  TotalCount: 'number',
};

export const SIEM_GET_EXPORT_TASK_BODY: FieldTypes = {
  ExportStatus: 'string',
  ExportType: 'string',
  FileName: 'string',
  GmtCreate: 'string',
  Id: 'number',
  Link: 'string',
  Progress: 'number',
  RequestId: 'string',
};

/**
 * Huawei's Workspace v2 models, likewise copied from huaweicloud/huaweicloud-sdk-nodejs-v3 (release 3.1.209):
 * `services/workspace/v2/model/ListExportTasksResponse.ts` and `ExportTaskItem.ts` (wire names are the
 * snake_case property names; every field optional).
 */
export const WORKSPACE_LIST_EXPORT_TASKS_RESPONSE: FieldTypes = { export_tasks: 'object', count: 'number' };

export const WORKSPACE_EXPORT_TASK_ITEM: FieldTypes = {
  task_id: 'string',
  file_name: 'string',
  status: 'string',
  fail_reason: 'string',
  error_code: 'string',
  create_time: 'string',
  end_time: 'string',
  is_download: 'boolean',
};

/**
 * The `typeof` of each of `model`'s fields in `answer` (`null` for null, `absent` when missing), for
 * `toEqual(model)`: a failure lists every field whose value is not of the declared type.
 */
export function fieldTypes(answer: unknown, model: FieldTypes): Record<string, string> {
  const record = (answer ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(model).map((field) => {
      const value = record[field];
      return [field, value === null ? 'null' : !(field in record) ? 'absent' : typeof value];
    }),
  );
}

/** `model` restricted to `fields`: what an answer in which only those fields are documented must carry. */
export function only(model: FieldTypes, fields: readonly string[]): FieldTypes {
  return Object.fromEntries(fields.map((field) => [field, model[field] ?? 'undeclared']));
}
