import { describe, expect, it } from 'vitest';
import { VirtualClock } from './clock.ts';

describe('VirtualClock', () => {
  it('fires sleeps in time order without real waiting, chained sleeps included', async () => {
    const clock = new VirtualClock(1000);
    const log: string[] = [];
    void clock.sleep(300).then(() => log.push(`b@${clock.now()}`));
    void clock.sleep(100).then(async () => {
      log.push(`a@${clock.now()}`);
      await clock.sleep(500);
      log.push(`c@${clock.now()}`);
    });
    await clock.advance(250);
    expect(log).toEqual(['a@1100']);
    expect(clock.now()).toBe(1250);
    await clock.advance(1000);
    expect(log).toEqual(['a@1100', 'b@1300', 'c@1600']);
    expect(clock.now()).toBe(2250);
    expect(clock.pending).toBe(0);
  });

  it('rejects an aborted sleep and forgets it', async () => {
    const clock = new VirtualClock();
    const ac = new AbortController();
    const p = clock.sleep(100, ac.signal);
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
    expect(clock.pending).toBe(0);
  });
});
