import type { Command } from 'commander';
import type { CommandContext } from '../command-context.ts';
import { registerBaseline } from './baseline.ts';
import { registerBench } from './bench.ts';
import { registerCanary } from './canary.ts';
import { registerDashboard } from './dashboard.ts';
import { registerDrift } from './drift.ts';
import { registerGolden } from './golden.ts';
import { registerInit } from './init.ts';
import { registerHistory } from './history.ts';
import { registerMetrics } from './metrics.ts';
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
  registerDashboard,
  registerDrift,
  registerGolden,
  registerInit,
  registerHistory,
  registerMetrics,
  registerMockLlm,
  registerReport,
  registerStress,
];
