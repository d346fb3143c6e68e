import { describe, expect, it } from 'vitest';
import { ServedLog } from './served-record.ts';

describe('ServedLog', () => {
  it('keeps the last `window` records and folds the older ones into the summary', () => {
    const log = new ServedLog(1024);
    for (let i = 0; i < 3000; i++) {
      const seq = log.add(i, i % 3 === 0 ? '/v1/messages' : '/v1/chat/completions');
      log.setStatus(seq, i % 10 === 0 ? 503 : 200);
      if (i % 10 === 0) log.setFault(seq, 'status:503');
      if (i === 2999) log.setCallId(seq, 'call-7');
    }
    const kept = log.toArray();
    expect(kept).toHaveLength(1024);
    expect(kept[0]!.seq).toBe(3000 - 1024);
    expect(kept.at(-1)).toMatchObject({ seq: 2999, arrivalMs: 2999, callId: 'call-7', route: '/v1/chat/completions' });
    expect(kept[0]!.callId).toBeUndefined();
    expect(log.summary()).toEqual({
      total: 3000,
      kept: 1024,
      byStatus: { 200: 2700, 503: 300 },
      byFault: { none: 2700, 'status:503': 300 },
      byRoute: { '/v1/messages': 1000, '/v1/chat/completions': 2000 },
    });
    // Late updates to a record that fell out of the window change nothing.
    log.setStatus(5, 418);
    expect(log.summary().byStatus[418]).toBeUndefined();
    expect(() => log.get(5)).toThrow(RangeError);
  });

  it('grows to the window before wrapping, keeping every field', () => {
    const log = new ServedLog(4096);
    for (let i = 0; i < 2500; i++) log.setDuration(log.add(i, '/x'), i / 2);
    const all = log.toArray();
    expect(all).toHaveLength(2500);
    expect(all.every((r, i) => r.seq === i && r.durationMs === i / 2 && r.route === '/x' && r.fault === 'none')).toBe(
      true,
    );
  });
});
