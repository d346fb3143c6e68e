import type { Command } from 'commander';
import type { CommandContext } from '../command-context.ts';
import { registerBaseline } from './baseline.ts';
import { registerBench } from './bench.ts';
import { registerCanary } from './canary.ts';
import { registerDrift } from './drift.ts';
import { registerGolden } from './golden.ts';
import { registerInit } from './init.ts';
import { registerMockLlm } from './mock-llm.ts';
import { registerReport } from './report.ts';
import { registerStress } from './stress.ts';

/**
 * Every command besides `run`, one line each (golden, bench, mock-llm, drift, canary, report...).
 */
export const commandRegistrations: Array<(program: Command, cli: CommandContext) => void> = [
  registerBaseline,
  registerBench,
  registerCanary,
  registerDrift,
  registerGolden,
  registerInit,
  registerMockLlm,
  registerReport,
  registerStress,
];
