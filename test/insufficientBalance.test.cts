import { useSandbox } from './helpers/sandbox.cjs';

// The doc names no error code for a balance too low; the sandbox plays three readings
// (insufficientBalance): the node recognises each by its code or its message.
describe.each(['balance.insufficient', 'insufficient_funds', 'validation.invalid'])(
	'a balance too low (001k code %s)',
	(insufficientBalance) => {
		const api = useSandbox({ autoAdvance: false, readings: { insufficientBalance } });

		it('a withdrawal says what is available and frozen (decimal strings as 001k sent them), and the fix', async () => {
			await api.admin('POST', '/__admin/balances', { currency: 'BTC', available: '0.005' });
			// Something pending holds part of it: a withdrawal that is not settled yet.
			const held = await api.run('withdrawal', 'create', {
				currency: 'BTC',
				amount: '0.002',
				address: 'bc1qheld',
			});
			expect(held.error).toBeUndefined();
			const { error } = await api.run('withdrawal', 'create', {
				currency: 'BTC',
				amount: '0.01',
				address: 'bc1qtoomuch',
			});
			const balance = ((await api.call('GET', '/balance')) as any[]).find(
				(b) => b.currency === 'BTC',
			);
			expect(balance.frozen).not.toMatch(/^0(\.0*)?$/);
			expect(error?.message).toBe(
				`Not enough BTC on 001k for this request (available ${balance.available} BTC, frozen ${balance.frozen} BTC) [${insufficientBalance}]`,
			);
			expect(error?.description).toBe(
				'Lower the amount (fees included) to at most the available balance, wait until pending operations release the frozen part, or deposit more; nothing was created.',
			);
			expect(error?.httpCode).toBe(String(api.readings.validationStatus));
		});

		it('a swap names the currency it spends', async () => {
			await api.admin('POST', '/__admin/balances', { currency: 'BTC', available: '0.005' });
			const { error } = await api.run('swap', 'create', {
				direction: 'BTC-USDT',
				amountType: 'spend',
				amount: '0.01',
			});
			expect(error?.message).toMatch(
				new RegExp(
					`^Not enough BTC on 001k for this request \\(available [0-9.]+ BTC, frozen [0-9.]+ BTC\\) \\[${insufficientBalance.replace('.', '\\.')}\\]$`,
				),
			);
		});
	},
);
