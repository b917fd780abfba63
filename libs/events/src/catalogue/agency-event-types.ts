import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { z } from 'zod';
import { DomainError } from '@plein/domain';
import type { EventTypeDefinition } from './event-types.js';

/**
 * Event types agencies and partners register to publish through the plein: the reverse-DNS
 * type of the NL GOV CloudEvents profile with a version, the data category it concerns (a
 * delivery about a resident needs a basis for that category), and a JSON Schema of its data.
 */
export interface AgencyEventType extends EventTypeDefinition {
  /** The organisation (its registry key) that publishes it; nobody else may. */
  agencyKey: string;
  category: string;
  /** JSON Schema (2020-12) of `data`. */
  schema: JsonSchema;
}

export type JsonSchema = { [key: string]: unknown };

export const AgencyEventErrorCode = {
  INVALID_EVENT_TYPE: 'INVALID_EVENT_TYPE',
  BREAKING_EVENT_TYPE: 'BREAKING_EVENT_TYPE',
} as const;

export class InvalidEventTypeError extends DomainError<'INVALID_EVENT_TYPE'> {
  constructor(readonly problems: string[]) {
    super(AgencyEventErrorCode.INVALID_EVENT_TYPE, `Invalid event type: ${problems.join('; ')}.`, { problems });
  }
}

export class BreakingEventTypeError extends DomainError<'BREAKING_EVENT_TYPE'> {
  constructor(
    readonly type: string,
    readonly changes: string[],
  ) {
    super(
      AgencyEventErrorCode.BREAKING_EVENT_TYPE,
      `${type} is registered and these changes would break its subscribers: ${changes.join('; ')}. Register a new version (…v2) instead.`,
      { changes },
    );
  }
}

/**
 * Every agency event travels on one topic, keyed by subject: order per resident holds across
 * agencies, and the raw topic is the plein's own (integrators read what the dispatcher routes).
 */
export const AGENCY_EVENTS_TOPIC = 'plein.agencies';

/**
 * Events of category `case` announce a case's new status (MijnZaken), in the ZGW Zaken API's
 * vocabulary, so the plein can show a resident all their cases across agencies. Such a type's
 * schema requires these fields; `einddatumGepland` and `einddatum` (dates) are optional.
 */
export const CASE_CATEGORY = 'case';
export const CASE_STATUS_FIELDS = {
  zaakIdentificatie: { type: 'string' },
  zaaktype: { type: 'string' },
  statustype: { type: 'string' },
  datumStatusGezet: { type: 'string', format: 'date-time' },
} as const;

/** The schema of a case status type as the plein expects it; an agency may add properties of its own. */
export function caseStatusSchema(): JsonSchema {
  return {
    type: 'object',
    required: Object.keys(CASE_STATUS_FIELDS),
    properties: {
      ...CASE_STATUS_FIELDS,
      einddatumGepland: { type: 'string', format: 'date' },
      einddatum: { type: 'string', format: 'date' },
    },
  };
}

function caseStatusProblems(schema: JsonSchema, aboutResident: boolean): string[] {
  const problems = aboutResident ? [] : ['aboutResident: a case status is about a resident'];
  const required = new Set((schema['required'] ?? []) as string[]);
  const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
  for (const [name, expected] of Object.entries(CASE_STATUS_FIELDS)) {
    const actual = properties[name];
    if (
      !required.has(name) ||
      !actual ||
      actual['type'] !== expected.type ||
      ('format' in expected && actual['format'] !== expected.format)
    )
      problems.push(`schema: a case status requires ${name} (${expected.type}${'format' in expected ? `, ${expected.format}` : ''})`);
  }
  for (const name of ['einddatumGepland', 'einddatum'])
    if (properties[name] && (properties[name]['type'] !== 'string' || properties[name]['format'] !== 'date'))
      problems.push(`schema: ${name} is a date (string, format date)`);
  return problems;
}

const TYPE = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+\.v[1-9][0-9]*$/;
const MAX_SCHEMA_BYTES = 64 * 1024;

const submissionSchema = z
  .object({
    type: z.string().max(200).regex(TYPE, 'reverse DNS ending in a version, e.g. nl.uwv.ww.toegekend.v1'),
    summary: z.string().trim().min(10, 'say in a sentence what happened').max(1000),
    category: z.string(),
    aboutResident: z.boolean(),
    schema: z.record(z.string(), z.unknown()),
  })
  .strict();

export type EventTypeSubmission = z.input<typeof submissionSchema>;

/**
 * Checks a registration: the type's form, a known category, a JSON Schema that compiles and
 * describes an object, and — for a type about a resident — no property that could carry a BSN
 * by its name (events carry pseudonyms; the subject is set by the plein).
 */
