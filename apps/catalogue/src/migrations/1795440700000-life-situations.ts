import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reference data: the life situations of the plein and the words residents use for them.
 * Changed only through migrations, so every environment has the same catalogue structure.
 */
const SITUATIONS = [
  {
    key: 'financiele-zorgen',
    name: 'Financiële zorgen',
    description: 'Als u moeite heeft om rond te komen, rekeningen niet kunt betalen of schulden heeft.',
    milestones: ['preventie', 'vroegsignalering', 'schulden-regelen', 'begeleiding', 'nazorg'],
    keywords: ['geldzorgen', 'schulden', 'betalingsachterstand', 'huurachterstand', 'rekeningen', 'budget', 'armoede', 'schuldhulp'],
  },
  {
    key: 'baan-verloren',
    name: 'Baan verloren',
    description: 'Als u uw werk verliest of dreigt te verliezen.',
    milestones: ['ontslag', 'uitkering-aanvragen', 'werk-zoeken', 'nieuwe-baan'],
    keywords: ['ontslag', 'werkloos', 'werkloosheid', 'ww', 'reorganisatie', 'werk'],
  },
  {
    key: 'kind-geboren',
    name: 'Kind geboren',
    description: 'Als u een kind krijgt of net gekregen heeft.',
    milestones: ['aangifte', 'kinderbijslag', 'kinderopvang', 'toeslagen'],
    keywords: ['baby', 'geboorte', 'zwanger', 'bevalling', 'kind', 'kinderbijslag'],
  },
  {
    key: 'met-pensioen',
    name: 'Met pensioen',
    description: 'Als u de AOW-leeftijd bereikt of met pensioen gaat.',
    milestones: ['voorbereiden', 'aow-aanvragen', 'pensioen'],
    keywords: ['aow', 'pensioen', 'gepensioneerd', 'ouderdom'],
  },
  {
    key: 'overlijden-partner',
    name: 'Overlijden partner',
    description: 'Als uw partner is overleden.',
    milestones: ['aangifte', 'nabestaandenuitkering', 'financien-regelen', 'rouw'],
    keywords: ['weduwe', 'weduwnaar', 'overleden', 'nabestaande', 'anw', 'overlijden'],
  },
];

const SYNONYMS: Array<[string, string]> = [
  ['rood staan', 'schulden financiële zorgen'],
  ['sta rood', 'schulden financiële zorgen'],
  ['sta ik rood', 'schulden financiële zorgen'],
  ['staan rood', 'schulden financiële zorgen'],
  ['huur niet betalen', 'huurachterstand betalingsachterstand financiële zorgen'],
  ['huur niet kunnen betalen', 'huurachterstand betalingsachterstand financiële zorgen'],
  ['geldzorgen', 'financiële zorgen schulden'],
  ['geen geld', 'financiële zorgen'],
  ['rekeningen niet betalen', 'betalingsachterstand financiële zorgen'],
  ['ontslagen', 'baan verloren werkloos'],
  ['zonder werk', 'baan verloren werkloos'],
  ['baby', 'kind geboren'],
  ['overleden', 'overlijden nabestaande'],
];

export class LifeSituations1795440700000 implements MigrationInterface {
  name = 'LifeSituations1795440700000';

  async up(q: QueryRunner): Promise<void> {
    for (const s of SITUATIONS)
      await q.query(
        `INSERT INTO "catalogue"."life_situation" ("key", "name", "description", "milestones", "keywords") VALUES ($1, $2, $3, $4, $5)`,
        [s.key, s.name, s.description, s.milestones, s.keywords],
      );
    for (const [phrase, expandsTo] of SYNONYMS)
      await q.query(`INSERT INTO "catalogue"."synonym" ("phrase", "expands_to") VALUES ($1, $2)`, [phrase, expandsTo]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "catalogue"."synonym" WHERE "phrase" = ANY($1)`, [SYNONYMS.map(([p]) => p)]);
    await q.query(`DELETE FROM "catalogue"."life_situation" WHERE "key" = ANY($1)`, [SITUATIONS.map((s) => s.key)]);
  }
}
