'use strict';
// Readings: where the doc is open, the sandbox plays each plausible answer (sandbox/README.md).
const { startSandbox } = require('../index');
const { READINGS, parseReadings, parseReadingFlag } = require('../lib/readings');
const { start, get, post, raw, waitFor } = require('./helpers');
const http = require('http');
const { execFileSync } = require('child_process');
const path = require('path');

/** Runs `fn` against a strict sandbox playing one reading. */
async function under(readings, fn) {
	const sb = await start({ strict: true, readings });
	try {
		return await fn(sb);
	} finally {
		await sb.stop();
	}
}

describe('the readings table', () => {
	test('every reading has at least two values and an alternate that differs from its default', () => {
		for (const [name, r] of Object.entries(READINGS)) {
			expect([
				name,
				r.values.length >= 2,
				r.values.includes(r.alternate),
				r.alternate !== r.values[0],
			]).toEqual([name, true, true, true]);
		}
	});

	test('the default profile plays each first value, the alternate profile flips every switch', () => {
		const d = parseReadings({}, 'default');
		const a = parseReadings({}, 'alternate');
		for (const name of Object.keys(READINGS))
			expect([name, d[name] === a[name]]).toEqual([name, false]);
		expect(parseReadings({ receiveMode: 'exact' }, 'alternate').receiveMode).toBe('exact');
	});

	test('an unknown reading name or value is refused at start, before anything listens', async () => {
		await expect(startSandbox({ port: 0, readings: { nope: 'x' } })).rejects.toThrow(
			/unknown reading "nope"/,
		);
		await expect(startSandbox({ port: 0, readings: { receiveMode: 'maybe' } })).rejects.toThrow(
			/receiveMode must be one of both, exact, boolean/,
		);
		await expect(startSandbox({ port: 0, profile: 'odd' })).rejects.toThrow(
			/unknown readings profile/,
		);
	});

	test('the README has a row for every reading', () => {
		const readme = require('fs').readFileSync(
			require('path').join(__dirname, '..', 'README.md'),
			'utf8',
		);
		const section = readme.slice(readme.indexOf('## Readings (switchable)'));
		for (const name of Object.keys(READINGS))
			expect([name, section.includes(`| \`${name}\``)]).toEqual([name, true]);
	});
});

describe('readings: startSandbox({ readings }) and --reading', () => {
	test('refuses an unknown reading name and a value outside its list', async () => {
		await expect(start({ readings: { noSuchReading: 'x' } })).rejects.toThrow(
			/unknown reading "noSuchReading"; known: customIdReuse, withdrawalMethodCurrency/,
		);
		await expect(start({ readings: { withdrawalMethodCurrency: 'no' } })).rejects.toThrow(
			/must be one of true, false, not "no"/,
		);
		await expect(start({ readings: ['withdrawalMethodCurrency'] })).rejects.toThrow(
			/readings must be an object/,
		);
	});

	test('parses name=value flags and refuses malformed ones', () => {
		expect(parseReadingFlag('withdrawalMethodCurrency=false')).toEqual({
			withdrawalMethodCurrency: false,
		});
		expect(() => parseReadingFlag('withdrawalMethodCurrency')).toThrow(/needs name=value/);
		expect(() => parseReadingFlag('nope=true')).toThrow(/unknown reading "nope"/);
		// Typed as the reading's own values: '201' stays a string, 'existing' joins what came before.
		expect(parseReadingFlag('createStatus=201', { customIdReuse: 'existing' })).toEqual({
			customIdReuse: 'existing',
			createStatus: '201',
		});
		expect(() => parseReadingFlag('createStatus=202')).toThrow(
			/createStatus must be one of 200, 201, not "202"/,
		);
	});

	test('the CLI refuses an unknown reading before listening', () => {
		const cli = path.join(__dirname, '..', 'cli.js');
		let failure;
		try {
			execFileSync(process.execPath, [cli, '--port', '0', '--reading', 'nope=1'], {
				stdio: 'pipe',
				timeout: 10000,
			});
		} catch (e) {
			failure = e;
		}
		expect(failure.status).toBe(2);
		expect(String(failure.stderr)).toMatch(/unknown reading "nope"/);
	});
});

