/** Imported first by the bench worker: from here on, `import ... from 'vitest'` is gauntlet's bench shim. */
import { register } from 'node:module';

register('./bench-hooks.mjs', import.meta.url, { data: { shimUrl: new URL('./bench-shim.ts', import.meta.url).href } });
