/**
 * The mock's own JavaScript per request, in process, no HTTP: `respond()` (JSON.parse of the body,
 * route validation, fault decision, render) and the UTF-8 encode of the answer, for the four
 * workloads of scripts/bench-mock-throughput.ts, each rendered per request (no prepared frames, as
 * the msw handlers answer) and copied from a prepared frame (fast-path.ts, as the HTTP mock answers). Median of 5 rounds of 50,000 requests after a
 * warm-up round; CPU time of this process (process.cpuUsage), not wall time, so a busy machine
 * inflates it less. Usage: npx tsx scripts/bench-mock-render.ts
 */
import { loadavg } from 'node:os';
import { createFaultModel } from '../harness/stress/fault-model.ts';
import { BENCH_REQUESTS, postIncoming } from '../harness/stress/mock/__fixtures__/bench-requests.ts';
import { AttemptBook } from '../harness/stress/mock/attempts.ts';
import { PreparedFrames } from '../harness/stress/mock/fast-path.ts';
import { respond, type MockCore } from '../harness/stress/mock/respond.ts';
import { healthyProfile } from '../harness/stress/profile-schema.ts';

const N = 50_000;
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
for (const { name, path, body } of BENCH_REQUESTS)
  for (const mode of ['rendered', 'prepared']) {
    const core: MockCore = {
      model: createFaultModel(healthyProfile(), 1),
      seed: 1,
      attempts: new AttemptBook(),
      quota: undefined,
      frames: mode === 'prepared' ? new PreparedFrames() : undefined,
    };
    const inc = postIncoming(path, JSON.stringify(body), 0);
    const rounds: number[] = [];
    let bytes = 0;
    for (let r = 0; r < 6; r++) {
      const t0 = process.cpuUsage();
      for (let i = 0; i < N; i++) {
        inc.seq++;
        for (const step of respond(core, inc).plan.steps)
          bytes = (typeof step.text === 'string' ? Buffer.from(step.text, 'utf8') : step.text).length;
      }
      const used = process.cpuUsage(t0);
      if (r > 0) rounds.push((used.user + used.system) / N);
    }
    rounds.sort((a, b) => a - b);
    console.log(
      `${name} (${mode}): ${rounds[2]!.toFixed(2)} CPU µs/request (rounds ${rounds.map((x) => x.toFixed(1)).join(', ')}), ${bytes} bytes`,
    );
  }
