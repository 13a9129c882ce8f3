import { TOKEN_TASK_ID } from '../common/token-task-id';
import type { ProviderModule } from '../provider';
import { createTcssClient } from './client';
import { tcssDescriptor } from './descriptor';
import { readTcssOptions, type TcssOptions } from './options';

/** Tencent Cloud Container Security Service (`tencent-tcss`). */
export const tcssProvider: ProviderModule<TcssOptions> = {
  descriptor: tcssDescriptor,
  taskId: TOKEN_TASK_ID,
  readOptions: readTcssOptions,
  createClient: createTcssClient,
};
