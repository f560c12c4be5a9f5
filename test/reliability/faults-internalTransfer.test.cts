/** 200 randomized fault trials for the internalTransfer create (see faultTrials.cts). */
import { faultSuite } from './faultTrials.cjs';

faultSuite('internalTransfer');
