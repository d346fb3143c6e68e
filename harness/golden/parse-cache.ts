import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonAtomic } from '../io/atomic-write.ts';

const VERSION = 1;

/**
 * A memo of parsed YAML case files, keyed by the SHA-1 of their text, in
 * `node_modules/.cache/gauntlet/` (the convention tsx, babel and eslint follow). Parsing 60 small YAML
 * files costs most of a cold golden run (the YAML parser's JIT warm-up); with the memo, unchanged files
 * are a lookup. It holds parse results only: every case is validated on every run, and a validation
 * error re-parses the file to find the line. Never written in CI.
 */
export class CaseParseCache {
  readonly #file: string | undefined;
  #entries = new Map<string, unknown>();
  #used = new Map<string, unknown>();
  #dirty = false;

  private constructor(file: string | undefined) {
    this.#file = file;
  }

  /** The cache for a project root; a no-op cache when the root has no node_modules. */
  static async open(rootDir: string): Promise<CaseParseCache> {
    const nm = join(rootDir, 'node_modules');
    if (!existsSync(nm)) return new CaseParseCache(undefined);
    const cache = new CaseParseCache(join(nm, '.cache', 'gauntlet', 'golden-cases.json'));
    try {
      const stored = JSON.parse(await readFile(cache.#file!, 'utf8')) as {
        version?: number;
        entries?: Record<string, unknown>;
      };
      if (stored.version === VERSION && stored.entries) cache.#entries = new Map(Object.entries(stored.entries));
    } catch {
      // Missing or unreadable: start empty.
    }
    return cache;
  }

  static key(text: string): string {
    return createHash('sha1').update(text).digest('hex');
  }

  get(key: string): unknown {
    const data = this.#entries.get(key);
    if (data !== undefined) this.#used.set(key, data);
    return data;
  }

  /** Remember a parse result, if JSON keeps it exactly (no NaN, no infinities). */
  set(key: string, data: unknown): void {
    if (!jsonSafe(data)) return;
    this.#used.set(key, data);
    this.#dirty = true;
  }

  /** Write the entries used in this run (dropping those of changed or removed files). */
  async save(): Promise<void> {
    if (!this.#file || (!this.#dirty && this.#used.size === this.#entries.size)) return;
    await writeJsonAtomic(this.#file, { version: VERSION, entries: Object.fromEntries(this.#used) });
  }
}

function jsonSafe(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(jsonSafe);
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return Object.values(v).every(jsonSafe);
  return false;
}
