import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';
import type { CommandContext } from '../command-context.ts';

/** `gauntlet init`: set gauntlet up in an existing project. */
export function registerInit(program: Command, cli: CommandContext): void {
  program
    .command('init')
    .description(
      'set up gauntlet in this project: gauntlet.config.ts, an example per kind, two GitHub workflows, package.json scripts',
    )
    .option(
      '-y, --yes',
      'no questions: the detected kinds (golden, plus bench for *.bench.ts files, stress for an openai dependency)',
    )
    .option('--kinds <list>', 'kinds to set up, comma-separated: golden, bench, stress')
    .addHelpText(
      'after',
      `
Never overwrites: a file that exists is reported and kept. Existing *.bench.ts files (vitest's
\`bench\` included) become the bench suite as they are. Then \`npx gauntlet run\`, commit, and the
gauntlet workflow gates every pull request (docs/guide/getting-started.md).`,
    )
    .action(async (opts: { yes?: boolean; kinds?: string }) => {
      const { detectProject, detectedKinds, INIT_KINDS } = await import('../../init/detect.ts');
      const { initProject, renderInitResult } = await import('../../init/init-project.ts');
      const facts = await detectProject(cli.io.cwd);
      const detected = detectedKinds(facts);
      let kinds = detected;
      if (opts.kinds) kinds = parseKinds(opts.kinds, INIT_KINDS);
      else if (!opts.yes) {
        if (!process.stdin.isTTY)
          throw new UsageError('not a terminal: pass --yes (detected kinds) or --kinds golden,bench,stress');
        const { createInterface } = await import('node:readline/promises');
        const rl = createInterface({ input: process.stdin, output: process.stdout });
        try {
          const found = [
            facts.benchFiles.length ? `${facts.benchFiles.length} benchmark file(s) under ${facts.benchDir}` : '',
            facts.openai ? 'an openai dependency' : '',
          ].filter(Boolean);
          if (found.length) cli.io.out.write(`Found ${found.join(' and ')}.\n`);
          const answer = (
            await rl.question(`Kinds to set up (${INIT_KINDS.join(', ')}) [${detected.join(',')}]: `)
          ).trim();
          if (answer) kinds = parseKinds(answer, INIT_KINDS);
        } finally {
          rl.close();
        }
      }
      const result = await initProject(cli.io.cwd, kinds, facts);
      cli.io.out.write(renderInitResult(result, kinds));
    });
}

function parseKinds<K extends string>(text: string, known: readonly K[]): K[] {
  const kinds = text.split(/[\s,]+/).filter(Boolean);
  for (const k of kinds)
    if (!known.includes(k as K))
      throw new UsageError(`--kinds: unknown kind '${k}' (init can set up: ${known.join(', ')})`);
  return [...new Set(kinds)] as K[];
}
