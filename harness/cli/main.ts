import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { isGauntletError } from '../core/errors.ts';
import { redactSecrets, secretValues } from '../report/redact.ts';
import { processIo, type CliIo } from './io.ts';
import type { CommandContext } from './command-context.ts';
import { registerRun } from './commands/run.ts';
import { commandRegistrations } from './commands/index.ts';

const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };

export function buildProgram(cli: CommandContext): Command {
  const program = new Command('gauntlet')
    .description(
      'Decide, with evidence, whether a change to a ranking, LLM-calling or self-tuning service is safe to merge.',
    )
    .version(pkg.version)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => cli.io.out.write(s),
      writeErr: (s) => cli.io.err.write(s),
    })
    .addHelpText(
      'after',
      `
Exit codes: 0 pass (warnings allowed), 1 a check failed or regressed, 2 usage, config or input error,
3 the run deadline passed (partial report), 130 interrupted (partial report).

Examples:
  npx gauntlet run                     run every configured suite
  npx gauntlet run golden --seed 7     only golden suites, every seed overridden
  npx gauntlet golden --update         write proposals for failing golden cases`,
    );
  program.exitOverride();
  registerRun(program, cli);
  for (const register of commandRegistrations) register(program, cli);
  return program;
}

/**
 * Parse and run one command. Returns the exit code; the bin is the only place that exits.
 * Input errors become one line on stderr (file, field, what is wrong) with no stack trace.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let exitCode = 0;
  const waits: Promise<void>[] = [];
  const cli: CommandContext = { io, setExitCode: (c) => (exitCode = c), keepAlive: (p) => void waits.push(p) };
  const program = buildProgram(cli);
  for (const cmd of program.commands) cmd.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    await Promise.all(waits);
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
        return 0;
      // Commander already printed its message; usage errors are exit code 2.
      return 2;
    }
    // Error text can quote a token (a failed HTTP call's URL or header): redact before printing.
    const secrets = secretValues(io.env);
    if (isGauntletError(e)) {
      io.err.write(`gauntlet: ${redactSecrets(e.describe(), secrets)}\n`);
      return e.exitCode;
    }
    io.err.write(
      `gauntlet: internal error: ${redactSecrets(e instanceof Error ? (e.stack ?? e.message) : String(e), secrets)}\n`,
    );
    return 1;
  }
}
