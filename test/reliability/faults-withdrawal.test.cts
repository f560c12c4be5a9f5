/** 200 randomized fault trials for the withdrawal create (see faultTrials.cts). */
import { faultSuite } from './faultTrials.cjs';

faultSuite('withdrawal');
