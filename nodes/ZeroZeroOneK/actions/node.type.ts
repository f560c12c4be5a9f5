import type { AllEntities } from 'n8n-workflow';

/** Every resource and its operations, by the values workflows store (never rename one once released). */
export type ZeroZeroOneKMap = {
	account: 'getBalances' | 'getServerTime';
	amlCheck: 'create' | 'get' | 'getAll' | 'getPlans' | 'getTokens';
	currency: 'getAll';
	deposit: 'generateAddress' | 'get' | 'getAll' | 'getMethods';
	internalTransfer: 'create' | 'get' | 'getAll';
	limitOrder: 'cancel' | 'create' | 'get' | 'getAll' | 'getPairs';
	swap: 'cancel' | 'create' | 'get' | 'getAll' | 'getDirections';
	withdrawal: 'create' | 'get' | 'getAll' | 'getMethods';
};

/** One valid resource/operation pair, e.g. `{ resource: 'swap', operation: 'cancel' }`. */
export type ZeroZeroOneKType = AllEntities<ZeroZeroOneKMap>;
