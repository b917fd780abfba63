/**
 * Every GraphQL document the pages send, with the type of its answer. This is the web app's
 * complete list: a test validates each against the live API schema, and the list can serve the
 * gateway as its trusted documents.
 */
export interface Operation<T> {
  name: string;
  document: string;
  /** Phantom: the shape of `data`. */
  readonly answer?: T;
}

const op = <T>(name: string, document: string): Operation<T> => ({ name, document: document.replace(/\s+/g, ' ').trim() });

export interface Stream {
  agencyKey: string;
  agencyName: string;
  scheme: string;
  schemeName: string;
  amountCents: number;
  period: string;
  monthlyCents: number | null;
  startDate: string;
}
export interface SourceReport {
  agencyKey: string;
  agencyName: string;
  status: string;
  message: string | null;
  withheldMembers: string[];
}
export interface HouseholdPage {
  household: {
    id: string;
    address: { street: string; houseNumber: string; postalCode: string; city: string };
    coResidentCount: number;
    members: Array<{ bsn: string; givenName: string; familyName: string; birthDate: string }>;
    incomeOverview: {
      totalMonthlyCents: number;
      complete: boolean;
      coResidentCount: number;
      members: Array<{ bsn: string; name: string; totalMonthlyCents: number; streams: Stream[]; oneOffPayments: Stream[] }>;
      agencies: Array<{ agencyKey: string; agencyName: string; totalMonthlyCents: number; streamCount: number }>;
      sources: SourceReport[];
    };
  };
}

const STREAM = 'agencyKey agencyName scheme schemeName amountCents period monthlyCents startDate';

export const HOUSEHOLD_OF_PERSON = op<{ person: { household: { id: string } } }>(
  'HouseholdOfPerson',
  'query HouseholdOfPerson($bsn: String!) { person(bsn: $bsn) { household { id } } }',
);
export const HOUSEHOLD_AT = op<{ householdAt: { id: string } }>(
  'HouseholdAt',
  'query HouseholdAt($postalCode: String!, $houseNumber: String!) { householdAt(postalCode: $postalCode, houseNumber: $houseNumber) { id } }',
);
export const HOUSEHOLD_PAGE = op<HouseholdPage>(
  'HouseholdPage',
  `query HouseholdPage($id: ID!) { household(id: $id) { id address { street houseNumber postalCode city } coResidentCount
    members { bsn givenName familyName birthDate }
    incomeOverview { totalMonthlyCents complete coResidentCount
      members { bsn name totalMonthlyCents streams { ${STREAM} } oneOffPayments { ${STREAM} } }
      agencies { agencyKey agencyName totalMonthlyCents streamCount }
      sources { agencyKey agencyName status message withheldMembers } } } }`,
);

export interface ConsentRequestView {
  id: string;
  subjectBsn: string;
  requesterName: string;
  requesterOrg: string;
  requestedBy: string;
  purpose: string;
  purposeDescription: string;
  validUntil: string;
  message: string | null;
  status: string;
  createdAt: string;
  preview: Array<{ agencyKey: string; agencyName: string; categories: Array<{ code: string; description: string }> }>;
}
const REQUEST = `id subjectBsn requesterName requesterOrg requestedBy purpose purposeDescription validUntil message status createdAt
  preview { agencyKey agencyName categories { code description } }`;

export const REQUEST_CONSENT = op<{ requestConsent: ConsentRequestView }>(
  'RequestConsent',
  `mutation RequestConsent($i: RequestConsentInput!) { requestConsent(input: $i) { ${REQUEST} } }`,
);
export const CONSENT_REQUESTS = op<{ consentRequests: ConsentRequestView[] }>(
  'ConsentRequests',
  `query ConsentRequests { consentRequests { ${REQUEST} } }`,
);
export const MY_CONSENT_REQUESTS = op<{ myConsentRequests: ConsentRequestView[] }>(
  'MyConsentRequests',
  `query MyConsentRequests { myConsentRequests { ${REQUEST} } }`,
);
export const APPROVE_REQUEST = op<{ approveConsentRequest: { id: string } }>(
  'ApproveConsentRequest',
  'mutation ApproveConsentRequest($id: ID!) { approveConsentRequest(id: $id) { id } }',
);
export const DECLINE_REQUEST = op<{ declineConsentRequest: { id: string } }>(
  'DeclineConsentRequest',
  'mutation DeclineConsentRequest($id: ID!) { declineConsentRequest(id: $id) { id } }',
);

