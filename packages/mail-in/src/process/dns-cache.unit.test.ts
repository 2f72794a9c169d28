import { describe, expect, it } from 'vitest';
import type { MailDnsResolver } from './authenticate.js';
import { cachingResolver } from './dns-cache.js';

const failure = (code: string) => Object.assign(new Error(`${code} example.test`), { code });

/** A resolver answering `answer(name)`, counting the questions it was asked. */
function counting(answer: (name: string) => Promise<string[][]>) {
  const asked: string[] = [];
  const resolver: MailDnsResolver = (domain, rrtype) => {
    asked.push(`${rrtype} ${domain}`);
    return answer(domain);
  };
  return { resolver, asked };
}

const times = { answerMs: 300_000, absentMs: 60_000, maxEntries: 3 };

describe('cachingResolver', () => {
  it('asks once for a question repeated within its time, whatever the case of the name, and once more after', async () => {
    const { resolver, asked } = counting(async () => [['v=spf1 -all']]);
    let now = 0;
    const cached = cachingResolver(resolver, () => now, times);
    expect(await cached('customer.test', 'TXT')).toEqual([['v=spf1 -all']]);
    now = 299_999;
    expect(await cached('Customer.Test.', 'TXT')).toEqual([['v=spf1 -all']]);
    expect(asked).toHaveLength(1);
    now = 300_000;
    await cached('customer.test', 'TXT');
    expect(asked).toHaveLength(2);
  });

  it('shares one lookup between questions asked at the same moment', async () => {
    let release: (records: string[][]) => void = () => {};
    const { resolver, asked } = counting(() => new Promise((resolve) => (release = resolve)));
    const cached = cachingResolver(resolver, () => 0, times);
    const both = Promise.all([cached('a.test', 'TXT'), cached('a.test', 'TXT')]);
    release([['x']]);
    expect(await both).toEqual([[['x']], [['x']]]);
    expect(asked).toEqual(['TXT a.test']);
  });

  it('keeps "no such record" for less long, and never a timeout or a server failure', async () => {
    const { resolver, asked } = counting(async (name) => {
      throw failure(name === 'absent.test' ? 'ENOTFOUND' : 'ETIMEOUT');
    });
    let now = 0;
    const cached = cachingResolver(resolver, () => now, times);
    for (let i = 0; i < 2; i++) {
      await expect(cached('absent.test', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
      await expect(cached('slow.test', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    }
    expect(asked).toEqual(['TXT absent.test', 'TXT slow.test', 'TXT slow.test']);
    now = 60_000;
    await expect(cached('absent.test', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    expect(asked.filter((question) => question === 'TXT absent.test')).toHaveLength(2);
  });

  it('tells record types apart, gives each caller its own copy, and keeps at most maxEntries', async () => {
    const { resolver, asked } = counting(async (name) => [[name]]);
    const cached = cachingResolver(resolver, () => 0, times);
    const first = (await cached('a.test', 'TXT')) as string[][];
    first[0]!.push('changed');
    expect(await cached('a.test', 'TXT')).toEqual([['a.test']]);
    await cached('a.test', 'MX');
    expect(asked).toEqual(['TXT a.test', 'MX a.test']);
    await cached('b.test', 'TXT');
    await cached('c.test', 'TXT');
    // Four questions for three places: the oldest went.
    await cached('a.test', 'TXT');
    expect(asked.filter((question) => question === 'TXT a.test')).toHaveLength(2);
  });
});