describe('reading withdrawalMethodCurrency', () => {
	test.each([
		[true, (m) => expect(m.currency).toBe('USDT')],
		[false, (m) => expect(m).not.toHaveProperty('currency')],
	])('=%s: GET /withdrawal-methods objects %s', async (value, check) => {
		const sb = await start({ readings: { withdrawalMethodCurrency: value } });
		try {
			const methods = (await get(sb, '/api/v1/withdrawal-methods')).json;
			const trc20 = methods.find((m) => m.code === 'USDTTRC20');
			check(trc20);
			// Either way the rest is the /currency withdraw entry, field for field.
			const usdt = (await get(sb, '/api/v1/currency')).json.find((c) => c.code === 'USDT');
			const { currency, ...rest } = trc20;
			expect(rest).toEqual(usdt.withdraw.find((m) => m.code === 'USDTTRC20'));
			expect(sb.admin.state({ ops: false }).readings).toEqual({
				...parseReadings({}),
				withdrawalMethodCurrency: value,
			});
		} finally {
			await sb.stop();
		}
	});
});

describe('admin: POST /__admin/withdrawal-methods', () => {
	let sb;
	beforeAll(async () => {
		sb = await start();
	});
	afterAll(() => sb.stop());
	beforeEach(() => sb.admin.reset());

	const codes = async () => (await get(sb, '/api/v1/withdrawal-methods')).json.map((m) => m.code);
	const withdraw = (body) =>
		post(sb, '/api/v1/withdraw', { currency: 'USDT', amount: '100', address: 'TXyz', ...body });

	test('a disabled method leaves both lists and POST /withdraw refuses it; reset restores it', async () => {
		expect(await codes()).toContain('USDTTRC20');
		sb.admin.setWithdrawalMethod({ code: 'usdt_trc20', enabled: false });
		expect(await codes()).not.toContain('USDTTRC20');
		const usdt = (await get(sb, '/api/v1/currency')).json.find((c) => c.code === 'USDT');
		expect(usdt.withdraw.map((m) => m.code)).toEqual(['USDTERC20']);
		const refused = await withdraw({ method: 'USDTTRC20' });
		expect(refused.status).toBe(400);
		expect(refused.json.error).toEqual({
			code: 'validation.invalid',
			message: 'Unknown withdraw method USDTTRC20 for USDT',
			field: 'method',
		});
		expect((await withdraw({ method: 'USDTERC20' })).status).toBe(200);
		sb.admin.reset();
		expect(await codes()).toContain('USDTTRC20');
	});

	test('new limits show in the list and are enforced (over HTTP too)', async () => {
		const res = await fetch(`${sb.url}/__admin/withdrawal-methods`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ code: 'USDTTRC20', max_amount: '50', precision: 2 }),
		});
		expect(res.status).toBe(200);
		const listed = (await get(sb, '/api/v1/withdrawal-methods')).json.find(
			(m) => m.code === 'USDTTRC20',
		);
		expect(listed).toMatchObject({ max_amount: '50.00', precision: 2 });
		expect((await withdraw({ method: 'USDTTRC20' })).json.error.code).toBe('validation.max_amount');
		expect((await withdraw({ method: 'USDTTRC20', amount: '30.001' })).json.error.code).toBe(
			'validation.precision',
		);
		expect((await withdraw({ method: 'USDTTRC20', amount: '30.01' })).status).toBe(200);
	});

	test('refuses unknown methods, fields and malformed values', () => {
		expect(() => sb.admin.setWithdrawalMethod({ code: 'DOGE' })).toThrow(
			/unknown withdrawal method DOGE/,
		);
		expect(() => sb.admin.setWithdrawalMethod({ code: 'BTC', maximum: '1' })).toThrow(
			/unknown field maximum/,
		);
		expect(() => sb.admin.setWithdrawalMethod({ code: 'BTC', max_amount: 1 })).toThrow(
			/max_amount must be a decimal string/,
		);
		expect(() => sb.admin.setWithdrawalMethod({ code: 'BTC', enabled: 'no' })).toThrow(
			/enabled must be true or false/,
		);
	});
});

