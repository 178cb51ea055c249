export { CaseWorkflow } from './case.workflow';
