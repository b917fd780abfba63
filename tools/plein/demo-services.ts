import { graphql } from './runtime.js';
import { serviceToken } from './tokens.js';

interface DemoService {
  agency: string;
  name: string;
  description: string;
  lifeSituation: string;
  milestone: string;
  channels: string[];
  formula: string;
  url: string;
  keywords: string[];
}

/** What the demo agencies offer residents, published through the catalogue's own API. */
export const DEMO_SERVICES: DemoService[] = [
  {
    agency: 'gemeente',
    name: 'Schuldhulpverlening',
    description: 'De gemeente helpt u uw schulden op een rij te zetten en een regeling te treffen met schuldeisers.',
    lifeSituation: 'financiele-zorgen',
    milestone: 'schulden-regelen',
    channels: ['online', 'telefoon', 'balie'],
    formula: 'partner',
    url: 'https://www.utrecht.nl/werk-en-inkomen/schulden/',
    keywords: ['schulden', 'schuldhulp', 'budgetcoach', 'geldproblemen'],
  },
  {
    agency: 'gemeente',
    name: 'Vroegsignalering betalingsachterstanden',
    description: 'Als u huur, energie of zorgverzekering niet betaalt, neemt de gemeente contact met u op om te helpen.',
    lifeSituation: 'financiele-zorgen',
    milestone: 'vroegsignalering',
    channels: ['telefoon', 'post'],
    formula: 'partner',
    url: 'https://www.utrecht.nl/werk-en-inkomen/vroegsignalering/',
    keywords: ['huurachterstand', 'betalingsachterstand', 'energierekening'],
  },
  {
    agency: 'toeslagen',
    name: 'Huurtoeslag aanvragen',
    description: 'Een bijdrage in de huur als uw inkomen laag is ten opzichte van uw huur.',
    lifeSituation: 'financiele-zorgen',
    milestone: 'preventie',
    channels: ['online'],
    formula: 'klant',
    url: 'https://www.belastingdienst.nl/toeslagen/huurtoeslag/',
    keywords: ['huur', 'huurtoeslag', 'toeslag'],
  },
  {
    agency: 'belastingdienst',
    name: 'Betalingsregeling belastingschuld',
    description: 'Betaal een belastingschuld in termijnen als u het bedrag niet in één keer kunt betalen.',
    lifeSituation: 'financiele-zorgen',
    milestone: 'schulden-regelen',
    channels: ['online', 'telefoon'],
    formula: 'onderdaan',
    url: 'https://www.belastingdienst.nl/betalingsregeling/',
    keywords: ['belastingschuld', 'aanslag', 'termijnen'],
  },
  {
    agency: 'uwv',
    name: 'WW-uitkering aanvragen',
    description: 'Een werkloosheidsuitkering als u uw baan verliest en aan de voorwaarden voldoet.',
    lifeSituation: 'baan-verloren',
    milestone: 'uitkering-aanvragen',
    channels: ['online'],
    formula: 'klant',
    url: 'https://www.uwv.nl/particulieren/werkloos/',
    keywords: ['ww', 'werkloos', 'ontslag', 'uitkering'],
  },
  {
    agency: 'svb',
    name: 'Kinderbijslag aanvragen',
    description: 'Een bijdrage in de kosten van uw kinderen, elk kwartaal.',
    lifeSituation: 'kind-geboren',
    milestone: 'kinderbijslag',
    channels: ['online', 'post'],
    formula: 'klant',
    url: 'https://www.svb.nl/kinderbijslag/',
    keywords: ['kinderbijslag', 'baby', 'kind'],
  },
  {
    agency: 'svb',
    name: 'AOW aanvragen',
    description: 'Het basispensioen van de overheid vanaf de AOW-leeftijd.',
    lifeSituation: 'met-pensioen',
    milestone: 'aow-aanvragen',
    channels: ['online'],
    formula: 'klant',
    url: 'https://www.svb.nl/aow/',
    keywords: ['aow', 'pensioen'],
  },
  {
    agency: 'svb',
    name: 'Nabestaandenuitkering (Anw)',
    description: 'Een uitkering als uw partner is overleden en u aan de voorwaarden voldoet.',
    lifeSituation: 'overlijden-partner',
    milestone: 'nabestaandenuitkering',
    channels: ['online', 'telefoon'],
    formula: 'klant',
    url: 'https://www.svb.nl/anw/',
    keywords: ['anw', 'nabestaande', 'weduwe', 'weduwnaar'],
  },
];

/** Publishes the demo services once: only into an empty catalogue. */
export async function seedDemoServices(catalogueUrl: string, keycloakUrl: string): Promise<number> {
  const any = await graphql<{ lifeSituations: Array<{ services: unknown[] }> }>(
    catalogueUrl,
    '{ lifeSituations { services { id } } }',
    {},
    await serviceToken(keycloakUrl, 'plein-operator', 'catalogue'),
  );
  if (any.lifeSituations.some((s) => s.services.length > 0)) return 0;
  for (const { agency, ...service } of DEMO_SERVICES) {
    await graphql(
      catalogueUrl,
      'mutation($i: PublishServiceInput!) { publishService(input: $i) { id } }',
      { i: { agencyKey: agency, ...service } },
      await serviceToken(keycloakUrl, `${agency}-publisher`, 'catalogue'),
    );
  }
  return DEMO_SERVICES.length;
}
