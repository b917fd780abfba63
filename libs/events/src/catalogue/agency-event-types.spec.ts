import { describe, expect, it } from '@jest/globals';
import {
  arrearsSignalSchema,
  BreakingEventTypeError,
  InvalidEventTypeError,
  breakingSchemaChanges,
  caseStatusSchema,
  checkEventTypeChange,
  dataProblems,
  validateEventTypeSubmission,
  type JsonSchema,
} from './agency-event-types.js';

const schema: JsonSchema = {
  type: 'object',
  required: ['scheme', 'startDate'],
  properties: {
    scheme: { type: 'string', enum: ['WW', 'WIA'] },
    startDate: { type: 'string', format: 'date' },
    note: { type: 'string' },
  },
  additionalProperties: false,
};
const submission = {
  type: 'nl.uwv.ww.toegekend.v1',
  summary: 'UWV granted a WW benefit to a resident.',
  category: 'income',
  aboutResident: true,
  schema,
};

describe('registering an agency event type', () => {
  it('accepts a well-formed type and places it on the agencies topic', () => {
    expect(validateEventTypeSubmission(submission, 'uwv', ['income'])).toMatchObject({ agencyKey: 'uwv', topic: 'plein.agencies' });
  });

  it('refuses with every problem: the plein namespace, an unknown category, a schema that does not compile, a BSN field', () => {
    const bad = {
      ...submission,
      type: 'nl.ontmoetingsplein.stolen.v1',
      category: 'medical',
      schema: { type: 'object', properties: { client: { type: 'object', properties: { bsn: { type: 'string' } } } }, required: 5 },
    };
    try {
      validateEventTypeSubmission(bad, 'uwv', ['income']);
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidEventTypeError);
      const problems = (e as InvalidEventTypeError).problems.join('\n');
      expect(problems).toMatch(/plein’s own namespace/);
      expect(problems).toMatch(/category: "medical"/);
      expect(problems).toMatch(/client\.bsn would carry a BSN/);
      expect(problems).toMatch(/schema: .*required/);
    }
  });

  it('refuses a type without a version and a schema that is not an object', () => {
    expect(() => validateEventTypeSubmission({ ...submission, type: 'nl.uwv.ww.toegekend' }, 'uwv', ['income'])).toThrow(/version/);
    expect(() => validateEventTypeSubmission({ ...submission, schema: { type: 'string' } }, 'uwv', ['income'])).toThrow(/object/);
  });
});

describe('data against a registered type', () => {
  it('names what does not conform', () => {
    expect(dataProblems({ schema }, { scheme: 'WW', startDate: '2026-12-01' })).toEqual([]);
    expect(dataProblems({ schema }, { scheme: 'AOW', extra: 1 })).toEqual(
      expect.arrayContaining([expect.stringMatching(/startDate/), expect.stringMatching(/data\.scheme: must be equal to one of/)]),
    );
  });
});

describe('changes to a registered type', () => {
  const registered = { ...submission, agencyKey: 'uwv', topic: 'plein.agencies' };

  it('allows adding properties, also required ones, and narrowing an enum', () => {
    const next = {
      ...schema,
      required: ['scheme', 'startDate', 'endDate'],
      properties: { ...(schema['properties'] as object), scheme: { type: 'string', enum: ['WW'] }, endDate: { type: 'string' } },
    };
    expect(breakingSchemaChanges(schema, next)).toEqual([]);
  });

  it('refuses what breaks a consumer: a removed or no longer required property, a changed type, a grown enum, another category', () => {
    const next = {
      type: 'object',
      required: ['scheme'],
      properties: { scheme: { type: 'string', enum: ['WW', 'WIA', 'WAO'] }, startDate: { type: 'string', format: 'date' } },
    };
    expect(breakingSchemaChanges(schema, next)).toEqual([
      'data.startDate: no longer required',
      'data.scheme: enum allows values it did not before',
      'data.note: removed',
    ]);
    expect(() => checkEventTypeChange(registered, { ...registered, category: 'household', schema: next })).toThrow(BreakingEventTypeError);
    expect(
      breakingSchemaChanges(schema, { ...schema, properties: { ...(schema['properties'] as object), note: { type: 'number' } } }),
    ).toEqual(['data.note: type "string" became "number"']);
  });
});

describe('a case status type (MijnZaken)', () => {
  const caseSchema = caseStatusSchema();
  const caseType = {
    type: 'nl.uwv.zaak.status-gewijzigd.v1',
    summary: 'De status van een zaak bij UWV veranderde.',
    category: 'case',
    aboutResident: true,
  };

  it('is accepted with the ZGW fields', () => {
    expect(validateEventTypeSubmission({ ...caseType, schema: caseSchema }, 'uwv', ['income', 'case'])).toMatchObject({ category: 'case' });
  });

  it('is refused without them, or about no resident, naming each', () => {
    const missing = {
      ...caseSchema,
      required: ['zaakIdentificatie'],
      properties: { ...(caseSchema['properties'] as object), einddatumGepland: { type: 'string' } },
    };
    expect(() => validateEventTypeSubmission({ ...caseType, aboutResident: false, schema: missing }, 'uwv', ['case'])).toThrow(
      /aboutResident: a case status is about a resident.*requires zaaktype.*requires statustype.*requires datumStatusGezet.*einddatumGepland must be \(string, date\)/,
    );
  });
});

describe('an arrears signal type (vroegsignalering)', () => {
  const signalType = {
    type: 'nl.thuis.huurachterstand.v1',
    summary: 'Een huurder heeft een huurachterstand van ten minste een maand.',
    category: 'arrears',
    aboutResident: true,
  };

  it('is accepted with the ddas-vroegsignalering fields, and a narrower partner list', () => {
    const schema = arrearsSignalSchema();
    const props = schema['properties'] as Record<string, Record<string, unknown>>;
    const onlyRent = { ...schema, properties: { ...props, signaalpartner: { type: 'string', enum: ['Huur'] } } };
    expect(validateEventTypeSubmission({ ...signalType, schema: onlyRent }, 'thuis', ['arrears'])).toMatchObject({ category: 'arrears' });
  });

  it('is refused when a field is missing, of another form, or the partner list is wider than the data model’s', () => {
    const schema = arrearsSignalSchema();
    const props = schema['properties'] as Record<string, Record<string, unknown>>;
    const wrong = {
      ...schema,
      required: (schema['required'] as string[]).filter((f) => f !== 'crisissignaal'),
      properties: { ...props, bedragInCenten: { type: 'number' }, signaalpartner: { type: 'string', enum: ['Huur', 'Telefoon'] } },
    };
    expect(() => validateEventTypeSubmission({ ...signalType, schema: wrong }, 'thuis', ['arrears'])).toThrow(
      /requires bedragInCenten \(integer\).*requires signaalpartner \(string, one of Huur, Energie.*requires crisissignaal/,
    );
  });
});