export interface ConsentView {
  id: string;
  granteeOrg: string;
  granteeName: string;
  purpose: string;
  purposeDescription: string;
  status: string;
  validFrom: string;
  validUntil: string;
  alsoFutureSources: boolean;
  givenByRepresentative: boolean;
  coverage: Array<{ agencyKey: string; agencyName: string; categories: Array<{ code: string; description: string }> }>;
  history: Array<{ action: string; at: string }>;
}
export const MY_CONSENTS = op<{ myConsents: ConsentView[] }>(
  'MyConsents',
  `query MyConsents { myConsents { id granteeOrg granteeName purpose purposeDescription status validFrom validUntil alsoFutureSources
    givenByRepresentative coverage { agencyKey agencyName categories { code description } } history { action at } } }`,
);
export const GRANT_CONSENT = op<{ grantConsent: { id: string } }>(
  'GrantConsent',
  'mutation GrantConsent($i: GrantConsentInput!) { grantConsent(input: $i) { id } }',
);
export const REVOKE_CONSENT = op<{ revokeConsent: { id: string; status: string } }>(
  'RevokeConsent',
  'mutation RevokeConsent($id: ID!) { revokeConsent(id: $id) { id status } }',
);
export const CONSENT_RECEIPT = op<{ consentReceipt: string }>(
  'ConsentReceipt',
  'query ConsentReceipt($id: ID!) { consentReceipt(id: $id) }',
);

export const DATA_TRACKER = op<{
  myDataTracker: {
    accesses: Array<{
      time: string;
      organisation: { oin: string; name: string | null } | null;
      role: string;
      sourceName: string;
      category: string;
      purpose: string;
      legalBasis: string;
      source: string;
      traceId: string;
    }>;
    sources: Array<{ agencyKey: string; agencyName: string; status: string }>;
  };
}>(
  'DataTracker',
  'query DataTracker { myDataTracker { accesses { time organisation { oin name } role sourceName category purpose legalBasis source traceId } sources { agencyKey agencyName status } } }',
);

/** Accesses to the resident's data outside the normal pattern, by the tracker's (source, traceId). */
export const MY_UNUSUAL_ACCESSES = op<{ myUnusualAccesses: Array<{ source: string; traceId: string; why: string[] }> }>(
  'MyUnusualAccesses',
  'query MyUnusualAccesses { myUnusualAccesses { source traceId why } }',
);

export interface ExplanationRequestView {
  id: string;
  org: string;
  question: string;
  askedAt: string;
  dueAt: string;
  answer: string | null;
  answeredAt: string | null;
  record: { source: string; at: string; name: string; purpose: string; subject: string; actor: string | null; traceId: string };
}
const EXPLANATION = 'id org question askedAt dueAt answer answeredAt record { source at name purpose subject actor traceId }';

export const MY_EXPLANATION_REQUESTS = op<{ myExplanationRequests: ExplanationRequestView[] }>(
  'MyExplanationRequests',
  `query MyExplanationRequests { myExplanationRequests { ${EXPLANATION} } }`,
);
export const REQUEST_EXPLANATION = op<{ requestExplanation: { id: string; dueAt: string } }>(
  'RequestExplanation',
  'mutation RequestExplanation($source: String!, $traceId: String!, $question: String!) { requestExplanation(source: $source, traceId: $traceId, question: $question) { id dueAt } }',
);

