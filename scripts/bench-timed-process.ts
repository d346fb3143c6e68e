/**
 * Where a timed benchmark process's time goes: spawns the bench worker for one file as run-file.ts
 * does (plain node, no valgrind) N times and prints, per process, the wall time from spawn to each
 * worker message ('loaded', each 'start' and 'result', 'done') and to exit. The first 'start' comes
 * after the calibration workloads; the gap between a 'start' and its 'result' is that benchmark.
 *   flock /tmp/gauntlet-measure.lock npx tsx scripts/bench-timed-process.ts suites/bench/llm-client.bench.ts 5
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { bundleBenchFile, bundleWorker } from '../harness/bench/bundle.ts';
import type { WorkerMessage, WorkerRequest } from '../harness/bench/protocol.ts';

const [file = 'suites/bench/llm-client.bench.ts', n = '5', calibrationTime = '150'] = process.argv.slice(2);
const code = { file: await bundleBenchFile(resolve(file), process.cwd()), worker: await bundleWorker() };
const request: WorkerRequest = {
  file: code.file,
  skip: [],
  defaults: { time: 100, warmupTime: 100, iterations: 16, clock: 'instructions' },
  calibrationTime: Number(calibrationTime),
};
for (let i = 0; i < Number(n); i++) {
  const t0 = performance.now();
  const marks: string[] = [];
  const mark = (what: string) => marks.push(`${what} ${((performance.now() - t0) / 1000).toFixed(3)}`);
  await new Promise<void>((done) => {
    const child = spawn(process.execPath, ['--expose-gc', code.worker, JSON.stringify(request)], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child.on('message', (m: WorkerMessage) => {
      mark(m.type === 'start' || m.type === 'result' ? `${m.type}(${m.name.slice(-12)})` : m.type);
      if (m.type === 'loaded') child.send({ type: 'run', names: m.benchmarks.map((b) => b.name) });
    });
    child.on('exit', () => {
      mark('exit');
      done();
    });
  });
  console.log(marks.join(', '));
}
