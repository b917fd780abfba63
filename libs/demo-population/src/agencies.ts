/**
 * The demo agencies that `npm start` runs and the population generator fills. Seven
 * government bodies that pay Dutch households their income. OINs follow the government
 * pattern (00000001 + RSIN + 000) with fictional RSINs: this is synthetic data.
 */
export interface DemoAgency {
  /** Subgraph and app name; also the Postgres schema the app owns. */
  key: string;
  name: string;
  oin: string;
  /** Scheme code → Dutch name. */
  schemes: Readonly<Record<string, string>>;
}

export const GEMEENTE: DemoAgency = {
  key: 'gemeente',
  name: 'Gemeente Utrecht',
  oin: '00000001002220647000',
  schemes: {
    PARTICIPATIEWET: 'Participatiewet (bijstand)',
    BIJZONDERE_BIJSTAND: 'Bijzondere bijstand',
    INDIVIDUELE_INKOMENSTOESLAG: 'Individuele inkomenstoeslag',
  },
};

export const UWV: DemoAgency = {
  key: 'uwv',
  name: 'UWV',
  oin: '00000001003214345000',
  schemes: { WW: 'Werkloosheidswet (WW)', WIA: 'WIA-uitkering', ZW: 'Ziektewet-uitkering' },
};

export const SVB: DemoAgency = {
  key: 'svb',
  name: 'Sociale Verzekeringsbank',
  oin: '00000001003204390000',
  schemes: { AOW: 'AOW-pensioen', ANW: 'Anw-uitkering', KINDERBIJSLAG: 'Kinderbijslag' },
};

export const TOESLAGEN: DemoAgency = {
  key: 'toeslagen',
  name: 'Dienst Toeslagen',
  oin: '00000001822477348000',
  schemes: {
    HUURTOESLAG: 'Huurtoeslag',
    ZORGTOESLAG: 'Zorgtoeslag',
    KINDGEBONDEN_BUDGET: 'Kindgebonden budget',
    KINDEROPVANGTOESLAG: 'Kinderopvangtoeslag',
  },
};

export const BELASTINGDIENST: DemoAgency = {
  key: 'belastingdienst',
  name: 'Belastingdienst',
  oin: '00000001003214369000',
  schemes: { VOORLOPIGE_TERUGGAAF: 'Voorlopige teruggaaf inkomstenbelasting' },
};

export const DUO: DemoAgency = {
  key: 'duo',
  name: 'DUO',
  oin: '00000001003260015000',
  schemes: { STUDIEFINANCIERING: 'Studiefinanciering' },
};

export const LBIO: DemoAgency = {
  key: 'lbio',
  name: 'Landelijk Bureau Inning Onderhoudsbijdragen',
  oin: '00000001003306690000',
  schemes: { KINDERALIMENTATIE: 'Kinderalimentatie' },
};

/**
 * An organisation on the plein that publishes no data of its own: its debt counsellors ask
 * residents for consent, and residents are shown its name.
 */
export const ZEIST = { key: 'gemeente-zeist', name: 'Gemeente Zeist', oin: '00000001001897811000' } as const;

/** The demo integrators: organisations residents can give consent to, that take events from the plein. */
export const DEMO_INTEGRATOR = { key: 'vroeg-eropaf', name: 'Stichting Vroeg Eropaf', oin: '00000001854378000000' } as const;
export const WOONCORP = { key: 'woningcorporatie-thuis', name: 'Woningcorporatie Thuis', oin: '00000003301234560000' } as const;

/** Organisations on the plein that publish nothing: residents are shown their names. */
export const DEMO_ORGANISATIONS = [ZEIST, DEMO_INTEGRATOR, WOONCORP] as const;

export const DEMO_AGENCIES: readonly DemoAgency[] = [GEMEENTE, UWV, SVB, TOESLAGEN, BELASTINGDIENST, DUO, LBIO];

export function demoAgency(key: string): DemoAgency {
  const agency = DEMO_AGENCIES.find((a) => a.key === key);
  if (!agency) throw new Error(`No demo agency "${key}"; known: ${DEMO_AGENCIES.map((a) => a.key).join(', ')}`);
  return agency;
}
