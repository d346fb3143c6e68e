/**
 * Stress testing of LLM-calling code: a seeded mock OpenAI-compatible server, its fault model and
 * profiles, msw handlers driven by the same model, and the stress runner. Everything projects
 * import from 'gauntlet' (public.ts: the mock server, the client contract, the SDK adapters) plus
 * the internals tests and scripts use.
 */
export * from './public.ts';
export {
  createFaultModel,
  drawLatency,
  parseForcedFault,
  phaseSpans,
  type FaultModel,
  type FaultDecision,
  type PhaseSpan,
} from './fault-model.ts';
export { faultProfileSchema, healthyProfile, type Fault, type Latency, type Phase } from './profile-schema.ts';
export { loadFaultProfile, parseFaultProfile } from './load-profile.ts';
export { cancelResponseClones, createMswMock, type MswMock, type MswMockOptions } from './msw-handlers.ts';
export { ROUTES } from './mock/respond.ts';
export { resourcesGrown } from './resources.ts';
