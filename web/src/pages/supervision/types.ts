/**
 * API shapes of the supervision pages (交办、督办、警示建议函、约谈, group robots), derived from the
 * server's own functions (type-only imports, erased at build time).
 */
import type { listEndpoints, listOutbox } from '../../../../src/notifications/webhooks.service.js';
import type { presentRecord, listRecords } from '../../../../src/supervision/records.service.js';
import type { getTask, listTasks } from '../../../../src/supervision/tasks.service.js';
import type { Json } from '../../types.js';

export type TaskPage = Json<Awaited<ReturnType<typeof listTasks>>>;
export type TaskListItem = TaskPage['items'][number];
export type TaskDetail = Json<Awaited<ReturnType<typeof getTask>>>;
export type Task = TaskDetail['task'];
export type TaskUrge = TaskDetail['urges'][number];
export type RecordPage = Json<Awaited<ReturnType<typeof listRecords>>>;
export type SupervisionRecord = Json<ReturnType<typeof presentRecord>>;
export type Robot = Json<Awaited<ReturnType<typeof listEndpoints>>>['items'][number];
export type OutboxPage = Json<Awaited<ReturnType<typeof listOutbox>>>;
export type OutboxRow = OutboxPage['items'][number];
