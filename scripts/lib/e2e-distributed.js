'use strict';
// Queue mode as users scale n8n (n8n docs, "Configuring queue mode"): Postgres, Redis, main,
// two `n8n worker`s, two `n8n webhook` processes behind a round-robin proxy. What this measures,
// on its own sandbox user (carol) so the other checks' books stay as they are:
//  - one deposit callback delivered to both webhook processes (at once, and 3 s apart) into a
//    workflow that sweeps each deposit out with a 001k Withdrawal (Automatic Custom ID):
//    executions started, and withdrawals made — which must be exactly one per deposit;
//  - 100 deposit callbacks through the proxy: none lost, executions per callback;
//  - both workers creating swaps and listing them (Return All) on one API key at once, with the
//    doc's rate limits on: no failed item, the 429s seen (each worker paces itself, not the pair),
//    the share of the limit used;
//  - the poll trigger's state across polls, kept in Postgres.
// Each figure becomes a row of the table the leg prints (and docs/testing.md quotes). Carol's world is in
// e2e-distributed-setup.js; each measurement is in a module of its own (callbacks, workers, poll).
const fs = require('node:fs');
const path = require('node:path');

const stack = require('./stack');
const { workflows, prepare, CRED } = require('./e2e-distributed-setup');
const { duplicateCallbacks, hundredCallbacks } = require('./e2e-distributed-callbacks');
const { twoWorkers } = require('./e2e-distributed-workers');
const { pollState } = require('./e2e-distributed-poll');

const { log } = stack;

function printTable(table, file) {
	const lines = [
		'| Measured (queue mode on Postgres: main + 2 workers + 2 webhook processes) | Result |',
		'|---|---|',
		...table.map(([a, b]) => `| ${a} | ${b} |`),
	];
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, `${lines.join('\n')}\n`);
	log(`Table (also in ${path.relative(stack.repoDir, file)}):\n${lines.join('\n')}`);
}

module.exports = {
	workflows,
	prepare,
	duplicateCallbacks,
	hundredCallbacks,
	twoWorkers,
	pollState,
	printTable,
	CRED,
};
