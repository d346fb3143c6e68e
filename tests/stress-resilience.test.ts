import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { suiteContextFor } from '../harness/core/__fixtures__/suite-context.ts';
import type { StressClientFactory } from '../harness/stress/client-contract.ts';
import { openaiClientFactory } from '../harness/stress/clients/openai.ts';
import stressKind from '../harness/stress/kind.ts';
import type { StressResults } from '../harness/stress/analyze.ts';
import type { StressFlags } from '../harness/stress/suite-schema.ts';
import { referenceClientFactory } from '../sut/llm-client/factory.ts';

/**
 * A deliberately naive streaming client: it reads the SSE body to its end and calls whatever it got
 * an answer, never checking for `data: [DONE]` (the bug of openai-node#2725 and many hand-written clients).
 */
const naiveClient: StressClientFactory = ({ baseURL }) => ({
  async call(req) {
    try {
      const res = await fetch(`${baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...req.headers },
        body: JSON.stringify({ model: 'm', messages: req.messages, stream: true }),
        signal: req.signal,
      });
      if (res.status !== 200) return { outcome: 'failure', failure: `http_${res.status}`, attempts: 1 };
      let text = '';
      for (const line of (await res.text()).split('\n')) {
        if (!line.startsWith('data: {')) continue;
        text +=
          (JSON.parse(line.slice(6)) as { choices: Array<{ delta?: { content?: string } }> }).choices[0]?.delta
            ?.content ?? '';
      }
      return { outcome: 'success', text, attempts: 1 };
    } catch {
      return { outcome: 'failure', failure: 'other', attempts: 1 };
    }
  },
  close: async () => {},
});

const entry = (client: StressClientFactory) =>
  stressKind.entrySchema.parse({
    kind: 'stress',
    name: 'resilience',
    client,
    redis: 'memory',
    clientOptions: client === referenceClientFactory ? { maxAttempts: 1 } : { maxRetries: 0 },
    scenarios: [
      {
        name: 'no-done',
        calls: 80,
        concurrency: 20,
        stream: true,
        profile: { name: 'no-done', completionTokens: 3, faults: [{ type: 'no-done', probability: 0.25 }] },
      },
    ],
  });

async function runWith(client: StressClientFactory) {
  const dir = mkdtempSync(join(tmpdir(), 'gauntlet-resilience-'));
  try {
    const report = await stressKind.run(entry(client), suiteContextFor<StressFlags>(dir, {}));
    const results = report.checks.find((c) => c.name === 'no-done/run')!.details as StressResults;
    return { check: report.checks.find((c) => c.name === 'no-done/resilience:truncated-accepted')!, results };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('resilience verdict: truncated answers returned as a success', () => {
  it('fails a naive client that ignores a missing [DONE], naming every such call', async () => {
    const { check, results } = await runWith(naiveClient);
    const cut = results.serverFaults['no-done'] ?? 0;
    expect(cut).toBeGreaterThan(5);
    expect(check.verdict).toBe('fail');
    // One attempt per call: every stream the server ended without [DONE] came back as a "success".
    expect(results.truncated.callIds).toHaveLength(cut);
    expect(check.reasons[0]).toContain(
      `${cut} call(s) returned a truncated answer as a success (call ids ${results.truncated.callIds.slice(0, 3).join(', ')}`,
    );
  });

  it('passes the reference client and the openai SDK adapter on the same traffic', async () => {
    for (const client of [referenceClientFactory, openaiClientFactory]) {
      const { check, results } = await runWith(client);
      expect(results.serverFaults['no-done']).toBeGreaterThan(5);
      expect(results.failures.truncated_stream).toBe(results.serverFaults['no-done']);
      expect([check.verdict, check.reasons]).toEqual(['pass', []]);
    }
  });
});
