export { CaseWorkflow } from './case.workflow';
export { AuditCheckpointWorkflow } from './audit-checkpoint.workflow';
export { HistoryReplayWorkflow } from './history-replay.workflow';
