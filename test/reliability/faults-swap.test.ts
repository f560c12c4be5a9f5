/** 200 randomized fault trials for the swap create (see faultTrials.ts). */
import { faultSuite } from './faultTrials';

faultSuite('swap');
