import { runAgencySubgraph, startOrExit } from '@plein/subgraph-kit';
import { gemeenteSubgraph } from './gemeente.subgraph.js';

startOrExit(() => runAgencySubgraph(gemeenteSubgraph));
