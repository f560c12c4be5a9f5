/** 200 randomized fault trials for the limitOrder create (see faultTrials.cts). */
import { faultSuite } from './faultTrials.cjs';

faultSuite('limitOrder');
