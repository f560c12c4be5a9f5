/**
 * Attacks on the signing path, randomized (seed printed; ATTACK_SEED replays a run): spellings of
 * endpoints, keys and currencies that the spending policy must refuse, destinations hidden in
 * other fields, query strings on POSTs, and redirects to another port. Each goes through real
 * n8n-core, as n8n's HTTP Request node sends it (legacy shape) or through the 001k node's
 * transport. An attack holds when it is refused before sending (naming the rule) and nothing
 * reaches 001k or the other port. Compliant controls, mixed in, must still be sent.
 */
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import type { IDataObject } from 'n8n-workflow';

import { ApiProbe } from '../fixtures/ApiProbe.cjs';
import { HttpRequestShaped } from '../fixtures/HttpRequestShaped.cjs';
import { runNode } from '../harness/n8n.cjs';
import { DEMO_ACCESS_KEY, DEMO_SECRET_KEY, useSandbox } from '../helpers/sandbox.cjs';
import { record } from './report.cjs';
import { prng } from '../helpers/seeded.cjs';

const api = useSandbox({ strict: true, stepMs: 20, rateLimits: false });

const SEED = Number(process.env.ATTACK_SEED ?? Date.now() % 2 ** 31);
const ROUNDS = Number(process.env.ATTACK_ROUNDS ?? 100);
const BTC_ADDRESS = 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh';
const IBAN = 'DE89370400440532013000';

const random = prng(SEED);
const pick = <T,>(list: T[]): T => list[Math.floor(random() * list.length)];
const at = (text: string) => Math.floor(random() * text.length);

const POLICY = {
	spendingPolicy: true,
	maxAmounts: 'BTC=0.5, EUR=1000',
	allowedAddresses: `${BTC_ADDRESS}\n${IBAN}`,
	allowedRecipients: 'user123\nbob@001k.test',
};

interface Attack {
	kind: string;
	path: string;
	body: IDataObject;
	extra?: IDataObject;
	/** A compliant control: must be sent. */
	control?: boolean;
}

const flipCase = (text: string, i: number) =>
	text.slice(0, i) +
	(text[i] === text[i].toUpperCase() ? text[i].toLowerCase() : text[i].toUpperCase()) +
	text.slice(i + 1);
const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\ufeff', '\u2060'];
const fullWidth = (c: string) => String.fromCharCode(c.charCodeAt(0) + 0xfee0);

function withdrawal(extra: IDataObject = {}): IDataObject {
	return { currency: 'BTC', amount: '0.1', address: BTC_ADDRESS, ...extra };
}

function attack(): Attack {
	const kind = pick([
		'path',
		'key',
		'currency',
		'query',
		'iban',
		'exact',
		'recipient',
		'unknownEndpoint',
		'control',
	]);
	switch (kind) {
		case 'path': {
			const path = '/api/v1/withdraw';
			const i = 1 + at(path.slice(1));
			const variant = pick([
				() =>
					`${path.slice(0, i)}%${path.charCodeAt(i).toString(16).padStart(2, '0')}${path.slice(i + 1)}`,
				() => (/[a-z]/.test(path[i]) ? flipCase(path, i) : path.toUpperCase()),
				() => `${path}/`,
				() => path.replace('/withdraw', '//withdraw'),
				() => `${path}/.`.replace('/.', '/%2e'),
			])();
			return { kind, path: variant, body: withdrawal() };
		}
		case 'key': {
			const body = withdrawal();
			const key = pick(Object.keys(body));
			const variant = random() < 0.5 ? flipCase(key, at(key)) : `${key}_`;
			return { kind, path: '/api/v1/withdraw', body: { ...body, [variant]: '9' } };
		}
		case 'currency': {
			const i = at('BTC');
			const currency = pick([
				() => 'BTC'.slice(0, i) + pick(ZERO_WIDTH) + 'BTC'.slice(i),
				() => 'BTC'.slice(0, i) + fullWidth('BTC'[i]) + 'BTC'.slice(i + 1),
				() => pick([' BTC', 'BTC ', 'BTC\n', 'B TC']),
			])();
			return { kind, path: '/api/v1/withdraw', body: withdrawal({ currency, amount: '2' }) };
		}
		case 'query':
			return random() < 0.5
				? { kind, path: `/api/v1/withdraw?amount=${pick(['9', '0.1'])}`, body: withdrawal() }
				: { kind, path: '/api/v1/withdraw', body: withdrawal(), extra: { qs: { amount: '9' } } };
		case 'iban':
			return {
				kind,
				path: '/api/v1/withdraw',
				body: {
					currency: 'EUR',
					method: 'SEPA',
					amount: '100.00',
					address: IBAN,
					beneficiary: {
						first_name: 'A',
						last_name: 'B',
						iban: `GB${String(10 + at('0123456789abcdef'))}NWBK60161331926819`,
					},
				},
			};
		case 'exact':
			return {
				kind,
				path: '/api/v1/withdraw',
				body: withdrawal({
					amount: pick(['0.5', '0.1', '0.00000001']),
					receive_mode: pick(['exact', true]) as string,
				}),
			};
		case 'recipient': {
			const id = 'user123';
			return {
				kind,
				path: '/api/v1/internal-transfer',
				body: {
					currency_code: 'BTC',
					amount: '0.01',
					recipient: pick([id.toUpperCase(), flipCase(id, at('user')), `${id} `, `${id}\u200b`]),
				},
			};
		}
		case 'unknownEndpoint':
			return {
				kind,
				path: pick([
					'/api/v1/withdraw-v2',
					'/api/v1/withdrawals',
					'/api/v2/withdraw',
					'/api/v1/transfer',
					'/api/v1/swap/open/',
				]),
				body: withdrawal(),
			};
		default:
			return pick([
				{
					kind: 'control',
					path: '/api/v1/withdraw',
					body: withdrawal({ amount: '0.5' }),
					control: true,
				},
				{
					kind: 'control',
					path: '/api/v1/internal-transfer',
					body: { currency_code: 'BTC', amount: '0.01', recipient: 'BOB@001k.test' },
					control: true,
				},
				{
					kind: 'control',
					path: '/api/v1/withdraw',
					body: {
						currency: 'EUR',
						method: 'SEPA',
						amount: '100.00',
						address: IBAN,
						beneficiary: { first_name: 'A', last_name: 'B', iban: IBAN },
					},
					control: true,
				},
			]);
	}
}

