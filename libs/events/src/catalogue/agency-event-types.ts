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

/** What a category's types must carry so the plein can use them: required fields, and optional ones with their form. */
interface CategoryContract {
  label: string;
  required: Readonly<Record<string, FieldForm>>;
  optional: Readonly<Record<string, FieldForm>>;
}
type FieldForm = { type: string; format?: string; minimum?: number; enum?: readonly string[] };

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

/**
 * Events of category `arrears` are early-warning signals of payment arrears (vroegsignalering,
 * Besluit gemeentelijke schuldhulpverlening §2) with the fields of the VNG/Divosa/NVVK data model
 * ddas-vroegsignalering: the signal date, the date the arrears arose, the amount (in cents), the
 * kind of partner, whether it is a crisis and whether the partner already spoke with the
 * resident (warm hand-over). The client is named only by BSN at the plein's edge.
 */
export const ARREARS_CATEGORY = 'arrears';
const SIGNAL_PARTNER_TYPES = ['Huur', 'Energie', 'Water', 'Zorg', 'Hypotheek', 'Overige'] as const;
const ARREARS_SIGNAL_FIELDS = {
  signaaldatum: { type: 'string', format: 'date' },
  ontstaansdatum: { type: 'string', format: 'date' },
  bedragInCenten: { type: 'integer', minimum: 1 },
  signaalpartner: { type: 'string', enum: SIGNAL_PARTNER_TYPES },
  crisissignaal: { type: 'boolean' },
  warmeOverdracht: { type: 'boolean' },
} as const;

const CONTRACTS: Readonly<Record<string, CategoryContract>> = {
  [CASE_CATEGORY]: {
    label: 'a case status',
    required: CASE_STATUS_FIELDS,
    optional: { einddatumGepland: { type: 'string', format: 'date' }, einddatum: { type: 'string', format: 'date' } },
  },
  [ARREARS_CATEGORY]: { label: 'an arrears signal', required: ARREARS_SIGNAL_FIELDS, optional: {} },
};

/** The schema of a category's types as the plein expects it; a publisher may add properties of its own. */
function contractSchema(contract: CategoryContract): JsonSchema {
  const forms = { ...contract.required, ...contract.optional };
  return {
    type: 'object',
    required: Object.keys(contract.required),
    properties: Object.fromEntries(
      Object.entries(forms).map(([name, form]) => [name, { ...form, ...(form.enum ? { enum: [...form.enum] } : {}) }]),
    ),
  };
}

export function caseStatusSchema(): JsonSchema {
  return contractSchema(CONTRACTS[CASE_CATEGORY]!);
}

export function arrearsSignalSchema(): JsonSchema {
  return contractSchema(CONTRACTS[ARREARS_CATEGORY]!);
}

const describe = (form: FieldForm) =>
  [form.type, form.format, form.enum ? `one of ${form.enum.join(', ')}` : undefined].filter(Boolean).join(', ');

/** A field must have the contract's type and format; an enum may be narrower than the contract's, never wider. */
function conforms(actual: JsonSchema | undefined, form: FieldForm): boolean {
  if (!actual || actual['type'] !== form.type || actual['format'] !== form.format) return false;
  if (form.minimum !== undefined && (typeof actual['minimum'] !== 'number' || actual['minimum'] < form.minimum)) return false;
  if (form.enum) {
    const values = actual['enum'];
    if (!Array.isArray(values) || values.length === 0 || values.some((v) => !form.enum!.includes(v as string))) return false;
  }
  return true;
}

function contractProblems(category: string, schema: JsonSchema, aboutResident: boolean): string[] {
  const contract = CONTRACTS[category];
  if (!contract) return [];
  const problems = aboutResident ? [] : [`aboutResident: ${contract.label} is about a resident`];
  const required = new Set((schema['required'] ?? []) as string[]);
  const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
  for (const [name, form] of Object.entries(contract.required))
    if (!required.has(name) || !conforms(properties[name], form))
      problems.push(`schema: ${contract.label} requires ${name} (${describe(form)})`);
  for (const [name, form] of Object.entries(contract.optional))
    if (properties[name] && !conforms(properties[name], form)) problems.push(`schema: ${name} must be (${describe(form)})`);
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
  problems.push(...contractProblems(s.category, s.schema, s.aboutResident));
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
