/**
 * Stress testing of LLM-calling code: a seeded mock OpenAI-compatible server, its fault model and
 * profiles, msw handlers driven by the same model, and the stress runner.
 */
export { startMockServer, type MockServer, type MockServerOptions } from './mock-server.ts';
export {
  createFaultModel,
  drawLatency,
  parseForcedFault,
  phaseSpans,
  FORCE_FAULT_HEADER,
  type FaultModel,
  type FaultDecision,
  type PhaseSpan,
} from './fault-model.ts';
export {
  faultProfileSchema,
  healthyProfile,
  type FaultProfile,
  type FaultProfileInput,
  type Fault,
  type Latency,
  type Phase,
} from './profile-schema.ts';
export { loadFaultProfile, parseFaultProfile } from './load-profile.ts';
export { CALL_ID_HEADER, type ServedRecord, type ServedSummary } from './served-record.ts';
export { cancelResponseClones, createMswMock, type MswMock, type MswMockOptions } from './msw-handlers.ts';
export { startRecorder, replaySource, type Recorder } from './mock/recorder.ts';
export { ROUTES } from './mock/respond.ts';
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
export { resourcesGrown } from './resources.ts';
