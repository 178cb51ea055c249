export { CaseWorkflow } from './case.workflow';
export { AuditCheckpointWorkflow } from './audit-checkpoint.workflow';
