/** 200 randomized fault trials for the amlCheck create (see faultTrials.ts). */
import { faultSuite } from './faultTrials';

faultSuite('amlCheck');
