/** 200 randomized fault trials for the swap create (see faultTrials.cts). */
import { faultSuite } from './faultTrials.cjs';

faultSuite('swap');
