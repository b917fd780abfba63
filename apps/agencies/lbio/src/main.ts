import { demoAgency } from '@plein/demo-population';
import { runAgencySubgraph, startOrExit } from '@plein/subgraph-kit';

startOrExit(() => runAgencySubgraph({ key: 'lbio', schemes: demoAgency('lbio').schemes }));
