import { describe, expect, it } from '@jest/globals';
import type { IncomeStreamV1 } from '@plein/income-contract';
import { buildOverview, type ProviderRef, type SourceAnswer } from './income-overview.js';

const provider = (key: string): ProviderRef => ({ subgraph: key, agency: { key, name: key.toUpperCase(), oin: '0'.repeat(20) } });
const stream = (bsn: string, scheme: string, amountCents: number, period: IncomeStreamV1['period']): IncomeStreamV1 => ({
  id: `${bsn}-${scheme}`,
  bsn,
  scheme,
  schemeName: scheme,
  amountCents,
  period,
  startDate: '2025-01-01',
  endDate: null,
});
const members = [
  { bsn: '111222333', givenName: 'An', familyName: 'Jansen' },
  { bsn: '123456782', givenName: 'Bo', familyName: 'Jansen' },
];

describe('household income overview', () => {
  it('normalises every stream per month and totals per person and household', () => {
    const answers: SourceAnswer[] = [
      { provider: provider('svb'), status: 'OK', durationMs: 5, streams: [stream('111222333', 'KINDERBIJSLAG', 60226, 'QUARTER')] },
      {
        provider: provider('uwv'),
        status: 'OK',
        durationMs: 5,
        streams: [stream('111222333', 'WW', 150000, 'MONTH'), stream('123456782', 'ZW', 120000, 'FOUR_WEEKS')],
      },
      {
        provider: provider('gemeente'),
        status: 'OK',
        durationMs: 5,
        streams: [stream('123456782', 'BIJZONDERE_BIJSTAND', 35000, 'ONE_OFF')],
      },
    ];
    const o = buildOverview(members, answers);
    expect(o.members[0]!.totalMonthlyCents).toBe(20075 + 150000);
    expect(o.members[1]!.totalMonthlyCents).toBe(130000);
    expect(o.members[1]!.oneOffPayments.map((s) => s.amountCents)).toEqual([35000]);
    expect(o.totalMonthlyCents).toBe(20075 + 150000 + 130000);
    expect(o.complete).toBe(true);
    expect(o.agencies.find((a) => a.agencyKey === 'gemeente')).toMatchObject({ totalMonthlyCents: 0, streamCount: 1 });
  });

  it('reports each failed source and still shows the others', () => {
    const o = buildOverview(members, [
      { provider: provider('svb'), status: 'OK', durationMs: 5, streams: [stream('111222333', 'AOW', 100000, 'MONTH')] },
      { provider: provider('uwv'), status: 'TIMEOUT', message: 'No answer within 500 ms.', durationMs: 500 },
      { provider: provider('duo'), status: 'UNAVAILABLE', message: 'The source could not be reached.', durationMs: 1 },
    ]);
    expect(o.totalMonthlyCents).toBe(100000);
    expect(o.complete).toBe(false);
    expect(o.sources.map((s) => [s.agencyKey, s.status])).toEqual([
      ['duo', 'UNAVAILABLE'],
      ['svb', 'OK'],
      ['uwv', 'TIMEOUT'],
    ]);
  });

  it('discards a whole answer that speaks about someone not asked about', () => {
    const o = buildOverview(members, [
      {
        provider: provider('rogue'),
        status: 'OK',
        durationMs: 5,
        streams: [stream('111222333', 'WW', 1000, 'MONTH'), stream('999999990', 'WW', 1000, 'MONTH')],
      },
    ]);
    expect(o.totalMonthlyCents).toBe(0);
    expect(o.sources[0]!.status).toBe('INVALID_RESPONSE');
  });

  it('never calls an overview that asked no source complete (e.g. before the provider list loaded)', () => {
    const o = buildOverview(members, []);
    expect(o.totalMonthlyCents).toBe(0);
    expect(o.members).toHaveLength(2);
    expect(o.sources).toEqual([]);
    expect(o.complete).toBe(false);
  });

  it('shows which members a source was not asked about, and refuses an answer about them', () => {
    const o = buildOverview(members, [
      {
        provider: provider('uwv'),
        status: 'OK',
        durationMs: 5,
        streams: [stream('111222333', 'WW', 150000, 'MONTH')],
        asked: ['111222333'],
      },
      { provider: provider('svb'), status: 'NO_CONSENT', message: 'Not asked: no basis.', durationMs: 0, asked: [] },
      {
        provider: provider('duo'),
        status: 'OK',
        durationMs: 5,
        streams: [stream('123456782', 'STUDIEFINANCIERING', 30000, 'MONTH')],
        asked: ['111222333'],
      },
    ]);
    expect(o.members.map((m) => [m.bsn, m.withheldFrom])).toEqual([
      ['111222333', ['svb']],
      ['123456782', ['duo', 'svb', 'uwv']],
    ]);
    // A source that answered for some members is partial, not refused; refused means not asked at all.
    expect(o.sources.map((x) => [x.agencyKey, x.status, x.withheldMembers])).toEqual([
      ['duo', 'INVALID_RESPONSE', ['Bo Jansen']],
      ['svb', 'NO_CONSENT', ['An Jansen', 'Bo Jansen']],
      ['uwv', 'PARTIAL', ['Bo Jansen']],
    ]);
    expect(o.sources.find((x) => x.agencyKey === 'uwv')).toMatchObject({
      streamCount: 1,
      message: expect.stringMatching(/^Asked about 1 of 2 members/),
    });
    expect(o.totalMonthlyCents).toBe(150000);
    expect(o.complete).toBe(false);
  });

  it('answers OK only about the whole household: co-residents without a basis make every source partial', () => {
    const answers: SourceAnswer[] = [
      { provider: provider('uwv'), status: 'OK', durationMs: 5, streams: [stream('111222333', 'WW', 150000, 'MONTH')] },
    ];
    expect(buildOverview(members, answers).sources[0]).toMatchObject({ status: 'OK', withheldMembers: [] });
    const withCoResidents = buildOverview(members, answers, 2);
    expect(withCoResidents.sources[0]).toMatchObject({
      status: 'PARTIAL',
      withheldMembers: ['medebewoner', 'medebewoner'],
      message: expect.stringMatching(/^Asked about 2 of 4 members/),
    });
    expect(withCoResidents).toMatchObject({ coResidentCount: 2, complete: false, totalMonthlyCents: 150000 });
  });
});
