import type { TaskIdRule } from '../provider';

/** Longest token task id, in characters. */
export const TOKEN_TASK_ID_MAX_LENGTH = 128;

const TOKEN = new RegExp(`^[A-Za-z0-9_.-]{1,${TOKEN_TASK_ID_MAX_LENGTH}}$`);

/** Task ids that are opaque tokens (Tencent job ids, Huawei task ids): 1 to 128 characters of `[A-Za-z0-9_.-]`. */
export const TOKEN_TASK_ID: TaskIdRule = {
  test: (id) => TOKEN.test(id),
  description: `1 to ${TOKEN_TASK_ID_MAX_LENGTH} characters of A-Z, a-z, 0-9, "_", "." and "-"`,
};