export interface MisuseSignalView {
  id: string;
  rule: string;
  reason: string;
  status: string;
  actor: string | null;
  subject: string | null;
  firstAt: string;
  lastAt: string;
  evidence: Array<{
    source: string;
    seq: number;
    hash: string;
    at: string;
    name: string;
    refused: boolean;
    basis: string;
    purpose: string;
    subject: string | null;
  }>;
  actions: Array<{ at: string; actor: string; action: string; note: string }>;
}
export const MISUSE_SIGNALS = op<{ misuseSignals: MisuseSignalView[] }>(
  'MisuseSignals',
  'query MisuseSignals { misuseSignals { id rule reason status actor subject firstAt lastAt evidence { source seq hash at name refused basis purpose subject } actions { at actor action note } } }',
);
export const EXPLANATION_REQUESTS = op<{ explanationRequests: ExplanationRequestView[] }>(
  'ExplanationRequests',
  `query ExplanationRequests { explanationRequests { ${EXPLANATION} } }`,
);
export const ACT_ON_MISUSE_SIGNAL = op<{ actOnMisuseSignal: { id: string; status: string } }>(
  'ActOnMisuseSignal',
  'mutation ActOnMisuseSignal($id: ID!, $action: MisuseSignalAction!, $note: String!) { actOnMisuseSignal(id: $id, action: $action, note: $note) { id status } }',
);
export const ANSWER_EXPLANATION = op<{ answerExplanationRequest: { id: string } }>(
  'AnswerExplanationRequest',
  'mutation AnswerExplanationRequest($id: ID!, $answer: String!) { answerExplanationRequest(id: $id, answer: $answer) { id } }',
);
export interface AccessReportLineView {
  day: string;
  source: string;
  purpose: string;
  outcome: string;
  actor: string | null;
  subject: string | null;
  accesses: number;
}
export const ACCESS_REPORT = op<{ accessReport: AccessReportLineView[] }>(
  'AccessReport',
  'query AccessReport($kind: String!, $from: String!, $to: String!) { accessReport(kind: $kind, from: $from, to: $to) { day source purpose outcome actor subject accesses } }',
);

export interface CaseView {
  agencyName: string;
  zaakIdentificatie: string;
  zaaktype: string;
  status: string;
  statusSince: string;
  einddatumGepland: string | null;
  einddatum: string | null;
  history: Array<{ statustype: string; datumStatusGezet: string }>;
}
export const MY_CASES = op<{ myCases: CaseView[] }>(
  'MyCases',
  'query MyCases { myCases { agencyName zaakIdentificatie zaaktype status statusSince einddatumGepland einddatum history { statustype datumStatusGezet } } }',
);

export interface LifeSituationView {
  key: string;
  name: string;
  description: string;
  milestones: string[];
}
export const SEARCH_HELP = op<{
  searchCatalogue: {
    lifeSituations: Array<{ situation: LifeSituationView }>;
    services: Array<{ service: { id: string; name: string; description: string; url: string; milestone: string } }>;
  };
}>(
  'SearchHelp',
  `query SearchHelp($q: String!) { searchCatalogue(query: $q) { lifeSituations { situation { key name description milestones } }
    services { service { id name description url milestone } } } }`,
);
export const LIFE_SITUATIONS = op<{
  lifeSituations: Array<
    LifeSituationView & { services: Array<{ id: string; agencyKey: string; name: string; status: string; milestone: string }> }
  >;
}>(
  'LifeSituations',
  'query LifeSituations { lifeSituations { key name description milestones services { id agencyKey name status milestone } } }',
);

export const AGENCIES = op<{ agencies: Array<{ key: string; name: string; oin: string }> }>(
  'Agencies',
  'query Agencies { agencies { key name oin } }',
);