describe('reading customIdReuse: the same custom_id with a different body (doc §1.4 says only "the same request")', () => {
	const first = { currency: 'BTC', amount: '0.01', address: 'bc1qfirst', custom_id: 'reuse-1' };
	const other = { currency: 'BTC', amount: '0.25', address: 'bc1qother', custom_id: 'reuse-1' };

	test('conflict (default): 409 custom_id.conflict, nothing new is created', () =>
		under({}, async (sb) => {
			const a = await post(sb, '/api/v1/withdraw', first);
			const b = await post(sb, '/api/v1/withdraw', other);
			expect(a.status).toBe(200);
			expect([b.status, b.json.error.code]).toEqual([409, 'custom_id.conflict']);
			expect(sb.admin.state().operations.withdrawal).toHaveLength(1);
		}));

	test('existing: answers the first operation as if the request were the same, nothing new is created', () =>
		under({ customIdReuse: 'existing' }, async (sb) => {
			const a = await post(sb, '/api/v1/withdraw', first);
			const b = await post(sb, '/api/v1/withdraw', other);
			expect(b.status).toBe(200);
			expect(b.json).toMatchObject({
				code: a.json.code,
				amount: '0.01000000',
				address: 'bc1qfirst',
			});
			expect(sb.admin.state().operations.withdrawal).toHaveLength(1);
		}));
});

const order = {
	pair: 'BTCUSDT',
	side: 'buy',
	receive_amount: '0.01000000',
	limit_price: '29000.00',
};

describe('limit order readings (doc §3.7)', () => {
	test('limitOrderCreateStatus: open ("Placed order will be in open status") or queued (the status table\'s first row)', async () => {
		await under({}, async (sb) =>
			expect((await post(sb, '/api/v1/limit-order', order)).json.status).toBe('open'),
		);
		await under({ limitOrderCreateStatus: 'queued' }, async (sb) => {
			const o = (await post(sb, '/api/v1/limit-order', order)).json;
			expect(o.status).toBe('queued');
			sb.admin.tick();
			expect((await get(sb, `/api/v1/limit-order/${o.code}`)).json.status).toBe('open');
		});
	});

	test('limitOrderCancelStatus: the cancel answers cancelled ("with status updated to cancelled") or cancelling, then cancelled', async () => {
		await under({}, async (sb) => {
			const o = (await post(sb, '/api/v1/limit-order', order)).json;
			expect((await post(sb, '/api/v1/limit-order/cancel', { code: o.code })).json.status).toBe(
				'cancelled',
			);
		});
		await under({ limitOrderCancelStatus: 'cancelling' }, async (sb) => {
			const o = (await post(sb, '/api/v1/limit-order', order)).json;
			expect((await post(sb, '/api/v1/limit-order/cancel', { code: o.code })).json.status).toBe(
				'cancelling',
			);
			sb.admin.tick();
			expect((await get(sb, `/api/v1/limit-order/${o.code}`)).json.status).toBe('cancelled');
		});
	});

	test("limitOrderFee: a buy's spend_amount is the quote value (doc example 290.00) or holds the fee too (290.725); 290.725 is reserved either way", async () => {
		for (const [fee, spend] of [
			['onTop', '290.00'],
			['inSpend', '290.725000'],
		]) {
			await under(
				{ limitOrderFee: fee, amountScale: fee === 'onTop' ? 'doc' : 'precision' },
				async (sb) => {
					expect((await post(sb, '/api/v1/limit-order', order)).json.spend_amount).toBe(spend);
					expect(sb.admin.state({ ops: false }).balances.demo.USDT.frozen).toBe('290.725000');
				},
			);
		}
	});
});

