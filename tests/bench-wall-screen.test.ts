/**
 * End to end, real processes: a wall-clock benchmark's stored figures are only a screen. When they
 * do not pass (the host is busier than when they were saved) or the host's wall-clock calibration
 * moved beyond the same-machine spread, the baseline's commit is measured now, interleaved, for that
 * benchmark's file only (no counted process learns again what the file declares), and the
 * same-round comparison is the verdict: no "not confirmed" warning on unchanged code.
 * Tiny times: what is tested is which comparison runs and how many processes it costs, not figures.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../harness/cli/main.ts';
import type { RunReport } from '../harness/core/report.ts';
import { detectInstructionSupport, instructionSupport } from '../harness/bench/instructions/valgrind.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

// One wall-clock benchmark (a wait on the event loop) and one on the suite's clock (counted under valgrind
// where installed; timed on the CPU clock in tests). Wide allowances: what is tested is which comparison
// runs, so a loaded test machine must not make either fail.
const benchFile = `import { bench } from 'gauntlet';
let sink = 0;
bench('wait', () => new Promise((r) => setImmediate(r)), { clock: 'wall', tolerance: 20, threshold: 20 });
bench('work', () => { let s = 0; for (let i = 0; i < 20000; i++) s += Math.sqrt(i); sink += s; }, { tolerance: 20, threshold: 20 });
export { sink };
`;
const config = `export default {
  reporters: ['json'],
  suites: [{ kind: 'bench', name: 'bench', dir: 'bench', repetitions: 3, time: 15, warmupTime: 5, calibrationTime: 100, resamples: 1000 }],
};
`;

async function repository(): Promise<{ dir: string; git: (...a: string[]) => string }> {
  const dir = await mkdtemp(join(tmpdir(), 'gauntlet-wall-screen-'));
  await writeFile(join(dir, 'package.json'), '{"name":"wall-screen","type":"module","private":true}');
  await mkdir(join(dir, 'node_modules'));
  await symlink(repoRoot, join(dir, 'node_modules', 'gauntlet'), 'dir');
  await writeFile(join(dir, '.gitignore'), 'node_modules\nreports\n.gauntlet\n');
  await writeFile(join(dir, 'gauntlet.config.ts'), config);
  await mkdir(join(dir, 'bench'));
  await writeFile(join(dir, 'bench', 'io.bench.ts'), benchFile);
  const git = (...a: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...a], { cwd: dir, stdio: 'pipe' }).toString();
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'base');
  return { dir, git };
}

async function bench(cwd: string, args: string[] = []): Promise<{ code: number; report: RunReport }> {
  const out = new PassThrough().resume();
  const code = await main(['bench', ...args], {
    out,
    err: new PassThrough().resume(),
    cwd,
    env: { ...process.env, CI: 'false' },
  });
  const file = join(cwd, 'reports', 'gauntlet.json');
  expect(existsSync(file)).toBe(true);
  return { code, report: JSON.parse(await readFile(file, 'utf8')) as RunReport };
}

interface Rep {
  mean: number;
  q: number[];
  clock: string;
}

describe('wall-clock benchmarks against stored figures (the screen)', { timeout: 180_000 }, () => {
  it('judges them same-round against the baseline commit when the screen flags them; no re-run of counted files', async () => {
    const counting = (await instructionSupport()).ok;
    const { dir, git } = await repository();
    expect((await bench(dir, ['--save'])).code).toBe(0);
    const file = join(dir, 'baselines', 'bench.json');
    const saved = await readFile(file, 'utf8');

    // Stored on a host 100x quieter: the screen flags the wall-clock benchmark on unchanged code.
    const quiet = JSON.parse(saved);
    const wait = quiet.benchmarks['io > wait'];
    wait.reps = wait.reps.map((r: Rep) => ({ ...r, mean: r.mean / 100, q: r.q.map((x) => x / 100) }));
    await writeFile(file, JSON.stringify(quiet));
    const flagged = await bench(dir);
    expect(flagged.code).toBe(0);
    const suite = flagged.report.suites[0]!;
    expect(suite.summary).toMatch(/vs baseline commit [0-9a-f]{10}/);
    const check = suite.checks.find((c) => c.name === 'io > wait')!;
    // Sent there by the screen, or (a loaded test machine moving the calibration itself beyond the
    // same-machine spread) because the stored figures are not comparable: either way, same-round.
    // The wording of each is tested in harness/bench/phases/same-round.test.ts and comparability.test.ts.
    const why = [...suite.notes!, ...check.reasons].join('\n');
    expect(why).toMatch(
      /the stored wall-clock figures \(a screen\) flagged \+\d+.*%: judged against baseline commit [0-9a-f]{10} measured now|not comparable with the stored figures \(.*calibration .* \(wall clock\).*baseline commit [0-9a-f]{10} measured now/,
    );
    expect(check.reasons.join('\n')).not.toMatch(/not confirmed/); // the same-round judgement is the verdict, not a confirmation of the screen
    expect(check.change).not.toBe('regressed');
    expect(check.verdict).not.toBe('fail');
    // Only the wall-clock benchmark's timed processes, 3 per side; no process learns the file's declarations again.
    expect(suite.metrics).toMatchObject({ phase_remeasure_timed_processes: 6 });
    expect(suite.metrics!.phase_remeasure_counted_ms).toBeUndefined();
    expect(suite.metrics!.phase_remeasure_list_ms).toBeUndefined();
    if (counting) expect(suite.metrics!.phase_first_counted_processes).toBe(1);
    expect(git('worktree', 'list').trim().split('\n')).toHaveLength(1); // the temporary worktree is gone
  });
});

describe('a baseline from another CPU model, counted under valgrind', { timeout: 180_000 }, () => {
  it('measures its commit for the timed file only and compares the counts with the stored ones', async (t) => {
    // The tests run with GAUNTLET_NO_VALGRIND=1 (vitest.config.ts); this one counts, where valgrind is installed.
    const support = await detectInstructionSupport();
    if (!support.ok || !support.hooks) return t.skip(); // Debian package valgrind (and a C compiler for the hooks)
    const noValgrind = process.env.GAUNTLET_NO_VALGRIND;
    delete process.env.GAUNTLET_NO_VALGRIND;
    t.onTestFinished(() => {
      if (noValgrind !== undefined) process.env.GAUNTLET_NO_VALGRIND = noValgrind;
    });
    const { dir, git } = await repository();
    // The counted benchmark in a file of its own: the base side then has no reason to start a process for it.
    await writeFile(join(dir, 'bench', 'io.bench.ts'), benchFile.replace(/^bench\('work'.*$/m, ''));
    await writeFile(
      join(dir, 'bench', 'work.bench.ts'),
      `import { bench } from 'gauntlet';\nlet sink = 0;\nbench('sum', () => { let s = 0; for (let i = 0; i < 20000; i++) s += Math.sqrt(i); sink += s; });\nexport { sink };\n`,
    );
    git('add', '.');
    git('commit', '-qm', 'two files');
    expect((await bench(dir, ['--save'])).code).toBe(0);
    const file = join(dir, 'baselines', 'bench.json');
    const foreign = JSON.parse(await readFile(file, 'utf8'));
    const fingerprint = foreign.provenance.fingerprint;
    // Another CPU model, core count and host extensions (AVX-512 added): valgrind still shows both the same CPU.
    foreign.provenance.fingerprint = {
      ...fingerprint,
      cpu: `${fingerprint.cpu} (another)`,
      cores: fingerprint.cores + 2,
      cpuFlags: [...new Set([...fingerprint.cpuFlags, 'avx512f', 'avx512bw'])].sort(),
    };
    await writeFile(file, JSON.stringify(foreign));
    const run = await bench(dir);
    expect(run.code).toBe(0);
    const suite = run.report.suites[0]!;
    expect(suite.notes!.join('\n')).toMatch(
      /from another machine \(.*CPU model: .*core count: .*\): its commit [0-9a-f]{10} is measured now for the files with timed benchmarks.*instruction counts of the other files are compared with the stored ones/,
    );
    // One counted process (the head's), and 3 timed ones per side for the wall-clock file.
    expect(suite.metrics).toMatchObject({ phase_first_counted_processes: 1, phase_first_timed_processes: 6 });
    const sum = suite.checks.find((c) => c.name === 'work > sum')!;
    expect(sum.metrics).toMatchObject({ ratio: expect.closeTo(1, 2) });
    expect(sum.metrics!.base_instructions_per_op).toBe(foreign.benchmarks['work > sum'].reps[0].instructions);
    expect(JSON.stringify(suite.checks.find((c) => c.name === 'io > wait')!.details)).toMatch(
      /vs baseline commit [0-9a-f]{10}/,
    );
  });
});
