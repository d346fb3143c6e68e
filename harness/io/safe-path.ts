import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { InputError, type ErrorLocation } from '../core/errors.ts';

/**
 * Resolve a path named in a data file (a case, a profile, a scenario) against a root and refuse
 * one that escapes it through `..` or an absolute path, unless the config allows it. Pull-request
 * content must not make gauntlet read or write outside the project.
 */
export function resolveInside(
  root: string,
  path: string,
  opts: { allowOutside?: boolean; location?: ErrorLocation } = {},
): string {
  const full = resolve(root, path);
  if (opts.allowOutside) return full;
  if (!isInside(root, full)) {
    throw new InputError(
      `path '${path}' is outside ${root} (absolute paths and '..' are refused; set allowOutsidePaths to permit)`,
      opts.location ?? {},
    );
  }
  // A symbolic link inside the project (a pull request can add one) may point outside it.
  const real = realPath(full);
  const realRoot = realPath(root);
  if (real && realRoot && !isInside(realRoot, real)) {
    throw new InputError(
      `path '${path}' is a symbolic link to ${real}, outside ${root} (set allowOutsidePaths to permit)`,
      opts.location ?? {},
    );
  }
  return full;
}

function realPath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined; // not there yet (a file to write): the lexical check above is what applies
  }
}

export function isInside(root: string, full: string): boolean {
  const rel = relative(resolve(root), resolve(full));
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}
