import { useSandbox } from '../helpers/sandbox.cjs';

const api = useSandbox({ stepMs: 30 });

const SAFE = 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh';
const RISKY = 'bc1qriskyxy2kgdygjrsqtzq2n0yrf2493p83kk';

/** Withdrawal → Create with the AML gate on, for a safe address unless `parameters` say otherwise. */
function run(parameters: Record<string, unknown>, continueOnFail = false) {
	return api.run(
		'withdrawal',
		'create',
		{
			currency: 'BTC',
			method: 'BTC',
			amount: '0.01',
			address: SAFE,
			amlGate: true,
			amlMaxRiskScore: '0.5',
			amlMaxAlertGrade: 'medium',
			amlPollInterval: 0.05,
			amlWaitTimeout: 20,
			...parameters,
		},
		{ continueOnFail },
	);
}

/** The report's riskscore as the reading in play writes it: a JSON number, or a string (riskscoreType=string). */
const score = (text: string) => (api.readings.riskscoreType === 'string' ? text : Number(text));

const state = () => api.operations();

describe('withdrawal Create: AML gate', () => {
	it('checks a low-risk address, withdraws, and outputs the report with the withdrawal', async () => {
		const { items, error } = await run({ customIdMode: 'manual', customId: 'payout-1' });
		expect(error).toBeUndefined();
		// attributes.address is there under every reading; a top-level address only under withdrawalAddressFields=both.
		expect(items[0].json).toMatchObject({
			status: 'pending',
			attributes: { address: SAFE },
			custom_id: 'payout-1',
		});
		expect(items[0].json.amlCheck).toMatchObject({
			status: 'success',
			custom_id: 'aml-payout-1',
			report: { riskscore: score('0.1'), alert_grade: 'low' },
		});
		const ops = await state();
		expect(ops.withdrawal).toHaveLength(1);
		expect(ops.aml_check ?? ops.amlCheck).toHaveLength(1);
	});

	it('refuses a high-risk address: no withdrawal, and the error carries the report summary', async () => {
		const { error } = await run({ address: RISKY });
		expect(error?.message).toMatch(
			/AML gate refused the withdrawal to .*risky.*: risk score 0\.92 is above 0\.5; alert grade severe is above medium/,
		);
		expect(error?.description).toMatch(
			/AML check AML.*\(success\): risk score 0\.92, alert grade severe, signals: .*sanctions 0\.8/,
		);
		expect((await state()).withdrawal).toHaveLength(0);
	});

	it('with Continue On Fail, outputs an error item that includes the report', async () => {
		const { items } = await run({ address: RISKY }, true);
		expect(items[0].json.error).toMatch(/AML gate refused/);
		expect(items[0].json.amlCheck).toMatchObject({
			report: { riskscore: score('0.92'), alert_grade: 'severe' },
		});
		expect((await state()).withdrawal).toHaveLength(0);
	});

	it('compares the score exactly: equal to the maximum passes, just above is refused', async () => {
		await api.admin('POST', '/__admin/aml-risk', {
			address: SAFE,
			riskscore: 0.5,
			alert_grade: 'medium',
		});
		expect((await run({})).error).toBeUndefined();
		await api.admin('POST', '/__admin/aml-risk', {
			address: SAFE,
			riskscore: 0.50000001,
			alert_grade: 'low',
		});
		expect((await run({})).error?.message).toMatch(/risk score 0\.50000001 is above 0\.5/);
		await api.admin('POST', '/__admin/aml-risk', {
			address: SAFE,
			riskscore: 0.2,
			alert_grade: 'high',
		});
		expect((await run({})).error?.message).toMatch(/alert grade high is above medium/);
		expect((await run({ amlMaxAlertGrade: 'high' })).error).toBeUndefined();
	});

	it('a retry with the same custom_id reuses the paid check instead of paying twice', async () => {
		await run({ customIdMode: 'manual', customId: 'payout-2' });
		await run({ customIdMode: 'manual', customId: 'payout-2' });
		const ops = await state();
		expect(ops.aml_check ?? ops.amlCheck).toHaveLength(1);
		expect(ops.withdrawal).toHaveLength(1);
	});

	it("picks the AML token by currency and the method's network (USDT on Tron → token 4)", async () => {
		const { items, error } = await run({
			currency: 'USDT',
			method: 'USDTTRC20',
			amount: '25',
			address: 'TXsafe',
			dryRun: true,
		});
		expect(error).toBeUndefined();
		expect((items[0].json.amlCheck as any).body).toMatchObject({
			direction: 'withdrawal',
			token: 4,
			address: 'TXsafe',
		});
		const erc = await run({
			currency: 'USDT',
			method: 'USDTERC20',
			amount: '25',
			address: '0xsafe',
			dryRun: true,
		});
		expect((erc.items[0].json.amlCheck as any).body.token).toBe(3);
		const requests: any[] = await api.admin('GET', '/__admin/requests');
		expect(requests.filter((r) => r.method === 'POST')).toHaveLength(0);
	});

	it('refuses before anything is sent when no token covers the method, or a threshold is malformed', async () => {
		const xrp = await run({
			currency: 'XRP',
			method: 'XRP',
			amount: '25',
			address: 'rXRP',
			additionalFields: { tag: '1' },
		});
		expect(xrp.error?.message).toMatch(/No AML token covers XRP on the ripple network/);
		expect((await run({ amlMaxRiskScore: '1.5' })).error?.message).toMatch(
			/must be a decimal from 0 to 1/,
		);
		const requests: any[] = await api.admin('GET', '/__admin/requests');
		expect(requests.filter((r) => r.method === 'POST')).toHaveLength(0);
	});

	it.each([
		[
			'an expression that yields NaN',
			{ amlWaitTimeout: "={{ Number('soon') }}" },
			/AML Wait Timeout must be a number of seconds above 0/,
		],
		[
			'a text poll interval',
			{ amlPollInterval: '={{ "fast" }}' },
			/AML Poll Interval must be a number of seconds above 0/,
		],
		[
			'a zero timeout',
			{ amlWaitTimeout: 0 },
			/AML Wait Timeout must be a number of seconds above 0/,
		],
	])(
		'refuses %s with a clear error before the paid check, instead of polling for ever',
		async (_name, parameters, message) => {
			const { error } = await run(parameters);
			expect(error?.message).toMatch(message);
			expect((await api.posts()).filter((r) => r.path === '/api/v1/aml/check')).toHaveLength(0);
			expect((await state()).withdrawal).toHaveLength(0);
		},
	);
});
