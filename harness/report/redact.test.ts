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
      'https://x-access-token:plainsecret@github.com/o/r',
    ].join('\n');
    const out = redactSecrets(text, secrets);
    expect(out).not.toMatch(/abc123secretvalue|k-very-secret-key|ghp_|github_pat_|eyJhbGci|plainsecret/);
    expect(out).toContain('https://x-access-token:***@github.com/o/r');
    expect(out).toContain('Bearer ***');
    expect(out).toContain('auth failed for ***');
  });

  it('leaves ordinary text alone', () => {
    for (const text of [
      '3/4 cases pass; token bucket refilled',
      'Basic configuration is fine',
      'Bearer tokens expire after a day',
      'authorization required',
    ]) {
      expect(redactSecrets(text, ['zzzzzz'])).toBe(text);
    }
    expect(redactSecrets('Authorization: token abcdef0123456789')).toBe('Authorization: token ***');
    expect(redactSecrets('Basic dXNlcjpwYXNzd29yZDE=')).toBe('Basic ***');
  });
});
