import { DefaultFailureConverter } from '@temporalio/common';

// Loaded by path (`failureConverterPath`) in the worker, the client and the workflow bundle alike,
// because failures are also built inside the workflow sandbox. Messages and stack traces can quote
// case content, so they travel as an encoded payload that the payload codec then encrypts.
// Keep this file free of Node APIs: it is bundled into the workflow sandbox.
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