export interface SchemaChangeView {
  type: string;
  message: string;
  path: string | null;
  criticality: string;
  usedRecently: boolean;
}
export const SUBGRAPHS = op<{
  subgraphs: Array<{ name: string; agencyKey: string; routingUrl: string; revision: number; capabilities: string[]; sdl: string }>;
}>('Subgraphs', 'query Subgraphs { subgraphs { name agencyKey routingUrl revision capabilities sdl } }');
export const REGISTER_SUBGRAPH = op<{
  registerSubgraph: { changed: boolean; dryRun: boolean; changes: SchemaChangeView[]; supergraph: { id: number } };
}>(
  'RegisterSubgraph',
  `mutation RegisterSubgraph($i: RegisterSubgraphInput!, $dryRun: Boolean!) { registerSubgraph(input: $i, dryRun: $dryRun) {
    changed dryRun changes { type message path criticality usedRecently } supergraph { id } } }`,
);
export const PUBLISH_SERVICE = op<{ publishService: { id: string } }>(
  'PublishService',
  'mutation PublishService($i: PublishServiceInput!) { publishService(input: $i) { id } }',
);
export const WITHDRAW_SERVICE = op<{ withdrawService: { id: string } }>(
  'WithdrawService',
  'mutation WithdrawService($id: ID!) { withdrawService(id: $id) { id } }',
);
export const ZERO_RESULTS = op<{ zeroResultSearches: Array<{ phrase: string; searches: number }> }>(
  'ZeroResultSearches',
  'query ZeroResultSearches($weekOf: DateTime!) { zeroResultSearches(weekOf: $weekOf) { phrase searches } }',
);

export interface SubscriptionView {
  id: string;
  delivery: string;
  types: string[];
  url: string | null;
  consumerGroup: string | null;
  createdAt: string;
  pausedAt: string | null;
  pausedReason: string | null;
  waitingDeliveries: number;
}
export const SUBSCRIPTIONS = op<{
  eventSubscriptions: SubscriptionView[];
  eventTypes: Array<{ type: string; summary: string; publisher: string | null; aboutResident: boolean }>;
}>(
  'EventSubscriptions',
  'query EventSubscriptions { eventSubscriptions { id delivery types url consumerGroup createdAt pausedAt pausedReason waitingDeliveries } eventTypes { type summary publisher aboutResident } }',
);
export const SUBSCRIBE_WEBHOOK = op<{ subscribeWebhook: { secret: string; subscription: { id: string } } }>(
  'SubscribeWebhook',
  'mutation SubscribeWebhook($i: SubscribeWebhookInput!) { subscribeWebhook(input: $i) { secret subscription { id } } }',
);
export const SUBSCRIBE_KAFKA = op<{ subscribeKafka: { id: string; consumerGroup: string | null } }>(
  'SubscribeKafka',
  'mutation SubscribeKafka($i: SubscribeKafkaInput!) { subscribeKafka(input: $i) { id consumerGroup } }',
);
export const DEAD_LETTERS = op<{
  deadLetters: Array<{ id: number; topic: string; partition: number; offset: number; error: string; attempts: number }>;
}>('DeadLetters', 'query DeadLetters($id: ID!) { deadLetters(subscriptionId: $id) { id topic partition offset error attempts } }');
export const RETRY_DEAD_LETTERS = op<{ retryDeadLetters: number }>(
  'RetryDeadLetters',
  'mutation RetryDeadLetters($id: ID!, $ids: [Int!]) { retryDeadLetters(subscriptionId: $id, ids: $ids) }',
);
export const RESUME = op<{ resumeSubscription: { id: string } }>(
  'ResumeSubscription',
  'mutation ResumeSubscription($id: ID!) { resumeSubscription(id: $id) { id } }',
);
export const REPLAY = op<{ replaySubscription: { id: string } }>(
  'ReplaySubscription',
  'mutation ReplaySubscription($i: ReplayInput!) { replaySubscription(input: $i) { id } }',
);

