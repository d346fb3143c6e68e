import { defineConfig } from './harness/index.ts';

export default defineConfig({
  seed: 1,
  reportsDir: 'reports',
  reporters: ['console', 'json'],
  suites: [],
});
