/**
 * Every parameter of every operation, taken from the node's own description, fed bad values: each
 * gives a clear error (ideally before any request) or is passed safely encoded; none reaches another
 * endpoint; nothing crashes.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { NodeHelpers } from 'n8n-workflow';

import { loadPackage, runNode } from '../harness/n8n.cjs';
import { useSandbox, type LoggedRequest } from '../helpers/sandbox.cjs';
import { record } from './report.cjs';

const api = useSandbox({ strict: true, stepMs: 20, rateLimits: false });

/** A valid request per operation; each case spoils one parameter of it. */
const VALID: Record<string, IDataObject> = {
	'account.getBalances': {},
	'account.getServerTime': {},
	'currency.getAll': { returnAll: true },
	'deposit.getMethods': {},
	'deposit.generateAddress': { currency: 'BTC', method: 'BTC' },
	'deposit.get': { code: 'DEP000001' },
	'deposit.getAll': { returnAll: false, limit: 5 },
	'withdrawal.getMethods': {},
	'withdrawal.create': {
		currency: 'BTC',
		method: 'BTC',
		amount: '0.01',
		address: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
	},
	'withdrawal.get': { code: 'WDR000001' },
	'withdrawal.getAll': { returnAll: false, limit: 5 },
	'swap.getDirections': {},
	'swap.create': { direction: 'BTC-USDT', amountType: 'spend', amount: '0.01' },
	'swap.cancel': { cancelBy: 'code', code: 'SWP000001' },
	'swap.get': { code: 'SWP000001' },
	'swap.getAll': { returnAll: false, limit: 5 },
	'internalTransfer.create': { currencyCode: 'BTC', amount: '0.001', recipient: 'user123' },
	'internalTransfer.get': { code: 'TRF000001' },
	'internalTransfer.getAll': { returnAll: false, limit: 5 },
	'limitOrder.getPairs': {},
	'limitOrder.create': {
		pair: 'BTCUSDT',
		side: 'buy',
		orderDefinedBy: 'priceAndReceive',
		limitPrice: '20000.00',
		receiveAmount: '0.01',
	},
	'limitOrder.cancel': { cancelBy: 'code', code: 'LMT000001' },
	'limitOrder.get': { code: 'LMT000001' },
	'limitOrder.getAll': { returnAll: false, limit: 5 },
	'amlCheck.getPlans': {},
	'amlCheck.getTokens': {},
	'amlCheck.create': {
		direction: 'withdrawal',
		token: 1,
		address: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh',
	},
	'amlCheck.get': { code: 'AML000001' },
	'amlCheck.getAll': { returnAll: false, limit: 5 },
};

/** Keeps waits short whatever a case does to them. */
const QUICK: IDataObject = { waitTimeout: 1, pollInterval: 0.05, requestTimeout: 2 };

const STRINGS = ['', '   ', 42, 'ü💸\u0000', '../balance', 'a?b#c%d', 'x'.repeat(5000)];
const AMOUNTS = [
	'',
	' ',
	'-1',
	'0',
	'0.000000001',
	'1e-8',
	'1E5',
	'99999999999999999999999',
	'1,5',
	'abc',
	0.1,
	-5,
];
const CODES = [
	'',
	' ',
	'.',
	'..',
	'../withdraw',
	'a/b',
	'a?b',
	'x#y',
	'50%',
	'%2e%2e',
	'ü',
	'WDR\n1',
	'x'.repeat(300),
];
const DATES = ['', '31/12/2025', 'not a date', '2025-13-45T99:99:99Z', 17];
const NUMBERS = [0, -1, 1.5, 201, 10001, 1e12, 'abc'];
const OPTIONS = ['', 'not-an-option', '../x', 123];
const BOOLEANS = ['yes', 1];

function badValues(property: INodeProperties): unknown[] {
	if (property.type === 'dateTime') return DATES;
	if (property.type === 'number') return NUMBERS;
	if (property.type === 'boolean') return BOOLEANS;
	if (property.type === 'options' || property.type === 'multiOptions') return OPTIONS;
	if (/amount|price/i.test(property.name)) return AMOUNTS;
	if (/^code$|^customId$|^custom_id$/.test(property.name)) return CODES;
	return STRINGS;
}

interface Case {
	isAmount?: boolean;
	operation: string;
	parameter: string;
	value: unknown;
	parameters: IDataObject;
}

async function cases(): Promise<Case[]> {
	const loader = await loadPackage();
	const { properties } = loader.nodeTypes.zeroZeroOneK.type.description as {
		properties: INodeProperties[];
	};
	const all: Case[] = [];
	for (const [operation, valid] of Object.entries(VALID)) {
		const [resource, op] = operation.split('.');
		const shown = properties.filter(
			(p) =>
				p.displayOptions?.show?.resource?.includes(resource) &&
				p.displayOptions?.show?.operation?.includes(op) &&
				p.name !== 'operation',
		);
		const base = { ...QUICK, ...valid, resource, operation: op };
		for (const property of shown) {
			// Only what the valid request shows: a hidden field is ignored by n8n, whatever it holds.
			if (
				property.type === 'notice' ||
				!NodeHelpers.displayParameter(base as never, property, { typeVersion: 1 }, null)
			)
				continue;
			if (property.type === 'collection' || property.type === 'fixedCollection') {
				for (const option of (property.options ?? []) as INodeProperties[]) {
					if (option.type === 'collection') continue;
					for (const value of badValues(option)) {
						all.push({
							operation,
							parameter: `${property.name}.${option.name}`,
							value,
							parameters: { ...base, [property.name]: { [option.name]: value } },
						});
					}
				}
				continue;
			}
			const isAmount = property.type === 'string' && /amount|price/i.test(property.name);
			for (const value of badValues(property)) {
				all.push({
					operation,
					parameter: property.name,
					value,
					isAmount,
					parameters: { ...base, [property.name]: value },
				});
			}
		}
	}
	return all;
}