const figures = {
	attacks: 0,
	refusedNamingRule: 0,
	sentUnchecked: 0,
	controls: 0,
	controlsSent: 0,
	redirects: 0,
	redirectsFollowed: 0,
	byKind: {} as Record<string, number>,
};

afterAll(() => {
	record('attacks', 'all', { seed: SEED, ...figures });
});

describe(`signing attacks (seed ${SEED}; ATTACK_SEED=${SEED} replays)`, () => {
	it(`refuses ${ROUNDS} rounds of randomized policy attacks through the HTTP Request node shape, sending none`, async () => {
		process.stdout.write(`attacks seed ${SEED}\n`);
		for (let round = 0; round < ROUNDS; round++) {
			const batch = Array.from({ length: 10 }, attack);
			// A fresh ledger each round: the compliant controls spend real sandbox balance.
			await api.admin('POST', '/__admin/reset');
			await api.admin('DELETE', '/__admin/requests');
			const { items } = await runNode({
				node: { name: 'httpRequestShaped', type: new HttpRequestShaped() },
				parameters: {},
				credentials: { ...api.credentials(), ...POLICY } as never,
				input: batch.map((a) => ({
					json: {
						method: 'POST',
						uri: `${api.url}${a.path}`,
						body: a.body,
						json: true,
						...(a.extra ?? {}),
					} as never,
				})),
			});
			const log = await api.requests();
			batch.forEach((a, i) => {
				const outcome = items[i].json as { statusCode?: number; error?: string };
				const arrived = log.some((r) => r.body === JSON.stringify(a.body));
				if (a.control) {
					figures.controls++;
					if (outcome.statusCode === 200 && arrived) figures.controlsSent++;
					else
						throw new Error(
							`seed ${SEED}: control ${JSON.stringify(a)} was not sent: ${String(outcome.error ?? outcome.statusCode)}`,
						);
					return;
				}
				figures.attacks++;
				figures.byKind[a.kind] = (figures.byKind[a.kind] ?? 0) + 1;
				if (arrived || !outcome.error) {
					figures.sentUnchecked++;
					throw new Error(
						`seed ${SEED}: attack ${JSON.stringify(a)} was sent (${String(outcome.statusCode)})`,
					);
				}
				if (/The 001k Spending Policy refused .*(rule:|Spending Policy →)/s.test(outcome.error))
					figures.refusedNamingRule++;
				else
					throw new Error(
						`seed ${SEED}: attack ${JSON.stringify(a)} refused without naming a rule: ${outcome.error}`,
					);
			});
		}
		expect(figures.sentUnchecked).toBe(0);
		expect(figures.refusedNamingRule).toBe(figures.attacks);
		expect(figures.controlsSent).toBe(figures.controls);
	});

	it("follows no redirect (301, 302, 303, 307, 308) from the base URL, through the node's transport or the HTTP Request node shape", async () => {
		let arrivedElsewhere = 0;
		const elsewhere: Server = createServer((_req, res) => {
			arrivedElsewhere++;
			res.end('{}');
		});
		await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
		const otherUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
		let status = 307;
		const base: Server = createServer((req, res) =>
			res.writeHead(status, { Location: `${otherUrl}${req.url}` }).end(),
		);
		await new Promise<void>((resolve) => base.listen(0, '127.0.0.1', resolve));
		const baseUrl = `http://127.0.0.1:${(base.address() as AddressInfo).port}`;
		const credentials = { accessKey: DEMO_ACCESS_KEY, secretKey: DEMO_SECRET_KEY, baseUrl };
		try {
			for (const code of [301, 302, 303, 307, 308]) {
				status = code;
				const body = {
					currency: 'BTC',
					amount: '0.01',
					address: BTC_ADDRESS,
					custom_id: `redir-${code}-${SEED}`,
				};
				const probe = await Promise.all(
					[{ route: 'GET /balance' }, { route: 'POST /withdraw', body }].map((json) =>
						runNode({
							node: { name: 'apiProbe', type: new ApiProbe() },
							parameters: {},
							credentials,
							input: [{ json: json as never }],
						}),
					),
				);
				const shaped = await runNode({
					node: { name: 'httpRequestShaped', type: new HttpRequestShaped() },
					parameters: {},
					credentials,
					input: [
						{ json: { uri: `${baseUrl}/api/v1/balance` } },
						{
							json: {
								method: 'POST',
								uri: `${baseUrl}/api/v1/withdraw`,
								body,
								json: true,
							} as never,
						},
					],
				});
				figures.redirects += 4;
				expect(probe.map((r) => String(r.error?.message))).toEqual([
					expect.stringContaining(`redirect (${code})`),
					expect.stringContaining(`redirect (${code})`),
				]);
				expect(shaped.items.every((i) => String(i.json.error ?? '').startsWith(String(code)))).toBe(
					true,
				);
			}
		} finally {
			figures.redirectsFollowed = arrivedElsewhere;
			await Promise.all([base, elsewhere].map((s) => new Promise((resolve) => s.close(resolve))));
		}
		expect(arrivedElsewhere).toBe(0);
	});
});
