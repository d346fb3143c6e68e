import { Worker } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest, WorkerSetup, WorkerSetupMessage } from './worker-protocol.ts';

export type TaskInput = Omit<WorkerRequest, 'id'> & { timeoutMs: number };

export type TaskResult =
  | { kind: 'ok'; ids: string[]; entropy?: number; latencyMs: number; calls: number }
  | { kind: 'error'; message: string }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'cancelled'; message: string };

const BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);
const STARTUP_TIMEOUT_MS = 60_000;

export interface WorkerPool {
  /** Run tasks on the pool's workers, at most one task per worker at a time; results in task order. */
  run(
    tasks: readonly TaskInput[],
    options?: { signal?: AbortSignal; onDone?: (index: number, result: TaskResult) => void },
  ): Promise<TaskResult[]>;
  close(): Promise<void>;
}

/**
 * A pool of `size` case workers, started at once (so their start overlaps the loading of the cases).
 * A task that does not answer within its timeout gets its worker terminated (which stops even a
 * synchronous endless loop) and a fresh worker takes the next task, so one hung case costs one
 * timeout and the run goes on. Start-up time is not charged to any case: a task is sent only once
 * its worker reported ready.
 */
export function createWorkerPool(setup: WorkerSetup, size: number, signal?: AbortSignal): WorkerPool {
  const spawn = (): Starting => {
    const s = startWorker(setup, signal);
    s.ready.catch(() => {}); // awaited (and reported) when a task needs it
    return s;
  };
  const slots: Array<Starting | undefined> = Array.from({ length: Math.max(1, size) }, spawn);
  const close = async () => {
    // Terminate at once, even workers still starting (a case file error ends the run before any task).
    await Promise.all(
      slots.map(async (s, i) => {
        slots[i] = undefined;
        await s?.worker.terminate();
      }),
    );
  };
  const run: WorkerPool['run'] = async (tasks, options = {}) => {
    const results = new Array<TaskResult>(tasks.length);
    let next = 0;
    const drain = async (s: number) => {
      for (;;) {
        const i = next++;
        if (i >= tasks.length) break;
        let result: TaskResult;
        if (options.signal?.aborted) {
          result = { kind: 'cancelled', message: `cancelled: ${reasonText(options.signal.reason)}` };
        } else {
          let worker: Worker | undefined;
          try {
            worker = await (slots[s] ??= spawn()).ready;
            result = await runTask(worker, i, tasks[i]!, options.signal);
          } catch (e) {
            result = { kind: 'error', message: e instanceof Error ? e.message : String(e) };
          }
          // A worker that timed out, was cancelled, died or never started is replaced.
          if (!worker || !alive.has(worker)) {
            slots[s] = undefined;
            await worker?.terminate();
          }
        }
        results[i] = result;
        options.onDone?.(i, result);
      }
    };
    await Promise.all(slots.map((_, s) => drain(s)));
    return results;
  };
  return { run, close };
}

/** Workers that are up and answering (a task error reported by the worker itself leaves it usable). */
const alive = new WeakSet<Worker>();

/** Workers started before the config was loaded, waiting for their selector. */
const warm: Worker[] = [];

/**
 * Start `count` case workers now, before the suite (and so the selector module) is known: their
 * start-up (a thread, tsx's loader) overlaps loading the config. `gauntlet golden` calls this first;
 * the next pools take them. Unused ones do not keep the process alive; releaseWarmWorkers ends them.
 */
export function prewarmCaseWorkers(count: number): void {
  for (let i = 0; i < count; i++) {
    const w = new Worker(BOOTSTRAP);
    w.unref();
    w.on('error', () => {}); // reported when (if) it is used
    w.once('exit', () => {
      const i = warm.indexOf(w);
      if (i >= 0) warm.splice(i, 1);
    });
    warm.push(w);
  }
}

export async function releaseWarmWorkers(): Promise<void> {
  await Promise.all(warm.splice(0).map((w) => w.terminate()));
}

interface Starting {
  worker: Worker;
  /** Resolves once the worker imported the selector. */
  ready: Promise<Worker>;
}

function startWorker(setup: WorkerSetup, signal?: AbortSignal): Starting {
  let worker = warm.shift();
  if (worker) {
    worker.ref();
    worker.postMessage({ type: 'setup', ...setup } satisfies WorkerSetupMessage);
  } else worker = new Worker(BOOTSTRAP, { workerData: setup });
  const w = worker;
  const ready = new Promise<Worker>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`case worker did not start within ${STARTUP_TIMEOUT_MS} ms`)),
      STARTUP_TIMEOUT_MS,
    );
    const onAbort = () => fail(new Error(`cancelled: ${reasonText(signal!.reason)}`));
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      w.off('message', onMessage);
      w.off('error', fail);
      w.off('exit', onExit);
    };
    const fail = (e: Error) => {
      done();
      void w.terminate();
      reject(e);
    };
    const onMessage = (m: WorkerReply) => {
      if (m.type === 'ready') {
        done();
        alive.add(w);
        resolve(w);
      } else if (m.type === 'init-error')
        fail(new Error(`selector module failed to load in the case worker: ${m.message}`));
    };
    const onExit = (code: number) => fail(new Error(`case worker exited during start (code ${code})`));
    w.on('message', onMessage);
    w.once('error', fail);
    w.once('exit', onExit);
  });
  return { worker: w, ready };
}

function runTask(worker: Worker, id: number, task: TaskInput, signal?: AbortSignal): Promise<TaskResult> {
  const { timeoutMs, ...rest } = task;
  return new Promise((resolve) => {
    const settle = (r: TaskResult, workerOk: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (!workerOk) alive.delete(worker);
      resolve(r);
    };
    const timer = setTimeout(() => settle({ kind: 'timeout', timeoutMs }, false), timeoutMs);
    const onAbort = () => settle({ kind: 'cancelled', message: `cancelled: ${reasonText(signal!.reason)}` }, false);
    const onMessage = (m: WorkerReply) => {
      if (m.type === 'result' && m.id === id) {
        settle(
          {
            kind: 'ok',
            ids: m.ids,
            ...(m.entropy !== undefined ? { entropy: m.entropy } : {}),
            latencyMs: m.latencyMs,
            calls: m.calls,
          },
          true,
        );
      } else if (m.type === 'error' && m.id === id)
        settle({ kind: 'error', message: `selector threw: ${m.message}` }, true);
    };
    const onError = (e: Error) =>
      settle({ kind: 'error', message: `selector crashed its worker: ${e.message}` }, false);
    const onExit = (code: number) => settle({ kind: 'error', message: `case worker exited (code ${code})` }, false);
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
    const request: WorkerRequest = { id, ...rest };
    worker.postMessage(request);
  });
}

function reasonText(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