describe('AML readings (doc §3.8)', () => {
	const check = { direction: 'withdrawal', token: 1, address: 'bc1qaml' };
	test("amlCreateStatus: a new check is pending (the doc's example) or queued (the status table's first row)", async () => {
		await under({}, async (sb) =>
			expect((await post(sb, '/api/v1/aml/check', check)).json.status).toBe('pending'),
		);
		await under({ amlCreateStatus: 'queued' }, async (sb) =>
			expect((await post(sb, '/api/v1/aml/check', check)).json.status).toBe('queued'),
		);
	});

	test('amlReportStatusCase: the report status is "ready" (list example) or "READY" (callback example)', async () => {
		for (const [mode, status] of [
			['lower', 'ready'],
			['upper', 'READY'],
		]) {
			await under({ amlReportStatusCase: mode }, async (sb) => {
				const c = (await post(sb, '/api/v1/aml/check', check)).json;
				sb.admin.tick(2);
				expect((await get(sb, `/api/v1/aml/check/${c.code}`)).json.report.status).toBe(status);
			});
		}
	});
});

describe('swap readings (doc §3.5)', () => {
	const swap = { direction: 'BTC-USDT', spend_amount: '0.01000000' };
	test("swapReceiveAmount + amountScale: the doc's 294.85250000 / 0.73713125, or receive net of the fee at the currency precision", async () => {
		await under({}, async (sb) =>
			expect((await post(sb, '/api/v1/swap/open', swap)).json).toMatchObject({
				receive_amount: '294.85250000',
				fee_amount: '0.73713125',
			}),
		);
		await under({ swapReceiveAmount: 'net', amountScale: 'precision' }, async (sb) => {
			expect((await post(sb, '/api/v1/swap/open', swap)).json).toMatchObject({
				receive_amount: '294.115368',
				fee_amount: '0.737132',
			});
		});
	});

	test("swapObject: the create answer has the field table's shape, or the create example's (rate, expires_at)", async () => {
		await under({}, async (sb) => {
			const s = (await post(sb, '/api/v1/swap/open', swap)).json;
			expect(s).toMatchObject({
				valid_till: expect.any(String),
				amount_parameter: 'spend',
				spend_rate: '1.00000000',
			});
			expect(s).not.toHaveProperty('expires_at');
		});
		await under({ swapObject: 'createExample' }, async (sb) => {
			const s = (await post(sb, '/api/v1/swap/open', swap)).json;
			expect(s).toMatchObject({ rate: '29485.25', expires_at: expect.any(String), status: 'open' });
			expect(s).not.toHaveProperty('valid_till');
			expect((await get(sb, `/api/v1/swap/${s.code}`)).json).toHaveProperty('valid_till');
		});
	});

	test('swapCancel: "Status may not be changed to cancelled instantly" -- or it may', async () => {
		await under({}, async (sb) => {
			const s = (await post(sb, '/api/v1/swap/open', swap)).json;
			const c = (await post(sb, '/api/v1/swap/cancel', { code: s.code })).json;
			expect([c.status, typeof c.cancel_requested_at]).toEqual(['open', 'string']);
		});
		await under({ swapCancel: 'immediate' }, async (sb) => {
			const s = (await post(sb, '/api/v1/swap/open', swap)).json;
			expect((await post(sb, '/api/v1/swap/cancel', { code: s.code })).json.status).toBe(
				'cancelled',
			);
		});
	});

	test('swapDirectionRate: rate on every direction (the example clients print it), none (the field table), or USDT-BTC only (the example)', async () => {
		const rates = async (mode) =>
			under({ swapDirectionRate: mode }, async (sb) =>
				(await get(sb, '/api/v1/swap-directions')).json
					.filter((d) => 'rate' in d)
					.map((d) => d.code),
			);
		expect(await rates('all')).toHaveLength(6);
		expect(await rates('none')).toEqual([]);
		expect(await rates('example')).toEqual(['USDT-BTC']);
	});
});

