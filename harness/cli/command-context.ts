import type { CliIo } from './io.ts';

/** What a command gets: where to write, and the one way to say how the process should end. */
export interface CommandContext {
  io: CliIo;
  setExitCode(code: number): void;
  /** For long-lived commands (mock-llm): resolves when the command is done serving. */
  keepAlive(until: Promise<void>): void;
}
