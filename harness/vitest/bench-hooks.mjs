// Module resolution hook for gauntlet's bench worker (registered by register-bench-shim.ts): the
// specifier 'vitest' resolves to gauntlet's bench shim, so vitest benchmark files run unchanged.
let shimUrl;

export function initialize(data) {
  shimUrl = data.shimUrl;
}

export async function resolve(specifier, context, nextResolve) {
  // Through the rest of the chain, so the TypeScript loader (tsx) still handles the shim.
  if (specifier === 'vitest') return nextResolve(shimUrl, context);
  return nextResolve(specifier, context);
}
