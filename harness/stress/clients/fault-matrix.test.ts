import { describe, expect, it } from 'vitest';
import { referenceClientFactory } from '../../../sut/llm-client/factory.ts';
import { anthropicClientFactory } from './anthropic.ts';
import { MATRIX_FAULTS, MATRIX_PROMPT_CALL_TIMEOUT_MS, runMatrixCell, type MatrixClient } from './fault-matrix.ts';
import { openaiClientFactory } from './openai.ts';

// The key cells of docs/calibration/stress-adapter-matrix.out.md (scripts/stress-adapter-matrix.ts
// writes the whole table): every stress client, real HTTP on 127.0.0.1, the real SDKs. None of these
// cells hangs or is slow, so they get the roomy budget a busy runner needs.
const clients: MatrixClient[] = [
  {
    name: 'reference',
    factory: referenceClientFactory,
    options: { timeoutMs: MATRIX_PROMPT_CALL_TIMEOUT_MS / 3, backoff: { baseMs: 10 }, cache: false },
  },
  { name: 'openai chat', factory: openaiClientFactory, options: { api: 'chat' } },
  { name: 'openai responses', factory: openaiClientFactory, options: { api: 'responses' } },
  { name: 'anthropic messages', factory: anthropicClientFactory, options: {} },
];
const fault = (label: string) => MATRIX_FAULTS.find((f) => f.label === label)!;

describe.each(clients)('stress client $name against the mock', (client) => {
  it('a cut stream and a stream without its terminal event are truncated_stream, never a success', async () => {
    for (const label of ['cut stream (truncate:2)', 'no terminal event (no-done)']) {
      const cell = await runMatrixCell(client, fault(label), true, MATRIX_PROMPT_CALL_TIMEOUT_MS);
      expect({ label, outcome: cell.outcome, accepted: cell.acceptedTruncated }).toEqual({
        label,
        outcome: 'truncated_stream',
        accepted: false,
      });
    }
  });

  it.each(['503;times=2', '529;times=2'])(
    '%s recovers on the third attempt, counted alike by the client and the mock',
    async (label) => {
      expect(await runMatrixCell(client, fault(label), false, MATRIX_PROMPT_CALL_TIMEOUT_MS)).toEqual({
        outcome: 'success',
        attempts: 3,
        served: 3,
        acceptedTruncated: false,
      });
    },
  );

  it('a per-key quota 429 is waited out (Retry-After) and the second attempt succeeds', async () => {
    expect(await runMatrixCell(client, fault('quota 429'), false, MATRIX_PROMPT_CALL_TIMEOUT_MS)).toEqual({
      outcome: 'success',
      attempts: 2,
      served: 2,
      acceptedTruncated: false,
    });
  });
});
