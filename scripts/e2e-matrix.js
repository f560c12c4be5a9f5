#!/usr/bin/env node
'use strict';
// npm run test:e2e:matrix: the e2e suite where users run n8n, beyond the default
// `npm run test:e2e` (n8n 2.41.1 on Node 24, regular mode):
//   1. n8n 1.x (N8N_1X_VERSION, default below) on this machine's Node (20.19+), with the browser pass
//   2. queue mode on n8n 2.41.1: redis-server + n8n main + one n8n worker (no browser pass)
// Each leg is `node scripts/e2e.js` with flags, one after the other (2 cores: not in parallel).
// The first run installs n8n 1.x into the cache (~5–8 min, like 2.41.1); later runs reuse it.
// MATRIX_ONLY=1x|queue runs one leg. Extra arguments go to every leg's e2e.js.
const path = require('node:path');
const { spawn } = require('node:child_process');

const N8N_1X_VERSION = process.env.N8N_1X_VERSION || '1.123.81';
const legs = [
	{ key: '1x', name: `n8n ${N8N_1X_VERSION} on Node ${process.versions.node}`, args: ['--n8n', N8N_1X_VERSION] },
	{ key: 'queue', name: 'n8n 2.41.1 queue mode (redis + main + worker)', args: ['--n8n', '2.41.1', '--queue'] },
].filter((l) => !process.env.MATRIX_ONLY || process.env.MATRIX_ONLY === l.key);

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
		const child = spawn(process.execPath, [path.join(__dirname, 'e2e.js'), ...leg.args, ...process.argv.slice(2)], {
			stdio: 'inherit',
			env,
		});
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
	for (const r of results) process.stdout.write(`[matrix]   ${r.ok ? '✓' : '✗'} ${r.name} (${fmt(r.ms)})${r.ok ? '' : ` exit ${r.code}`}\n`);
	process.stdout.write(`[matrix] total ${fmt(Date.now() - t0)}\n`);
	process.exit(results.length === legs.length && results.every((r) => r.ok) ? 0 : 1);
})();
