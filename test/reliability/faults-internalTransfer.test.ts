/** 200 randomized fault trials for the internalTransfer create (see faultTrials.ts). */
import { faultSuite } from './faultTrials';

faultSuite('internalTransfer');
