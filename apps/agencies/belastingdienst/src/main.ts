import { demoAgency } from '@plein/demo-population';
import { runAgencySubgraph, startOrExit } from '@plein/subgraph-kit';

startOrExit(() => runAgencySubgraph({ key: 'belastingdienst', schemes: demoAgency('belastingdienst').schemes }));
