/**
 * Child for the kill test: writes successive versions of a baseline (and a report) through the
 * real atomic writers as fast as it can, until it is killed. Version v of a file is a pure function
 * of v, so the parent can tell a whole version from a torn one.
 */
import { writeBaseline } from '../harness/baselines/baseline-file.ts';
import { writeJsonAtomic } from '../harness/io/atomic-write.ts';
import { open } from 'node:fs/promises';

export function versionContent(kind: string, v: number): unknown {
  // ~150 KB, so a write takes long enough to be interrupted part-way.
  return {
    kind,
    version: v,
    samples: Array.from({ length: 6000 }, (_, i) => ((i * 7919 + v * 104729) % 1000003) / 1000),
  };
}

if (process.argv[1]?.endsWith('kill-writer-child.ts')) {
  const [dir, startArg, mode] = process.argv.slice(2);
  // 'plain' is the control: an in-place streamed write (truncate, then 16 KiB chunks, as a
  // streaming serialiser writes), which the kill test must catch tearing.
  const plain = async (file: string, value: unknown) => {
    const text = JSON.stringify(value, null, 2) + '\n';
    const fh = await open(file, 'w');
    for (let i = 0; i < text.length; i += 16384) await fh.write(text.slice(i, i + 16384));
    await fh.close();
  };
  let v = Number(startArg);
  process.stdout.write('ready\n');
  for (;;) {
    v++;
    if (mode === 'plain') {
      await plain(`${dir}/bench.json`, versionContent('baseline', v));
      await plain(`${dir}/gauntlet.json`, versionContent('report', v));
    } else {
      await writeBaseline(`${dir}/bench.json`, versionContent('baseline', v), { ci: false });
      await writeJsonAtomic(`${dir}/gauntlet.json`, versionContent('report', v));
    }
    process.stdout.write(`wrote ${v}\n`);
  }
}
