import { describe, expect, it } from 'vitest';
import { historyStep } from './history-step.ts';
import { sqlite } from './sqlite.ts';

describe('better-sqlite3 is optional', () => {
  it('without it, opening a store is a usage error (exit 2) that says what to install', () => {
    const missing = () => {
      throw Object.assign(new Error("Cannot find module 'better-sqlite3'"), { code: 'MODULE_NOT_FOUND' });
    };
    expect(() => sqlite(missing)).toThrow(
      expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/npm install --save-dev better-sqlite3/) }),
    );
  });

  it('with it (a devDependency here), the history step records a run', () => {
    expect(typeof sqlite()).toBe('function');
    expect(historyStep).toBeTypeOf('function');
  });
});
