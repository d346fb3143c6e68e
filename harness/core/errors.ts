/**
 * Named errors a user can act on. Every GauntletError carries a code; those with exitCode 2 are
 * input errors: the CLI prints one line (file, field, what is wrong) and no stack trace.
 */
export interface ErrorLocation {
  file?: string;
  /** A dotted path to the field, e.g. `suites[0].timeoutMs` or `candidates[3].score`. */
  field?: string;
  line?: number;
}

export class GauntletError extends Error {
  readonly code: string;
  readonly exitCode: number;
  readonly location: ErrorLocation;

  constructor(
    code: string,
    message: string,
    location: ErrorLocation = {},
    options?: { cause?: unknown; exitCode?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = options?.exitCode ?? 2;
    this.location = location;
  }

  /** `file:line: field: message`, the one line the CLI prints. */
  describe(): string {
    const { file, line, field } = this.location;
    const where = [file && (line ? `${file}:${line}` : file), field].filter(Boolean).join(': ');
    return where ? `${where}: ${this.message}` : this.message;
  }
}

/** The config file does not load or does not validate. */
export class ConfigError extends GauntletError {
  constructor(message: string, location: ErrorLocation = {}, options?: { cause?: unknown }) {
    super('GAUNTLET_CONFIG', message, location, options);
  }
}

/** A data file (case, profile, scenario, sample) is malformed or does not validate. */
export class InputError extends GauntletError {
  constructor(message: string, location: ErrorLocation = {}, options?: { cause?: unknown }) {
    super('GAUNTLET_INPUT', message, location, options);
  }
}

/** A golden case file is malformed or does not validate. */
export class GoldenCaseError extends GauntletError {
  constructor(message: string, location: ErrorLocation = {}, options?: { cause?: unknown }) {
    super('GAUNTLET_GOLDEN_CASE', message, location, options);
  }
}

/** A stored baseline is corrupt, or cannot be written. */
export class BaselineError extends GauntletError {
  constructor(message: string, location: ErrorLocation = {}, options?: { cause?: unknown }) {
    super('GAUNTLET_BASELINE', message, location, options);
  }
}

/** Wrong command-line usage. */
export class UsageError extends GauntletError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('GAUNTLET_USAGE', message, {}, options);
  }
}

/** A deadline passed (a case, a benchmark, a whole run). Not an input error: exit code 1. */
export class TimeoutError extends GauntletError {
  readonly timeoutMs: number;
  constructor(message: string, timeoutMs: number, location: ErrorLocation = {}) {
    super('GAUNTLET_TIMEOUT', message, location, { exitCode: 1 });
    this.timeoutMs = timeoutMs;
  }
}

export function isGauntletError(e: unknown): e is GauntletError {
  return e instanceof GauntletError;
}

/**
 * The first line of an error's message, and the next one when the first only introduces it (esbuild's
 * "Transform failed with 1 error:"), for one-line reports of a module that failed to load.
 */
export function errorHeadline(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const lines = e.message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const [first, second] = lines;
  if (first === undefined) return e.name;
  return first.endsWith(':') && second ? `${first} ${second}` : first;
}