describe('withdrawal and method readings (doc §3.2–3.4)', () => {
	const w = (receive_mode) => ({
		currency: 'BTC',
		amount: '0.01',
		address: 'bc1qrm',
		receive_mode,
	});
	test('receiveMode: "exact" (the table) and true (the examples) both mean exact, or only one of them is taken', async () => {
		const answer = async (mode, value) =>
			under(
				{ receiveMode: mode },
				async (sb) => (await post(sb, '/api/v1/withdraw', w(value))).status,
			);
		expect([await answer('both', 'exact'), await answer('both', true)]).toEqual([200, 200]);
		expect([await answer('exact', 'exact'), await answer('exact', true)]).toEqual([200, 400]);
		expect([await answer('boolean', 'exact'), await answer('boolean', true)]).toEqual([400, 200]);
	});

	test("methodCodes: either form anywhere, or only the code of the endpoint's own listing", async () => {
		await under({}, async (sb) => {
			expect(
				(await post(sb, '/api/v1/deposit/generate_address', { currency: 'BTC', method: 'BTC' }))
					.status,
			).toBe(200);
			expect(
				(
					await post(sb, '/api/v1/withdraw', {
						currency: 'BTC',
						method: 'btc_native',
						amount: '0.01',
						address: 'bc1q',
					})
				).status,
			).toBe(200);
		});
		await under({ methodCodes: 'listed' }, async (sb) => {
			expect(
				(
					await post(sb, '/api/v1/deposit/generate_address', {
						currency: 'BTC',
						method: 'btc_native',
					})
				).status,
			).toBe(200);
			expect(
				(await post(sb, '/api/v1/deposit/generate_address', { currency: 'BTC', method: 'BTC' }))
					.json.error.field,
			).toBe('method');
			expect(
				(
					await post(sb, '/api/v1/withdraw', {
						currency: 'BTC',
						method: 'BTC',
						amount: '0.01',
						address: 'bc1q',
					})
				).status,
			).toBe(200);
			expect(
				(
					await post(sb, '/api/v1/withdraw', {
						currency: 'BTC',
						method: 'btc_native',
						amount: '0.01',
						address: 'bc1q',
					})
				).json.error.field,
			).toBe('method');
		});
	});

	test('networkCase: BITCOIN in /deposit-methods and bitcoin elsewhere (as the examples), or one case everywhere', async () => {
		const networks = (mode) =>
			under({ networkCase: mode }, async (sb) => [
				(await get(sb, '/api/v1/deposit-methods?currency=BTC')).json[0].network.code,
				(await get(sb, '/api/v1/currency')).json[0].withdraw[0].network,
				(await post(sb, '/api/v1/deposit/generate_address', { currency: 'BTC' })).json.network,
				(await get(sb, '/api/v1/aml/token')).json[0].network,
			]);
		expect(await networks('doc')).toEqual(['BITCOIN', 'bitcoin', 'bitcoin', 'bitcoin']);
		expect(await networks('lower')).toEqual(['bitcoin', 'bitcoin', 'bitcoin', 'bitcoin']);
		expect(await networks('upper')).toEqual(['BITCOIN', 'BITCOIN', 'BITCOIN', 'BITCOIN']);
	});

	test('codeCase: currency, direction and pair codes in any case, or upper case only', async () => {
		const status = (mode, body) =>
			under(
				{ codeCase: mode },
				async (sb) => (await post(sb, '/api/v1/internal-transfer', body)).status,
			);
		const t = { currency_code: 'btc', amount: '0.01', recipient: 'user123' };
		expect(await status('insensitive', t)).toBe(200);
		expect(await status('upper', t)).toBe(400);
		expect(await status('upper', { ...t, currency_code: 'BTC' })).toBe(200);
	});
});

