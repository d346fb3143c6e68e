/** What bench files import from 'gauntlet'. */
export { bench, type BenchOptions, type BenchFn } from './api.ts';
