/** 200 randomized fault trials for the withdrawal create (see faultTrials.ts). */
import { faultSuite } from './faultTrials';

faultSuite('withdrawal');