/** Creates that spend a balance: 001k may refuse them for too low a balance. */
const SPENDS = ['withdrawal', 'internalTransfer', 'swap', 'limitOrder'];

/** The routes each resource may touch: its own endpoints, the reference lists it reads, and /status. */
const ALLOWED: Record<string, string[]> = {
	account: ['/balance'],
	currency: ['/currency'],
	deposit: [
		'/deposit-methods',
		'/deposit/generate_address',
		'/deposit',
		'/deposit/{code}',
		'/currency',
	],
	withdrawal: [
		'/withdrawal-methods',
		'/withdraw',
		'/withdraw/{code}',
		'/currency',
		'/aml/token',
		'/aml/check',
		'/aml/check/{code}',
	],
	swap: ['/swap-directions', '/swap/open', '/swap/cancel', '/swap', '/swap/{code}'],
	internalTransfer: ['/internal-transfer', '/internal-transfer/{code}', '/currency'],
	limitOrder: ['/limit-pairs', '/limit-order', '/limit-order/cancel', '/limit-order/{code}'],
	amlCheck: ['/aml/plan', '/aml/token', '/aml/check', '/aml/check/{code}'],
};

const hang = (ms: number) =>
	new Promise<never>((_, reject) =>
		setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref(),
	);

const UNCLEAR =
	/undefined|\[object Object\]|Cannot read properties|is not a function|Unexpected token/;

describe('bad input, every parameter of every operation', () => {
	it('errors clearly or passes safely encoded, never reaches another endpoint, never crashes', async () => {
		const all = await cases();
		// Many keys: our client paces each key to 001k's per-minute limits (30/min for the method lists),
		// and this suite makes hundreds of calls. Rotating keys keeps it fast without touching the pacing.
		const keys = Array.from({ length: 150 }, (_, i) => ({
			accessKey: `bad-input-${i}`,
			secretKey: `bad-input-secret-${i}`,
		}));
		for (const key of keys)
			await api.admin('POST', '/__admin/keys', {
				access_key: key.accessKey,
				secret_key: key.secretKey,
			});
		const tally = {
			cases: all.length,
			rejectedBeforeSending: 0,
			rejectedByApi: 0,
			accepted: 0,
			misrouted: 0,
			crashes: 0,
			unclear: 0,
		};
		const problems: string[] = [];
		const durations: Array<[number, string]> = [];
		for (const [index, c] of all.entries()) {
			await api.admin('DELETE', '/__admin/requests');
			const label = `${c.operation} ${c.parameter}=${JSON.stringify(c.value).slice(0, 40)}`;
			let error: (Error & { description?: string }) | undefined;
			const started = Date.now();
			try {
				const run = runNode({
					node: 'zeroZeroOneK',
					parameters: c.parameters as never,
					credentials: api.credentials(keys[index % keys.length]),
				});
				({ error } = await Promise.race([run, hang(20_000)]));
				durations.push([Date.now() - started, label]);
			} catch (thrown) {
				// n8n itself refuses to run a node whose required parameter is empty, before our code runs.
				if (/node has issues:\s*- Parameter ".+" is required/.test((thrown as Error).message)) {
					tally.rejectedBeforeSending++;
					continue;
				}
				tally.crashes++;
				problems.push(`crash: ${label}: ${(thrown as Error).message}`);
				continue;
			}
			const log: LoggedRequest[] = await api.admin('GET', '/__admin/requests');
			const resource = c.operation.split('.')[0];
			const allowed = new Set([...ALLOWED[resource], '/status'].map((r) => `/api/v1${r}`));
			// After 001k refuses a create for too low a balance, the node reads GET /balance (no query,
			// nothing from the input) to say what is available: the only read outside the resource.
			const explainsBalance = (r: LoggedRequest) =>
				SPENDS.includes(resource) &&
				r.method === 'GET' &&
				r.route === '/api/v1/balance' &&
				r.raw_query === '' &&
				log.some((p) => p.method === 'POST' && Number(p.status) >= 400 && Number(p.status) < 500);
			for (const request of log) {
				if (explainsBalance(request)) continue;
				if (!request.route || !allowed.has(request.route)) {
					tally.misrouted++;
					problems.push(`misrouted: ${label} reached ${request.path}`);
				}
			}
			const own = log.filter(
				(r) =>
					r.route &&
					!r.route.includes('-methods') &&
					!r.route.endsWith('/currency') &&
					!r.route.endsWith('/token') &&
					!r.route.endsWith('-directions') &&
					!r.route.endsWith('-pairs') &&
					!r.route.endsWith('/status'),
			);
			if (!error) {
				tally.accepted++;
				// A bad amount must never go through: money is the one thing not to pass on "safely encoded".
				if (c.isAmount) problems.push(`bad amount accepted: ${label}`);
			} else if (own.length === 0) tally.rejectedBeforeSending++;
			else tally.rejectedByApi++;
			if (error && (!error.message || error.message.length < 10 || UNCLEAR.test(error.message))) {
				tally.unclear++;
				problems.push(`unclear: ${label}: ${error.message}`);
			}
		}
		const slowest = durations
			.sort((a, b) => b[0] - a[0])
			.slice(0, 5)
			.map(([ms, label]) => `${ms} ms ${label}`);
		record('badInput', 'all', { ...tally, problems, slowest });
		expect(problems).toEqual([]);
		expect(tally.cases).toBeGreaterThan(500);
		expect(tally.rejectedBeforeSending + tally.rejectedByApi).toBeGreaterThan(300);
	});
});
