import { ALIBABA_TASK_ID } from '../alibaba/int64';
import type { ProviderModule } from '../provider';
import { createSasClient } from './client';
import { sasDescriptor } from './descriptor';
import { readSasOptions, type SasOptions } from './options';

/** Alibaba Cloud Security Center (`alibaba-sas`). */
export const sasProvider: ProviderModule<SasOptions> = {
  descriptor: sasDescriptor,
  taskId: ALIBABA_TASK_ID,
  readOptions: readSasOptions,
  createClient: createSasClient,
};
