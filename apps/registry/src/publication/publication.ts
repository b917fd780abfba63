import { buildASTSchema, isObjectType, parse } from 'graphql';
import { CATEGORY_CAPABILITY } from '@plein/consent';
import { DomainError, parseOin } from '@plein/domain';
import { INCOME_CAPABILITY, checkIncomeContract } from '@plein/income-contract';
import { PublicationErrorCode } from './composition.js';

export interface SubgraphSubmission {
  agencyKey: string;
  name: string;
  routingUrl: string;
  sdl: string;
}

export interface AgencySubmission {
  key: string;
  name: string;
  oin: string;
}

const NAME = /^[a-z][a-z0-9-]{1,62}$/;
const MAX_SDL_BYTES = 512 * 1024;

export function validateSubmission(s: SubgraphSubmission): SubgraphSubmission {
  const problems: string[] = [];
  if (!NAME.test(s.name)) problems.push('name: 2-63 characters, lowercase letters, digits and dashes, starting with a letter');
  if (!NAME.test(s.agencyKey)) problems.push('agency: an agency key');
  let url: URL | undefined;
  try {
    url = new URL(s.routingUrl);
  } catch {
    problems.push(`routingUrl: "${s.routingUrl.slice(0, 100)}" is not a URL`);
  }
  if (url && url.protocol !== 'http:' && url.protocol !== 'https:') problems.push('routingUrl: http or https only');
  if (url && (url.username || url.password)) problems.push('routingUrl: credentials do not belong in a URL');
  if (Buffer.byteLength(s.sdl) > MAX_SDL_BYTES) problems.push(`sdl: larger than ${MAX_SDL_BYTES / 1024} KiB`);
  if (s.sdl.trim() === '') problems.push('sdl: empty');
  if (problems.length > 0) {
    throw new DomainError(PublicationErrorCode.INVALID_SUBGRAPH, `Subgraph submission refused: ${problems.join('; ')}.`, { problems });
  }
  return { ...s, routingUrl: url!.toString() };
}

export function validateAgency(a: AgencySubmission): AgencySubmission {
  if (!NAME.test(a.key)) throw new DomainError('INVALID_AGENCY', `Agency key "${a.key}" must be 2-63 lowercase letters, digits or dashes.`);
  if (a.name.trim().length < 2 || a.name.length > 200) throw new DomainError('INVALID_AGENCY', 'Agency name: 2 to 200 characters.');
  return { key: a.key, name: a.name.trim(), oin: parseOin(a.oin) };
}

/** The plein capabilities a subgraph implements, judged from its SDL. */
export function capabilitiesOf(sdl: string): string[] {
  return [
    ...(checkIncomeContract(sdl).implemented ? [INCOME_CAPABILITY] : []),
    ...(holdsHouseholdRecords(sdl) ? [CATEGORY_CAPABILITY.household] : []),
  ];
}

/**
 * A population register: it answers `person(bsn)` and keeps households with their members.
 * The consent preview lists the category `household` only under an agency that does.
 */
function holdsHouseholdRecords(sdl: string): boolean {
  try {
    const schema = buildASTSchema(parse(sdl), { assumeValid: true, assumeValidSDL: true });
    const person = schema.getQueryType()?.getFields()['person'];
    const household = schema.getType('Household');
    return (
      person !== undefined &&
      person.args.some((a) => a.name === 'bsn') &&
      isObjectType(household) &&
      household.getFields()['members'] !== undefined
    );
  } catch {
    return false;
  }
}
