#!/usr/bin/env node
// gauntlet ships TypeScript sources and runs them through tsx, which also loads the user's
// gauntlet.config.ts, suites and benchmarks: one loader for the harness and the project under test.
// Both of tsx's hooks: in a CommonJS project (package.json without "type": "module", as `npm init`
// writes it) a .ts config is loaded through require, which the ESM hook alone does not handle.
import { register as registerCjs } from 'tsx/cjs/api';
import { register } from 'tsx/esm/api';

registerCjs();
register();
const { main } = await import('../harness/cli/main.ts');
const code = await main(process.argv.slice(2));
// The CLI entry is the one place that ends the process (stdout and stderr are synchronous on
// pipes and files on POSIX, so nothing printed is lost).
process.exit(code);
