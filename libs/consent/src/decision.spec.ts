import { describe, expect, it } from '@jest/globals';
import { decide, type ConsentGrant, type DecisionRequest, type StatutoryBasis } from './decision.js';

const UTRECHT = '00000001002220647000';
const ZEIST = '00000001001803596000';
const at = new Date('2026-11-23T12:00:00Z');
const request = (over: Partial<DecisionRequest> = {}): DecisionRequest => ({
  org: UTRECHT,
  subjectBsn: '111222333',
  purpose: 'schuldhulpverlening',
  category: 'income',
  source: 'uwv',
  at,
  ...over,
});
const consent = (over: Partial<ConsentGrant> = {}): ConsentGrant => ({
  id: 'c1',
  subjectBsn: '111222333',
  granteeOrg: UTRECHT,
  purpose: 'schuldhulpverlening',
  categories: ['income'],
  coverage: ['uwv:income', 'svb:income'],
  alsoFutureSources: false,
  validFrom: new Date('2026-11-01T00:00:00Z'),
  validUntil: new Date('2027-05-01T00:00:00Z'),
  revokedAt: null,
  ...over,
});
const participatiewet: StatutoryBasis = {
  id: 's1',
  granteeOrg: UTRECHT,
  purpose: 'bijstandsaanvraag',
  law: 'Participatiewet',
  article: 'art. 64',
  categories: ['income'],
  sources: [],
};

describe('consent decisions', () => {
  it('permits on a consent in force that covers the category and source, naming the consent', () => {
    expect(decide(request(), [consent()], [])).toEqual({
      permit: true,
      basis: { kind: 'consent', consentId: 'c1' },
      until: consent().validUntil,
    });
  });

  it('denies another organisation, another purpose, a source not consented to', () => {
    expect(decide(request({ org: ZEIST }), [consent()], [])).toMatchObject({
      permit: false,
      reason: 'no consent or statutory basis for this organisation',
    });
    expect(decide(request({ purpose: 'vroegsignalering' }), [consent()], [])).toMatchObject({
      permit: false,
      reason: 'no basis for purpose vroegsignalering',
    });
    expect(decide(request(), [consent({ coverage: ['svb:income'] })], [])).toMatchObject({
      permit: false,
      reason: 'the consent does not cover income from uwv',
    });
  });

  it('covers only the agencies and categories resolved when it was given', () => {
    // An agency that joined later is not covered, nor a category an agency did not hold then.
    expect(decide(request({ source: 'pensioenfonds' }), [consent()], [])).toMatchObject({ permit: false });
    expect(decide(request({ category: 'household' }), [consent({ categories: ['income', 'household'] })], [])).toMatchObject({
      permit: false,
      reason: 'the consent does not cover household from uwv',
    });
  });

  it('covers agencies that join later only when the resident chose that, and only its categories', () => {
    const future = consent({ alsoFutureSources: true });
    expect(decide(request({ source: 'pensioenfonds' }), [future], [])).toMatchObject({ permit: true });
    expect(decide(request({ source: 'pensioenfonds', category: 'household' }), [future], [])).toMatchObject({ permit: false });
  });

  it('denies once revoked, once expired, and before it starts', () => {
    expect(decide(request(), [consent({ revokedAt: new Date('2026-11-20T00:00:00Z') })], [])).toMatchObject({
      permit: false,
      reason: 'the consent was revoked',
    });
    expect(decide(request(), [consent({ validUntil: at })], [])).toMatchObject({ permit: false, reason: 'the consent expired' });
    expect(decide(request(), [consent({ validFrom: new Date('2026-12-01T00:00:00Z') })], [])).toMatchObject({
      permit: false,
      reason: 'the consent is not yet in force',
    });
  });

  it('permits on a statutory basis only for its own organisation and purpose', () => {
    expect(decide(request({ purpose: 'bijstandsaanvraag' }), [], [participatiewet])).toEqual({
      permit: true,
      basis: { kind: 'statutory', basisId: 's1', law: 'Participatiewet', article: 'art. 64' },
      until: null,
    });
    expect(decide(request({ purpose: 'schuldhulpverlening' }), [], [participatiewet])).toMatchObject({ permit: false });
    expect(decide(request({ purpose: 'bijstandsaanvraag', org: ZEIST }), [], [participatiewet])).toMatchObject({ permit: false });
  });

  it("never lets one resident's consent open another resident's data", () => {
    expect(decide(request({ subjectBsn: '999888777' }), [consent()], [])).toMatchObject({ permit: false });
  });
});
