/**
 * Stress testing of LLM-calling code: a seeded mock OpenAI-compatible server, its fault model and
 * profiles, msw handlers driven by the same model, and the stress runner.
 */
export { startMockServer, type MockServer, type MockServerOptions } from './mock-server.ts';
export { createFaultModel, drawLatency, parseForcedFault, phaseSpans, FORCE_FAULT_HEADER, type FaultModel, type FaultDecision, type PhaseSpan } from './fault-model.ts';
export { faultProfileSchema, healthyProfile, type FaultProfile, type FaultProfileInput, type Fault, type Latency, type Phase } from './profile-schema.ts';
export { loadFaultProfile, parseFaultProfile } from './load-profile.ts';
export type { ServedRecord } from './served-record.ts';
export { createMswMock, type MswMock, type MswMockOptions } from './msw-handlers.ts';
export type { StressClient, StressClientFactory, StressCallRequest, StressCallResult, ClientFactoryOptions, FailureCategory, BreakerState, BreakerTransition } from './client-contract.ts';
export { resourcesGrown } from './resources.ts';
