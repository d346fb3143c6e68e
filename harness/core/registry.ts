import type { SuiteKind } from './suite-kind.ts';

/**
 * The suite kinds gauntlet knows, by the `kind` a config entry names. Each kind lives in its own
 * folder; registering one is one import and one line here.
 */
export const suiteKinds: Record<string, SuiteKind<any>> = {};

export function registerSuiteKind(kind: SuiteKind<any>): void {
  suiteKinds[kind.kind] = kind;
}