describe('internal transfer readings (doc §3.6)', () => {
	const t = { currency_code: 'BTC', amount: '0.01', recipient: 'user123' };
	test('transferSuccessStatus: success (the status table) or completed (the callback example), in answers, lists and filters', async () => {
		await under({ transferSuccessStatus: 'completed' }, async (sb) => {
			const x = (await post(sb, '/api/v1/internal-transfer', t)).json;
			sb.admin.tick();
			expect((await get(sb, `/api/v1/internal-transfer/${x.code}`)).json.status).toBe('completed');
			expect(
				(await get(sb, '/api/v1/internal-transfer?status=completed')).json.map((o) => o.code),
			).toEqual([x.code]);
			expect(sb.admin.state({ ops: false }).balances.user123.BTC.available).toBe('1.01000000');
		});
	});

	test('transferTimestamp: timestamp is the creation time, or becomes done_at (one example shows it equal to done_at), and lists sort on it', async () => {
		await under({ transferTimestamp: 'done' }, async (sb) => {
			const x = (await post(sb, '/api/v1/internal-transfer', t)).json;
			expect(x.timestamp).toBe(x.created_at);
			sb.admin.setClock({ offsetMs: 2000 });
			const y = (
				await post(
					sb,
					'/api/v1/internal-transfer',
					{ ...t, note: 'later' },
					{ timestamp: sb.now() },
				)
			).json;
			sb.admin.setClock({ offsetMs: 4000 });
			sb.admin.transition({ type: 'internal_transfer', code: x.code, status: 'success' });
			const done = (await get(sb, `/api/v1/internal-transfer/${x.code}`, { timestamp: sb.now() }))
				.json;
			expect(done.timestamp).toBe(done.done_at);
			expect(done.timestamp).not.toBe(done.created_at);
			// Newest timestamp first: x (done later) now lists before y (created after x).
			const listed = (await get(sb, '/api/v1/internal-transfer', { timestamp: sb.now() })).json.map(
				(o) => o.code,
			);
			expect(listed).toEqual([x.code, y.code]);
			const since = new Date(Date.parse(done.timestamp)).toISOString().slice(0, 19) + 'Z';
			expect(
				(
					await get(sb, `/api/v1/internal-transfer?start_at=${since}`, { timestamp: sb.now() })
				).json.map((o) => o.code),
			).toEqual([x.code]);
		});
	});
});

describe('limit pair reading (doc §3.7)', () => {
	test('limitPairPriceField: latest_price (the field table), current_price (the example clients), or both', async () => {
		const fields = (mode) =>
			under({ limitPairPriceField: mode }, async (sb) =>
				Object.keys((await get(sb, '/api/v1/limit-pairs')).json[0]).filter((k) =>
					k.endsWith('_price'),
				),
			);
		expect(await fields('latest')).toEqual(['latest_price']);
		expect(await fields('current')).toEqual(['current_price']);
		expect(await fields('both')).toEqual(['latest_price', 'current_price']);
	});
});

describe('date reading', () => {
	test('dateFormat: times as the examples (…15Z), with milliseconds, or with +00:00; each parses to the same instant and works as start_at', async () => {
		const seen = [];
		for (const mode of ['seconds', 'millis', 'offset']) {
			await under({ dateFormat: mode }, async (sb) => {
				const w = (
					await post(sb, '/api/v1/withdraw', {
						currency: 'BTC',
						amount: '0.01',
						address: 'bc1qdate',
					})
				).json;
				seen.push(w.created_at.slice(19));
				const back = await get(sb, `/api/v1/withdraw?start_at=${encodeURIComponent(w.created_at)}`);
				expect(back.json.map((o) => o.code)).toEqual([w.code]);
				expect((await get(sb, '/api/v1/balance')).json[0].updated_at.slice(19)).toBe(
					seen[seen.length - 1],
				);
			});
		}
		expect(seen).toEqual(['Z', '.000Z', '+00:00']);
	});
});

