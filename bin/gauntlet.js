#!/usr/bin/env node
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// `gauntlet run` runs its suites in a child process (harness/cli/supervise-run.ts). Start it first, before
// this process loads tsx and the CLI, so that both load their modules at once on a machine with two or more
// cores; the supervisor takes it over (it checks the command line is the one it would use, and the process
// changes to the config's directory when told to start). Any other outcome (help, --list, a usage error)
// ends this process, which closes the channel, and the child ends with it.
const args = process.argv.slice(2);
if (args[0] === 'run' && !args.some((a) => a === '--list' || a === '-h' || a === '--help')) {
  globalThis[Symbol.for('gauntlet.run-process')] = spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), fileURLToPath(new URL('../harness/cli/run-child.ts', import.meta.url))],
    { env: process.env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], detached: true },
  );
}

// gauntlet ships TypeScript sources and runs them through tsx, which also loads the user's
// gauntlet.config.ts, suites and benchmarks: one loader for the harness and the project under test.
// Both of tsx's hooks: in a CommonJS project (package.json without "type": "module", as `npm init`
// writes it) a .ts config is loaded through require, which the ESM hook alone does not handle.
const { register: registerCjs } = await import('tsx/cjs/api');
const { register } = await import('tsx/esm/api');

registerCjs();
register();
const { main } = await import('../harness/cli/main.ts');
const code = await main(args);
// The CLI entry is the one place that ends the process (stdout and stderr are synchronous on
// pipes and files on POSIX, so nothing printed is lost).
process.exit(code);
