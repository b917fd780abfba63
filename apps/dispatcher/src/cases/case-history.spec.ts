import { describe, expect, it } from '@jest/globals';
import { casesFrom } from './case-history.js';

const uwv = { agencyKey: 'uwv', agencyName: 'UWV' };
const status = (zaak: string, statustype: string, at: string, extra: object = {}) => ({
  ...uwv,
  data: { zaakIdentificatie: zaak, zaaktype: 'WW-aanvraag', statustype, datumStatusGezet: at, ...extra },
});

describe('a resident’s cases from status events', () => {
  it('orders each case’s history by when the status was set, whatever the arrival order, and takes the latest', () => {
    const [ww] = casesFrom([
      status('WW-1', 'In behandeling', '2026-11-02T10:00:00Z', { einddatumGepland: '2026-12-01' }),
      status('WW-1', 'Ontvangen', '2026-11-01T09:00:00Z'),
    ]);
    expect(ww).toMatchObject({ status: 'In behandeling', einddatumGepland: '2026-12-01', einddatum: null });
    expect(ww!.history.map((h) => h.statustype)).toEqual(['Ontvangen', 'In behandeling']);
  });

  it('keeps cases of different agencies apart even with the same number, open ones first', () => {
    const cases = casesFrom([
      status('1', 'Afgehandeld', '2026-11-05T00:00:00Z', { einddatum: '2026-11-05' }),
      {
        agencyKey: 'svb',
        agencyName: 'SVB',
        data: { zaakIdentificatie: '1', zaaktype: 'AOW', statustype: 'Ontvangen', datumStatusGezet: '2026-10-01T00:00:00Z' },
      },
    ]);
    expect(cases.map((c) => [c.agencyKey, c.status])).toEqual([
      ['svb', 'Ontvangen'],
      ['uwv', 'Afgehandeld'],
    ]);
  });
});
