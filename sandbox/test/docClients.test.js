'use strict';
// The doc's own example clients (§4.1 Python, §4.2 PHP, §4.3 JavaScript) run against a strict sandbox,
// where the interpreter exists. They read `pair.current_price` where the doc's field table says
// latest_price, so the sandbox plays limitPairPriceField=both for them (one more test shows why).
const path = require('path');
const { execFile, execFileSync } = require('child_process');
const { start } = require('./helpers');

const DIR = path.join(__dirname, 'doc-clients');
const KEYS = ['demo-access-key', 'demo-secret-key'];

function has(cmd, args) {
	try {
		execFileSync(cmd, args, { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

/** Runs a client without blocking the event loop (the sandbox answers in this process). */
function runClient(cmd, args) {
	return new Promise((resolve) => {
		execFile(cmd, args, { cwd: DIR, timeout: 60000 }, (error, stdout, stderr) =>
			resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr }),
		);
	});
}

const clients = [
	['Python', 'python3', ['client.py'], has('python3', ['-c', 'import requests'])],
	['PHP', 'php', ['client.php'], has('php', ['-r', 'exit(function_exists("curl_init") ? 0 : 1);'])],
	['JavaScript', process.execPath, ['examples.js'], true],
];

describe.each(clients)("the doc's %s client", (name, cmd, args, available) => {
	if (!available) {
		test.skip(`${name}: no ${cmd} (with its HTTP library) on this machine, so the doc's ${name} examples were not run`, () => {});
		return;
	}
	test("runs every usage example against a strict sandbox and prints the doc's worked numbers", async () => {
		const sb = await start({ strict: true, readings: { limitPairPriceField: 'both' } });
		try {
			const r = await runClient(cmd, [...args, sb.url, ...KEYS]);
			expect([r.code, r.stderr]).toEqual([0, '']);
			for (const line of [
				/^Server timestamp: \d{13}$/m,
				/^BTC: 5\.00000000 \(available\), 0\.00000000 \(frozen\)$/m,
				/^Deposit address: bc1q\w+$/m,
				/^Withdrawal created: WDR\d+$/m,
				/^USDT-BTC: USDT -> BTC \(rate: 0\.00003390\)$/m,
				/^Receive: 294\.85250000 USDT$/m,
				/^Transfer created: TRF\d+$/m,
				/^BTCUSDT: 29485\.25 \(fee: 0\.25%\)$/m,
				/^Quote amount: 290\.00$/m,
				/^AML check created: AML\d+$/m,
			])
				expect(r.stdout).toMatch(line);
			const statuses = r.stdout.match(/^Status: \w+$/gm);
			// withdrawal, swap, transfer, limit order, AML check: as the doc's create examples answer
			expect(statuses).toEqual([
				'Status: pending',
				'Status: open',
				'Status: pending',
				'Status: open',
				'Status: pending',
			]);
			const state = sb.admin.state();
			expect(
				['withdrawal', 'swap', 'internal_transfer', 'limit_order', 'aml_check'].map(
					(t) => state.operations[t].length,
				),
			).toEqual([1, 1, 1, 1, 1]);
		} finally {
			await sb.stop();
		}
	});
});

test("the doc's Python limit-order example stops at pair['current_price'] against a server that follows the field table (latest_price)", async () => {
	if (!clients[0][3]) return;
	const sb = await start({ strict: true });
	try {
		const r = await runClient('python3', ['client.py', sb.url, ...KEYS]);
		expect(r.code).not.toBe(0);
		expect(r.stderr).toMatch(/KeyError: 'current_price'/);
		expect(r.stdout).toMatch(/^Transfer created: TRF\d+$/m);
	} finally {
		await sb.stop();
	}
});
