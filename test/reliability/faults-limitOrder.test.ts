/** 200 randomized fault trials for the limitOrder create (see faultTrials.ts). */
import { faultSuite } from './faultTrials';

faultSuite('limitOrder');
