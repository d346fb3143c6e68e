/**
 * What projects import from 'gauntlet' for stress testing: the mock server and the client contract.
 * (The msw handlers need msw, a dev dependency: they stay in harness/stress/msw-handlers.ts.)
 */
export { startMockServer, type MockServer, type MockServerOptions } from './mock-server.ts';
export { FORCE_FAULT_HEADER } from './fault-model.ts';
export { CALL_ID_HEADER, type ServedRecord, type ServedSummary } from './served-record.ts';
export { startRecorder, replaySource, type Recorder } from './mock/recorder.ts';
export type { FaultProfile, FaultProfileInput } from './profile-schema.ts';
export type {
  StressClient,
  StressClientFactory,
  StressCallRequest,
  StressCallResult,
  ClientFactoryOptions,
  FailureCategory,
  BreakerState,
  BreakerTransition,
} from './client-contract.ts';
// SDK adapters: their SDKs (optional peer dependencies) load only when a suite uses them.
export { openaiClientFactory, openaiClientOptionsSchema, type OpenAIClientOptions } from './clients/openai.ts';
export {
  anthropicClientFactory,
  anthropicClientOptionsSchema,
  type AnthropicClientOptions,
} from './clients/anthropic.ts';
