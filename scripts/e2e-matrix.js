#!/usr/bin/env node
'use strict';
// npm run test:e2e:matrix: the e2e suite where users run n8n (`npm run test:all` and CI run it):
//   1. n8n 2.41.1 on Node 24, regular mode, with the browser pass (scripts/e2e.js)
//   2. n8n 1.x (N8N_1X_VERSION, default below) on this machine's Node (20.19+), with the browser pass
//   3. n8n 2.41.1 killed mid-request, sub-workflows, Retry On Fail (scripts/e2e-runs.js; with leg 1,
//      what `npm run test:e2e` runs)
//   4. queue mode on n8n 2.41.1 as n8n's docs lay it out: Postgres + redis-server, main, two
//      `n8n worker`s, two `n8n webhook` processes behind a round-robin proxy (no browser pass);
//      prints its measurements as a table (test-results/e2e-queue-table.md)
// Each leg is `node scripts/e2e.js` with flags, one after the other (2 cores: not in parallel).
// The first run installs each n8n into the cache (~5–10 min each); later runs reuse them.
// MATRIX_ONLY=2x|1x|runs|queue (comma-separated) runs some legs. Extra arguments go to every leg's e2e.js.
const path = require('node:path');
const { spawn } = require('node:child_process');

const N8N_1X_VERSION = process.env.N8N_1X_VERSION || '1.123.81';
const only = process.env.MATRIX_ONLY ? process.env.MATRIX_ONLY.split(',') : null;
const legs = [
	{ key: '2x', name: 'n8n 2.41.1 on Node 24 (regular mode)', args: ['--n8n', '2.41.1'] },
	{
		key: '1x',
		name: `n8n ${N8N_1X_VERSION} on Node ${process.versions.node}`,
		args: ['--n8n', N8N_1X_VERSION],
	},
	{
		key: 'runs',
		name: 'n8n 2.41.1: exactly once when n8n dies, in sub-workflows, with Retry On Fail',
		script: 'e2e-runs.js',
		args: [],
	},
	{
		key: 'queue',
		name: 'n8n 2.41.1 queue mode (Postgres + redis, main + 2 workers + 2 webhook processes)',
		args: ['--n8n', '2.41.1', '--queue'],
	},
].filter((l) => !only || only.includes(l.key));

const fmt = (ms) => {
	const s = Math.round(ms / 1000);
	return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
};

function runLeg(leg) {
	return new Promise((resolve) => {
		const t = Date.now();
		process.stdout.write(`\n[matrix] ── ${leg.name} ──\n`);
		const env = { ...process.env };
		delete env.N8N_VERSION;
		delete env.E2E_QUEUE;
		const child = spawn(
			process.execPath,
			[path.join(__dirname, leg.script ?? 'e2e.js'), ...leg.args, ...process.argv.slice(2)],
			{
				stdio: 'inherit',
				env,
			},
		);
		let stopping = false;
		const forward = (sig) => {
			stopping = true;
			child.kill(sig);
		};
		process.once('SIGINT', forward);
		process.once('SIGTERM', forward);
		child.on('exit', (code, signal) => {
			process.off('SIGINT', forward);
			process.off('SIGTERM', forward);
			resolve({ ...leg, ok: code === 0, code: code ?? signal, ms: Date.now() - t, stopping });
		});
	});
}

(async () => {
	const t0 = Date.now();
	const results = [];
	for (const leg of legs) {
		const r = await runLeg(leg);
		results.push(r);
		if (r.stopping) break;
	}
	process.stdout.write('\n[matrix] summary\n');
	for (const r of results)
		process.stdout.write(
			`[matrix]   ${r.ok ? '✓' : '✗'} ${r.name} (${fmt(r.ms)})${r.ok ? '' : ` exit ${r.code}`}\n`,
		);
	process.stdout.write(`[matrix] total ${fmt(Date.now() - t0)}\n`);
	process.exit(results.length === legs.length && results.every((r) => r.ok) ? 0 : 1);
})();
