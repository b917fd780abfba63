import { buildASTSchema, isListType, isNonNullType, isObjectType, parse, type GraphQLField, type GraphQLOutputType } from 'graphql';
import { PaymentPeriod } from '@plein/domain';

/**
 * The plein's income-provider contract, version 1. An agency joins the household income view
 * by adding this query to its own subgraph. It is @inaccessible in the supergraph: clients see
 * income only through the household overview, which the plein assembles by calling each
 * provider's subgraph directly with INCOME_STREAMS_V1_QUERY.
 */
export const INCOME_CAPABILITY = 'income/v1';
export const INCOME_STREAMS_V1_FIELD = 'incomeStreamsV1';
export const INCOME_STREAM_V1_TYPE = 'IncomeStreamV1';
/** Upper bound on subjects per call: a household, with room to spare, never a bulk export. */
export const MAX_SUBJECTS_PER_CALL = 50;

export interface IncomeStreamV1 {
  /** Stable id of the award at the provider. */
  id: string;
  bsn: string;
  /** Scheme code, e.g. PARTICIPATIEWET, KINDERBIJSLAG. */
  scheme: string;
  /** The scheme's Dutch name as the agency calls it. */
  schemeName: string;
  amountCents: number;
  period: PaymentPeriod;
  /** ISO dates (yyyy-mm-dd). */
  startDate: string;
  endDate: string | null;
}

export const INCOME_STREAMS_V1_QUERY = /* GraphQL */ `
  query PleinIncomeStreamsV1($bsns: [String!]!) {
    ${INCOME_STREAMS_V1_FIELD}(bsns: $bsns) {
      id
      bsn
      scheme
      schemeName
      amountCents
      period
      startDate
      endDate
    }
  }
`;

/** The SDL a conforming subgraph contains, field for field; the kit generates exactly this. */
const REQUIRED_FIELDS: Record<keyof IncomeStreamV1, string> = {
  id: 'ID!',
  bsn: 'String!',
  scheme: 'String!',
  schemeName: 'String!',
  amountCents: 'Int!',
  period: 'PaymentPeriod!',
  startDate: 'String!',
  endDate: 'String',
};

/**
 * Whether a subgraph SDL implements the contract; the problems say what is missing or wrong.
 * Composition already guarantees that all providers agree with each other; this check
 * guarantees they agree with what the plein will ask.
 */
export function checkIncomeContract(sdl: string): { implemented: boolean; problems: string[] } {
  let schema;
  try {
    schema = buildASTSchema(parse(sdl), { assumeValid: true, assumeValidSDL: true });
  } catch (e) {
    return { implemented: false, problems: [`SDL does not parse: ${(e as Error).message}`] };
  }
  const field = schema.getQueryType()?.getFields()[INCOME_STREAMS_V1_FIELD];
  if (!field) return { implemented: false, problems: [] };
  const problems: string[] = [];
  const arg = field.args.find((a) => a.name === 'bsns');
  if (!arg || String(arg.type) !== '[String!]!') problems.push(`Query.${INCOME_STREAMS_V1_FIELD} needs argument bsns: [String!]!`);
  const element = listElement(field);
  if (!element || !isObjectType(element) || element.name !== INCOME_STREAM_V1_TYPE) {
    problems.push(`Query.${INCOME_STREAMS_V1_FIELD} must return [${INCOME_STREAM_V1_TYPE}!]!`);
  } else {
    const fields = element.getFields();
    for (const [name, type] of Object.entries(REQUIRED_FIELDS)) {
      const actual = fields[name]?.type;
      if (!actual) problems.push(`${INCOME_STREAM_V1_TYPE}.${name} is missing`);
      else if (String(actual) !== type) problems.push(`${INCOME_STREAM_V1_TYPE}.${name} is ${String(actual)}, expected ${type}`);
    }
  }
  return { implemented: problems.length === 0, problems };
}

function listElement(field: GraphQLField<unknown, unknown>): GraphQLOutputType | undefined {
  let type: GraphQLOutputType = field.type;
  if (!isNonNullType(type)) return undefined;
  type = type.ofType;
  if (!isListType(type)) return undefined;
  type = type.ofType;
  return isNonNullType(type) ? type.ofType : undefined;
}
