export { CaseWorkflow } from './case.workflow';
export { AuditCheckpointWorkflow } from './audit-checkpoint.workflow';
export { RetentionSweepWorkflow } from './retention.workflow';
export { HistoryReplayWorkflow } from './history-replay.workflow';
