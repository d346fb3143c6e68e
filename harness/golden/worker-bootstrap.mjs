// Entry of a golden case worker thread: register tsx (the selector module and the worker may be
// TypeScript) in this thread, then load the worker proper.
import { register } from 'tsx/esm/api';

register();
await import('./case-worker.ts');
