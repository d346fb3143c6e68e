/**
 * Tokens never reach a log, an error message or a report: everything gauntlet prints from the
 * GitHub integration goes through `redactSecrets`.
 */

const SECRET_ENV = /(TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|APIKEY|PRIVATE_KEY|CREDENTIALS?)$/i;

// Shapes of well-known credentials: GitHub tokens (classic, fine-grained, app, OAuth), OpenAI-style keys,
// HTTP authorization values (with a digit in them, so "Basic configuration" stays as it is), tokens in URLs.
const TOKEN_PATTERNS: Array<[RegExp, string]> = [
  [/\bgh[pousr]_[A-Za-z0-9]{20,}\b/g, '***'],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}\b/g, '***'],
  [/\bsk-[A-Za-z0-9_-]{16,}\b/g, '***'],
  [/\bBearer\s+(?=[\w.~+/=-]*\d)[\w.~+/=-]{16,}/g, 'Bearer ***'],
  [/\bBasic\s+(?=[A-Za-z+/=]*\d)[A-Za-z0-9+/=]{12,}/g, 'Basic ***'],
  [/\b(authorization:\s*token)\s+[\w.-]{12,}/gi, '$1 ***'],
  [/\b(x-access-token|oauth2):[^@\s]+@/gi, '$1:***@'],
];

export const REDACTED = '***';

/** Values of environment variables whose names say they hold a secret (at least 6 characters long). */
export function secretValues(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_ENV.test(name) && typeof value === 'string' && value.length >= 6)
    .map(([, value]) => value as string)
    .sort((a, b) => b.length - a.length);
}

/** Replace known secret values and token-shaped strings with `***`. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join(REDACTED);
  for (const [p, replacement] of TOKEN_PATTERNS) out = out.replace(p, replacement);
  return out;
}

/** A stream wrapper that redacts everything written through it. */
export function redactingWriter(out: NodeJS.WritableStream, secrets: readonly string[]): { write(text: string): void } {
  return { write: (text: string) => void out.write(redactSecrets(text, secrets)) };
}

/** A copy of a JSON value with every string redacted (a report may carry an error message quoting a token). */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactSecrets(v, secrets);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
