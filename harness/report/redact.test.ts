import { describe, expect, it } from 'vitest';
import { redactSecrets, secretValues } from './redact.ts';

describe('redactSecrets', () => {
  it('removes secret env values and token-shaped strings', () => {
    const env = { GITHUB_TOKEN: 'abc123secretvalue', HOME: '/home/me', OPENAI_API_KEY: 'k-very-secret-key' };
    const secrets = secretValues(env);
    expect(secrets).toContain('abc123secretvalue');
    expect(secrets).not.toContain('/home/me');
    const text = [
      'auth failed for abc123secretvalue',
      'key k-very-secret-key',
      'ghp_0123456789abcdefghijABCDEFGHIJ0123',
      'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz',
      'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig',
      'https://x-access-token:ghs_abcdefghijklmnopqrstuvwxyz0123@github.com/o/r',
    ].join('\n');
    const out = redactSecrets(text, secrets);
    expect(out).not.toMatch(/abc123secretvalue|k-very-secret-key|ghp_|github_pat_|eyJhbGci|ghs_/);
    expect(out).toContain('Bearer ***');
    expect(out).toContain('auth failed for ***');
  });

  it('leaves ordinary text alone', () => {
    expect(redactSecrets('3/4 cases pass; token bucket refilled', ['x'])).toBe('3/4 cases pass; token bucket refilled');
  });
});