export function validateEventTypeSubmission(
  input: unknown,
  agencyKey: string,
  categories: readonly string[],
): Omit<AgencyEventType, 'topic'> & { topic: string } {
  const parsed = submissionSchema.safeParse(input);
  if (!parsed.success) throw new InvalidEventTypeError(parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`));
  const s = parsed.data;
  const problems: string[] = [];
  if (s.type.startsWith('nl.ontmoetingsplein.')) problems.push('type: nl.ontmoetingsplein.* is the plein’s own namespace');
  if (!categories.includes(s.category)) problems.push(`category: "${s.category.slice(0, 50)}" is not one of ${categories.join(', ')}`);
  if (Buffer.byteLength(JSON.stringify(s.schema)) > MAX_SCHEMA_BYTES) problems.push(`schema: larger than ${MAX_SCHEMA_BYTES / 1024} KiB`);
  else problems.push(...schemaProblems(s.schema));
  if (s.category === CASE_CATEGORY) problems.push(...caseStatusProblems(s.schema, s.aboutResident));
  if (problems.length > 0) throw new InvalidEventTypeError(problems);
  return { ...s, agencyKey, topic: AGENCY_EVENTS_TOPIC };
}

function schemaProblems(schema: JsonSchema): string[] {
  const problems: string[] = [];
  if (schema['type'] !== 'object') problems.push('schema: must describe an object (type: object)');
  if (JSON.stringify(schema).includes('"$ref":"http')) problems.push('schema: remote $ref is not allowed');
  for (const path of propertyPaths(schema))
    if (/(^|\.)(bsn|burgerservicenummer)$/i.test(path)) problems.push(`schema: ${path} would carry a BSN`);
  try {
    compile(schema);
  } catch (e) {
    problems.push(`schema: ${(e as Error).message}`);
  }
  return problems;
}

function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  // ajv-formats is CommonJS: under ESM its default import is the module object, whose `default` is the plugin.
  addFormats.default(ajv);
  return ajv;
}
let ajv = newAjv();
/** Compiled validators by schema text: the registry's list is fetched anew every few seconds, its schemas rarely change. */
const compiled = new Map<string, ValidateFunction>();
const MAX_COMPILED = 1_000;

function compile(schema: JsonSchema): ValidateFunction {
  const text = JSON.stringify(schema);
  let validate = compiled.get(text);
  if (!validate) {
    // Each type compiles on its own: an $id two organisations both chose must not collide.
    const own = { ...schema };
    delete own['$id'];
    validate = ajv.compile(own);
    if (compiled.size >= MAX_COMPILED) {
      // Ajv keeps every schema it compiled: start over with a new one rather than grow without end.
      compiled.clear();
      ajv = newAjv();
    }
    compiled.set(text, validate);
  }
  return validate;
}

/** The problems of an event's data against its registered type; empty when it conforms. */
export function dataProblems(type: Pick<AgencyEventType, 'schema'>, data: unknown): string[] {
  const validate = compile(type.schema);
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => `data${e.instancePath.replace(/\//g, '.')}: ${e.message ?? 'invalid'}`);
}

function propertyPaths(schema: unknown, prefix = ''): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const s = schema as { properties?: Record<string, unknown>; items?: unknown };
  const out: string[] = [];
  for (const [name, sub] of Object.entries(s.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    out.push(path, ...propertyPaths(sub, path));
  }
  if (s.items) out.push(...propertyPaths(s.items, `${prefix}[]`));
  return out;
}

/**
 * What a new schema for a registered type would break for those who consume it. A consumer
 * relies on what it read before: a property that disappears, stops being required, changes
 * type, or an enum that grows (a value its code does not handle) breaks it. Adding optional or
 * required properties, or narrowing an enum, does not.
 */
export function breakingSchemaChanges(before: JsonSchema, after: JsonSchema, path = 'data'): string[] {
  const changes: string[] = [];
  const typeOf = (s: JsonSchema) => JSON.stringify(s['type'] ?? null);
  if (typeOf(before) !== typeOf(after)) changes.push(`${path}: type ${typeOf(before)} became ${typeOf(after)}`);
  const enumBefore = before['enum'] as unknown[] | undefined;
  const enumAfter = after['enum'] as unknown[] | undefined;
  if (enumAfter && (!enumBefore || enumAfter.some((v) => !enumBefore.some((b) => JSON.stringify(b) === JSON.stringify(v)))))
    changes.push(`${path}: enum allows values it did not before`);
  if (before['format'] !== after['format']) changes.push(`${path}: format ${String(before['format'])} became ${String(after['format'])}`);
  const propsBefore = (before['properties'] ?? {}) as Record<string, JsonSchema>;
  const propsAfter = (after['properties'] ?? {}) as Record<string, JsonSchema>;
  const requiredAfter = new Set((after['required'] ?? []) as string[]);
  for (const name of (before['required'] ?? []) as string[])
    if (!requiredAfter.has(name) && propsAfter[name]) changes.push(`${path}.${name}: no longer required`);
  for (const [name, sub] of Object.entries(propsBefore)) {
    if (!propsAfter[name]) changes.push(`${path}.${name}: removed`);
    else changes.push(...breakingSchemaChanges(sub, propsAfter[name], `${path}.${name}`));
  }
  if (before['items'] && after['items'])
    changes.push(...breakingSchemaChanges(before['items'] as JsonSchema, after['items'] as JsonSchema, `${path}[]`));
  return changes;
}

/**
 * Whether a registration may replace the registered type: its category and whether it is about a
 * resident are part of the contract (they decide who may receive it), and its schema may only
 * change compatibly.
 */
export function checkEventTypeChange(before: AgencyEventType, after: Omit<AgencyEventType, 'agencyKey'>): void {
  const changes: string[] = [];
  if (before.category !== after.category) changes.push(`category ${before.category} became ${after.category}`);
  if (before.aboutResident !== after.aboutResident) changes.push(`aboutResident ${before.aboutResident} became ${after.aboutResident}`);
  changes.push(...breakingSchemaChanges(before.schema, after.schema));
  if (changes.length > 0) throw new BreakingEventTypeError(before.type, changes);
}
