import { parentPort, workerData } from 'node:worker_threads';
import type { SelectFunction } from './selector.ts';
import type { WorkerReply, WorkerRequest, WorkerSetup, WorkerSetupMessage } from './worker-protocol.ts';

/**
 * Runs cases for the pool: imports the selector once, then per request calls it once for the result
 * and a few more times (within a small budget) for a median latency and a determinism check.
 */
const port = parentPort!;
const post = (m: WorkerReply) => port.postMessage(m);
// A pre-started worker gets its selector in a first message; others in workerData.
const { moduleUrl, exportName } =
  (workerData as WorkerSetup | undefined) ??
  (await new Promise<WorkerSetupMessage>((resolve) => port.once('message', resolve)));

let select: SelectFunction;
try {
  select = ((await import(moduleUrl)) as Record<string, SelectFunction>)[exportName]!;
  post({ type: 'ready' });
} catch (e) {
  post({ type: 'init-error', message: e instanceof Error ? e.message : String(e) });
}

port.on('message', async (req: WorkerRequest) => {
  try {
    const times: number[] = [];
    const call = async () => {
      const t0 = performance.now();
      const r = await select(req.candidates, req.config, req.seed);
      times.push(performance.now() - t0);
      return r;
    };
    const first = await call();
    if (!first || !Array.isArray(first.ids) || first.ids.some((id) => typeof id !== 'string')) {
      throw new Error('selector must return { ids: string[], entropy?: number }');
    }
    if (first.entropy !== undefined && typeof first.entropy !== 'number')
      throw new Error('selector returned a non-numeric entropy');
    const key = JSON.stringify([first.ids, first.entropy]);
    const budgetEnd = performance.now() + req.latencyBudgetMs;
    while (times.length < req.maxCalls && performance.now() < budgetEnd) {
      const again = await call();
      if (JSON.stringify([again.ids, again.entropy]) !== key)
        throw new Error(
          'selector is not deterministic: the same candidates, config and seed gave a different selection',
        );
    }
    const sorted = times.slice().sort((a, b) => a - b);
    const latencyMs = sorted[(sorted.length - 1) >> 1]!;
    post({ type: 'result', id: req.id, ids: first.ids, entropy: first.entropy, latencyMs, calls: times.length });
  } catch (e) {
    post({ type: 'error', id: req.id, message: e instanceof Error ? e.message : String(e) });
  }
});
