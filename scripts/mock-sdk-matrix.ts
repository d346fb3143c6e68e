/**
 * The official SDKs against `startMockServer` on every route, streaming and not, with each forced
 * fault: what the caller sees (an answer, which error class, or an answer accepted although the
 * server cut it short). Written to docs/calibration/mock-sdk-matrix.out.md.
 * Usage: npx tsx scripts/mock-sdk-matrix.ts [--out FILE]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { startMockServer } from '../harness/stress/mock-server.ts';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const OUT = args.includes('--out')
  ? args[args.indexOf('--out') + 1]!
  : join(root, 'docs/calibration/mock-sdk-matrix.out.md');
const FAULTS = ['none', '429', '503', '529', 'hang', 'reset', 'malformed', 'truncate:2', 'no-done'];
const server = await startMockServer({ seed: 1, profile: { completionTokens: 6 } });
const openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'k', maxRetries: 0, timeout: 2000 });
const anthropic = new Anthropic({ baseURL: server.url, apiKey: 'k', maxRetries: 0, timeout: 2000 });
const FULL = 'tok0 tok1 tok2 tok3 tok4 tok5';
type Call = (headers: Record<string, string>) => Promise<string>;

const calls: Array<[string, Call]> = [
  [
    'openai chat JSON',
    async (headers) =>
      (await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, { headers }))
        .choices[0]!.message.content ?? '',
  ],
  [
    'openai chat SSE',
    async (headers) => {
      let t = '';
      for await (const c of await openai.chat.completions.create(
        { model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true },
        { headers },
      ))
        t += c.choices[0]?.delta.content ?? '';
      return t;
    },
  ],
  [
    'openai responses JSON',
    async (headers) => (await openai.responses.create({ model: 'm', input: 'x' }, { headers })).output_text,
  ],
  [
    'openai responses SSE',
    async (headers) => {
      let t = '';
      for await (const e of await openai.responses.create({ model: 'm', input: 'x', stream: true }, { headers }))
        if (e.type === 'response.output_text.delta') t += e.delta;
      return t;
    },
  ],
  [
    'openai responses.stream().finalResponse()',
    async (headers) =>
      (await openai.responses.stream({ model: 'm', input: 'x' }, { headers }).finalResponse()).output_text,
  ],
  [
    'openai embeddings',
    async (headers) =>
      (await openai.embeddings.create({ model: 'e', input: 'x', dimensions: 6 }, { headers })).data[0]!.embedding
        .length === 6
        ? FULL
        : 'wrong length',
  ],
  [
    'anthropic messages JSON',
    async (headers) =>
      (
        (
          await anthropic.messages.create(
            { model: 'c', max_tokens: 50, messages: [{ role: 'user', content: 'x' }] },
            { headers },
          )
        ).content[0] as { text: string }
      ).text,
  ],
  [
    'anthropic messages SSE',
    async (headers) => {
      let t = '';
      for await (const e of await anthropic.messages.create(
        { model: 'c', max_tokens: 50, messages: [{ role: 'user', content: 'x' }], stream: true },
        { headers },
      ))
        if (e.type === 'content_block_delta' && e.delta.type === 'text_delta') t += e.delta.text;
      return t;
    },
  ],
  [
    'anthropic messages.stream().finalMessage()',
    async (headers) =>
      (
        (
          await anthropic.messages
            .stream({ model: 'c', max_tokens: 50, messages: [{ role: 'user', content: 'x' }] }, { headers })
            .finalMessage()
        ).content[0] as { text: string }
      ).text,
  ],
];

const cell = async (name: string, call: Call, fault: string): Promise<string> => {
  try {
    const text = await call({ 'x-gauntlet-fault': fault });
    if (text !== FULL) return `**accepted a cut answer** (${JSON.stringify(text)})`;
    return fault === 'no-done' && !/JSON|embeddings/.test(name)
      ? '**answer accepted without the terminal event**'
      : 'answer';
  } catch (e) {
    const err = e as Error & { status?: number };
    return `${err.constructor.name}${err.status ? ` ${err.status}` : ''}`;
  }
};

const lines = [
  '# The official SDKs against the mock: every route, each forced fault',
  '',
  `Generated ${new Date().toISOString()} by \`npx tsx scripts/mock-sdk-matrix.ts\` (openai ${(await import('openai/version')).VERSION}, @anthropic-ai/sdk ${(await import('@anthropic-ai/sdk/version')).VERSION}; maxRetries 0, timeout 2 s (so a hang ends in the SDK timeout); 6-token answers).`,
  '"answer": the full text came back; an error class: the SDK raised it; **accepted a cut answer**: the SDK returned normally with less than the full answer; **answer accepted without the terminal event**: every token arrived but the stream ended without `[DONE]` / `response.completed` / `message_stop`, and the SDK did not notice (both are what a resilience check must catch, because the client cannot tell them from a complete answer).',
  '',
  `| call | ${FAULTS.join(' | ')} |`,
  `|---|${FAULTS.map(() => '---').join('|')}|`,
];
for (const [name, call] of calls) {
  const cells: string[] = [];
  await call({}).catch(() => undefined); // warm-up (first-call JIT), not shown
  for (const f of FAULTS) cells.push(await cell(name, call, f));
  lines.push(`| ${name} | ${cells.join(' | ')} |`);
}
await server.close();
writeFileSync(OUT, lines.join('\n') + '\n');
console.log(lines.join('\n'));
