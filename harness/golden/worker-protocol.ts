/** Messages between the golden worker pool and its case workers. */
export interface WorkerSetup {
  moduleUrl: string;
  exportName: string;
}

/** Sent to a pre-started worker (see prewarmCaseWorkers) once the suite's selector is known. */
export interface WorkerSetupMessage extends WorkerSetup {
  type: 'setup';
}

export interface WorkerRequest {
  id: number;
  candidates: Array<{ id: string; score: number; category?: string }>;
  config: Record<string, unknown>;
  seed: number;
  /** Extra timed calls stop after this many ms or `maxCalls` calls in all. */
  latencyBudgetMs: number;
  maxCalls: number;
}

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'init-error'; message: string }
  | { type: 'result'; id: number; ids: string[]; entropy?: number; latencyMs: number; calls: number }
  | { type: 'error'; id: number; message: string };