describe('AML report, withdrawal object and deposit address readings', () => {
	test('riskscoreType: riskscore and signals as JSON numbers, or as decimal strings', async () => {
		await under({ riskscoreType: 'string' }, async (sb) => {
			const c = (
				await post(sb, '/api/v1/aml/check', {
					direction: 'withdrawal',
					token: 1,
					address: 'bc1qrisky',
				})
			).json;
			sb.admin.tick();
			const report = (await get(sb, `/api/v1/aml/check/${c.code}`)).json.report;
			expect([report.riskscore, report.signals.sanctions]).toEqual(['0.92', '0.8']);
		});
	});

	test('withdrawalAddressFields: address/tag/address_book_code at the top level and in attributes, or in attributes only', async () => {
		const w = { currency: 'XRP', amount: '25', address: 'rAddr', tag: '42' };
		await under({}, async (sb) =>
			expect((await post(sb, '/api/v1/withdraw', w)).json).toMatchObject({
				address: 'rAddr',
				tag: '42',
				address_book_code: null,
				attributes: { address: 'rAddr', tag: '42' },
			}),
		);
		await under({ withdrawalAddressFields: 'attributes' }, async (sb) => {
			const o = (await post(sb, '/api/v1/withdraw', w)).json;
			expect(o.attributes).toEqual({ address: 'rAddr', tag: '42' });
			expect(['address', 'tag', 'address_book_code'].filter((k) => k in o)).toEqual([]);
		});
	});

	test("depositAddressReuse: a new address on every call, or the method's existing one", async () => {
		const twice = (mode) =>
			under({ depositAddressReuse: mode }, async (sb) => {
				const a = (await post(sb, '/api/v1/deposit/generate_address', { currency: 'BTC' })).json
					.address;
				const b = (await post(sb, '/api/v1/deposit/generate_address', { currency: 'BTC' })).json
					.address;
				return a === b;
			});
		expect([await twice('new'), await twice('same')]).toEqual([false, true]);
	});
});

