import type { DataConverter } from '@temporalio/common';
import type { AppConfig } from '../config/config';
import { PayloadEncryptionCodec } from './payload-codec';

/** The failure converter module; the workflow bundle must be built with it too. */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/**
 * The one data converter of every Temporal Client and Worker of the project: payloads encrypted
 * with the payload key ring, failure messages and stack traces encoded so they are encrypted too.
 */
export function createDataConverter(payloadCodec: AppConfig['payloadCodec']): DataConverter {
  return {
    payloadCodecs: [new PayloadEncryptionCodec(payloadCodec)],
    failureConverterPath: FAILURE_CONVERTER_PATH,
  };
}
