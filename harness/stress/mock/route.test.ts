import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { promptTokens } from '../openai-shapes.ts';
import { jsonLength, textTokens } from './route.ts';

describe('jsonLength (the prompt-token count of structured prompts)', () => {
  it('equals the length of JSON.stringify for any JSON value, escapes and astral characters included', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (v) => {
        expect(jsonLength(v)).toBe(JSON.stringify(v).length);
      }),
      { numRuns: 200 },
    );
  });

  it('counts escapes, lone surrogates, numbers and key order as JSON.stringify writes them', () => {
    for (const v of [
      'a"b\\c\n\u0001\u001f',
      '\ud800 lone',
      'pair 😀',
      { z: 1, 2: [true, false, null], a: { 'k"': -0.5e-7 } },
      [undefined, 1e21, -0],
      { skipped: undefined, kept: '' },
    ])
      expect(jsonLength(v)).toBe(JSON.stringify(v).length);
  });

  it('leaves the token counts of the routes as they were', () => {
    const messages = [
      { role: 'user', content: [{ type: 'text', text: 'hello "quoted"\n' }] },
      { role: 'assistant', content: 'ok' },
    ];
    expect(textTokens(messages)).toBe(Math.ceil(JSON.stringify(messages).length / 4));
    expect(promptTokens({ messages })).toBe(
      Math.ceil((JSON.stringify(messages[0]!.content).length + 2) / 4) + 3 * messages.length,
    );
  });
});
