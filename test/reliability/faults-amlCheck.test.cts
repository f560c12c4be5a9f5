/** 200 randomized fault trials for the amlCheck create (see faultTrials.cts). */
import { faultSuite } from './faultTrials.cjs';

faultSuite('amlCheck');