export const ADMIN_OVERVIEW = op<{
  agencies: Array<{ key: string; name: string; oin: string }>;
  supergraphVersions: Array<{
    id: number;
    reason: string;
    publishedBy: string | null;
    createdAt: string;
    changes: Array<{ message: string; criticality: string }>;
  }>;
  statutoryBases: Array<{ id: string; granteeOrg: string; purpose: string; law: string; article: string; categories: string[] }>;
}>(
  'AdminOverview',
  `query AdminOverview { agencies { key name oin } supergraphVersions { id reason publishedBy createdAt changes { message criticality } }
    statutoryBases { id granteeOrg purpose law article categories } }`,
);
export const ROLLBACK = op<{ rollbackSupergraph: { id: number } }>(
  'RollbackSupergraph',
  'mutation RollbackSupergraph($v: Int!) { rollbackSupergraph(toVersion: $v) { id } }',
);
export const ADD_STATUTORY_BASIS = op<{ addStatutoryBasis: { id: string } }>(
  'AddStatutoryBasis',
  'mutation AddStatutoryBasis($i: StatutoryBasisInput!) { addStatutoryBasis(input: $i) { id } }',
);

/** A case as the household page shows it: whose it is, without its history. */
export type HouseholdCaseView = Pick<CaseView, 'agencyName' | 'zaaktype' | 'zaakIdentificatie' | 'status' | 'statusSince' | 'einddatum'> & {
  bsn: string | null;
};
export const HOUSEHOLD_CASES = op<{ household: { cases: HouseholdCaseView[] } }>(
  'HouseholdCases',
  'query HouseholdCases($id: ID!) { household(id: $id) { cases { bsn agencyName zaaktype zaakIdentificatie status statusSince einddatum } } }',
);
export interface EarlyWarningSignalView {
  ref: string;
  bsn: string | null;
  partnerName: string;
  signaaldatum: string;
  ontstaansdatum: string;
  bedragInCenten: number;
  signaalpartner: string;
  crisissignaal: boolean;
  warmeOverdracht: boolean;
  status: string;
  nextStatuses: string[];
}
export const HOUSEHOLD_SIGNALS = op<{ household: { earlyWarningSignals: EarlyWarningSignalView[] } }>(
  'HouseholdSignals',
  `query HouseholdSignals($id: ID!) { household(id: $id) { earlyWarningSignals {
    ref bsn partnerName signaaldatum ontstaansdatum bedragInCenten signaalpartner crisissignaal warmeOverdracht status nextStatuses } } }`,
);
export const RECORD_SIGNAL_OUTCOME = op<{ recordSignalOutcome: { status: string } }>(
  'RecordSignalOutcome',
  'mutation RecordSignalOutcome($ref: ID!, $i: SignalOutcomeInput!) { recordSignalOutcome(ref: $ref, input: $i) { status } }',
);

export const ALL_OPERATIONS: readonly Operation<unknown>[] = [
  HOUSEHOLD_SIGNALS,
  HOUSEHOLD_CASES,
  RECORD_SIGNAL_OUTCOME,
  MY_CASES,
  HOUSEHOLD_OF_PERSON,
  HOUSEHOLD_AT,
  HOUSEHOLD_PAGE,
  REQUEST_CONSENT,
  CONSENT_REQUESTS,
  MY_CONSENT_REQUESTS,
  APPROVE_REQUEST,
  DECLINE_REQUEST,
  MY_CONSENTS,
  GRANT_CONSENT,
  REVOKE_CONSENT,
  CONSENT_RECEIPT,
  DATA_TRACKER,
  SEARCH_HELP,
  LIFE_SITUATIONS,
  AGENCIES,
  SUBGRAPHS,
  REGISTER_SUBGRAPH,
  PUBLISH_SERVICE,
  WITHDRAW_SERVICE,
  ZERO_RESULTS,
  SUBSCRIPTIONS,
  SUBSCRIBE_WEBHOOK,
  SUBSCRIBE_KAFKA,
  DEAD_LETTERS,
  RETRY_DEAD_LETTERS,
  REPLAY,
  ADMIN_OVERVIEW,
  ROLLBACK,
  ADD_STATUTORY_BASIS,
  MY_UNUSUAL_ACCESSES,
  MY_EXPLANATION_REQUESTS,
  REQUEST_EXPLANATION,
  MISUSE_SIGNALS,
  EXPLANATION_REQUESTS,
  ACT_ON_MISUSE_SIGNAL,
  ANSWER_EXPLANATION,
  ACCESS_REPORT,
];