describe('callback and error readings', () => {
	test('callbackPayload: the GET object, or the doc\'s "essential fields" (a transfer callback has no callback_url or timestamp)', async () => {
		const got = [];
		const server = http.createServer((req, res) => {
			let b = '';
			req.on('data', (c) => {
				b += c;
			});
			req.on('end', () => {
				got.push(JSON.parse(b));
				res.end('ok');
			});
		});
		await new Promise((r) => server.listen(0, '127.0.0.1', r));
		const url = `http://127.0.0.1:${server.address().port}/cb`;
		try {
			for (const mode of ['full', 'essential']) {
				await under({ callbackPayload: mode }, async (sb) => {
					await post(sb, '/api/v1/internal-transfer', {
						currency_code: 'BTC',
						amount: '0.01',
						recipient: 'user123',
						callback_url: url,
					});
					sb.admin.tick();
					await waitFor(() => got.length >= (mode === 'full' ? 1 : 2));
				});
			}
			expect(got[0]).toHaveProperty('timestamp');
			expect(got[0]).toHaveProperty('callback_url', url);
			expect(Object.keys(got[1]).sort()).toEqual([
				'amount',
				'code',
				'created_at',
				'currency_code',
				'custom_id',
				'done_at',
				'fee_amount',
				'note',
				'reason_code',
				'reason_message',
				'recipient',
				'sender',
				'status',
				'updated_at',
			]);
		} finally {
			await new Promise((r) => server.close(r));
		}
	});

	test('errorBody: {"error": {code, message, field}} or a flat {code, message, field}', async () => {
		await under({ errorBody: 'flat' }, async (sb) => {
			const r = await post(sb, '/api/v1/withdraw', { currency: 'BTC', amount: '0.01' });
			expect([r.status, r.json]).toEqual([
				400,
				{ code: 'validation.required', message: 'address is required', field: 'address' },
			]);
			const auth = await raw(sb.url, { method: 'GET', path: '/api/v1/balance' });
			expect(auth.json).toEqual({ code: 'access_key.missed', message: expect.any(String) });
		});
	});

	test.each([['409'], ['400'], ['422']])(
		'conflictStatus=%s: the same custom_id with another body is refused with that status and custom_id.conflict',
		(conflictStatus) =>
			under({ conflictStatus }, async (sb) => {
				const first = {
					currency: 'BTC',
					amount: '0.01',
					address: 'bc1qfirst',
					custom_id: 'taken-1',
				};
				expect((await post(sb, '/api/v1/withdraw', first)).status).toBe(200);
				const b = await post(sb, '/api/v1/withdraw', { ...first, amount: '0.02' });
				expect([b.status, b.json.error.code]).toEqual([
					Number(conflictStatus),
					'custom_id.conflict',
				]);
				// Only the conflict moves: other refusals keep their status.
				expect(
					(await post(sb, '/api/v1/withdraw', { currency: 'BTC', amount: '0.01' })).status,
				).toBe(400);
				expect(sb.admin.state().operations.withdrawal).toHaveLength(1);
			}),
	);

	test.each([['404'], ['400']])(
		"notFoundStatus=%s: an unknown code, another user's code and an unknown path answer not_found with that status",
		(notFoundStatus) =>
			under({ notFoundStatus }, async (sb) => {
				const bobs = await post(
					sb,
					'/api/v1/withdraw',
					{ currency: 'BTC', amount: '0.01', address: 'bc1qbob' },
					{ access: 'bob-access-key' },
				);
				for (const r of [
					await get(sb, '/api/v1/withdraw/WDR-NOPE'),
					await get(sb, `/api/v1/withdraw/${bobs.json.code}`),
					await get(sb, '/api/v1/nowhere'),
				]) {
					expect([r.status, r.json.error.code]).toEqual([Number(notFoundStatus), 'not_found']);
				}
				expect((await post(sb, '/api/v1/swap/cancel', { code: 'SWP-NOPE' })).status).toBe(
					Number(notFoundStatus),
				);
			}),
	);

	test.each([['400'], ['422']])(
		'validationStatus=%s: validation and balance refusals answer that status; auth, conflicts and not_found keep theirs',
		(validationStatus) =>
			under({ validationStatus }, async (sb) => {
				const missing = await post(sb, '/api/v1/withdraw', { currency: 'BTC', amount: '0.01' });
				expect([missing.status, missing.json.error.code]).toEqual([
					Number(validationStatus),
					'validation.required',
				]);
				const broke = await post(
					sb,
					'/api/v1/withdraw',
					{ currency: 'BTC', amount: '4.9', address: 'bc1qx' },
					{ access: 'bob-access-key' },
				);
				expect([broke.status, broke.json.error.code]).toEqual([
					Number(validationStatus),
					'balance.insufficient',
				]);
				expect((await get(sb, '/api/v1/withdraw/WDR-NOPE')).status).toBe(404);
				expect((await get(sb, '/api/v1/balance', { signature: 'f'.repeat(64) })).status).toBe(401);
				const first = {
					currency: 'BTC',
					amount: '0.01',
					address: 'bc1qfirst',
					custom_id: 'taken-2',
				};
				await post(sb, '/api/v1/withdraw', first);
				expect((await post(sb, '/api/v1/withdraw', { ...first, amount: '0.02' })).status).toBe(409);
			}),
	);

	test('createStatus: a create answers 200, or 201 Created; a cancel answers 200 either way', async () => {
		await under({ createStatus: '201' }, async (sb) => {
			const s = await post(sb, '/api/v1/swap/open', {
				direction: 'BTC-USDT',
				spend_amount: '0.01',
			});
			expect(s.status).toBe(201);
			expect((await post(sb, '/api/v1/swap/cancel', { code: s.json.code })).status).toBe(200);
		});
	});
});
