import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isInside, resolveInside } from './safe-path.ts';

describe('resolveInside', () => {
  it('accepts paths inside the root and refuses escapes', () => {
    expect(resolveInside('/p', 'suites/a.yaml')).toBe('/p/suites/a.yaml');
    expect(resolveInside('/p', './x/../y')).toBe('/p/y');
    expect(() => resolveInside('/p', '../etc/passwd', { location: { file: 'c.yaml', field: 'profile' } })).toThrow(
      /outside \/p/,
    );
    expect(() => resolveInside('/p', '/etc/passwd')).toThrow(/outside/);
    expect(() => resolveInside('/p', 'a/../../p2/x')).toThrow(/outside/);
    expect(resolveInside('/p', '/etc/hosts', { allowOutside: true })).toBe('/etc/hosts');
  });

  it('never lets a resolved path outside the root through (property)', () => {
    const segment = fc.constantFrom('..', '.', 'a', 'b', '', '/', 'p', 'p2');
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (parts) => {
        const path = parts.join('/');
        let resolved: string | undefined;
        try {
          resolved = resolveInside('/p', path);
        } catch {
          return;
        }
        expect(isInside('/p', resolved)).toBe(true);
        expect(resolved === '/p' || resolved.startsWith('/p/')).toBe(true);
      }),
      { numRuns: 2000, seed: 1 },
    );
  });
});
