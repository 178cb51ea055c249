import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

// The baseline of bench:compare: a workflow that does nothing but answer an Update, so bare
// Temporal (start, start + Update, Update) is measured on the same server in the same run.

export const touchUpdate = defineUpdate<number, []>('touch');

export async function TrivialWorkflow(): Promise<void> {
  let touched = 0;
  setHandler(touchUpdate, () => ++touched);
  await condition(() => false);
}
