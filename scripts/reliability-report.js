#!/usr/bin/env node
// Prints the reliability suite's summary table (issue: faults, bad input, secrets, load) from the
// figures each test file wrote, and saves it as markdown. Exits non-zero if a figure that must be
// zero is not, or if a part of the suite left no figures.
const fs = require('fs');
const path = require('path');

const dir = path.join(__dirname, '..', 'test-results', 'reliability');
const read = (name) => {
	const file = path.join(dir, `${name}.json`);
	return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
};

const rows = [];
const missing = [];
for (const name of ['withdrawal', 'internalTransfer', 'swap', 'limitOrder', 'amlCheck']) {
	const f = read(`faults-${name}`);
	if (!f) {
		missing.push(`faults-${name}`);
		continue;
	}
	rows.push([
		`${name} create under faults`,
		f.trials,
		f.faults,
		f.duplicates,
		f.losses,
		'–',
		'–',
		'–',
		`${f.succeeded} created, ${f.failedCleanly} clear errors`,
	]);
}
const idioms = read('idioms-all');
if (idioms)
	rows.push([
		'exactly once by intent: event → faults → Retry → duplicated event',
		idioms.trials,
		idioms.faults,
		idioms.duplicates,
		idioms.losses,
		'–',
		idioms.misreported,
		'–',
		`${idioms.payouts} payouts, ${idioms.failedInFirstRun} failed in the first run and were paid by the Retry, ${idioms.replayedOnDuplicate} answered replayed to the duplicate (seed ${idioms.seed})`,
	]);
else missing.push('idioms-all');
const crash = read('crashRetries-all');
if (crash)
	rows.push([
		'exactly once when n8n dies mid-batch: faults → crash → Retry in a new execution',
		crash.trials,
		crash.faults,
		crash.duplicates + crash.paidTwiceWithoutRecord,
		crash.losses,
		'–',
		'–',
		'–',
		`${crash.payouts} payouts, ${crash.paidBeforeCrash} paid before the crash and ${crash.foundBySearch} found again by the retry's search; with no saved start ${crash.refusedWithoutRecord} refused, none paid (seed ${crash.seed})`,
	]);
else missing.push('crashRetries-all');
const bad = read('badInput-all');
if (bad)
	rows.push([
		'bad input, every parameter',
		bad.cases,
		'–',
		'–',
		'–',
		bad.rejectedBeforeSending + bad.rejectedByApi,
		bad.misrouted,
		'–',
		`${bad.rejectedBeforeSending} refused before sending, ${bad.rejectedByApi} by the API, ${bad.crashes} crashes`,
	]);
else missing.push('badInput-all');
const secrets = read('secrets-all');
if (secrets)
	rows.push([
		'secrets in outputs, errors, logs',
		secrets.scenarios,
		'–',
		'–',
		'–',
		'–',
		'–',
		secrets.secretOccurrences + secrets.signatureOccurrences,
		`${secrets.signaturesTracked} signatures tracked, ${secrets.bytesScanned} bytes scanned`,
	]);
else missing.push('secrets-all');
const load = read('triggerLoad-all');
if (load)
	rows.push([
		'trigger, 1,000 concurrent callbacks ×3',
		load.callbacks,
		load.forged,
		load.emittedTwice,
		load.lost,
		load.forged - load.forgedEmitted,
		'–',
		'–',
		`${load.emitted} emitted, ${load.status429} × 429, heap +${load.heapGrowthMb} MB, ${load.storedKeys} keys stored`,
	]);
else missing.push('triggerLoad-all');

const attacks = read('attacks-all');
if (attacks) {
	const kinds = Object.entries(attacks.byKind)
		.map(([k, n]) => `${k} ${n}`)
		.join(', ');
	rows.push([
		'signing attacks (policy spellings, hidden destinations, redirects)',
		attacks.attacks + attacks.redirects,
		attacks.attacks + attacks.redirects,
		'–',
		'–',
		attacks.refusedNamingRule,
		attacks.sentUnchecked + attacks.redirectsFollowed,
		'–',
		`${attacks.refusedNamingRule} refused naming the rule (${kinds}); ${attacks.redirects} redirected requests, ${attacks.redirectsFollowed} followed; ${attacks.controlsSent}/${attacks.controls} compliant controls sent; seed ${attacks.seed}`,
	]);
} else missing.push('attacks-all');

const header = [
	'Area',
	'Trials',
	'Faults / forged',
	'Duplicates',
	'Losses',
	'Rejected bad inputs',
	'Misrouted',
	'Leaked secrets',
	'Notes',
];
const table = [header, header.map(() => '---'), ...rows]
	.map((r) => `| ${r.join(' | ')} |`)
	.join('\n');
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'summary.md'), `${table}\n`);
console.log(`\nReliability summary (${new Date().toISOString()})\n\n${table}\n`);

const mustBeZero = rows
	.flatMap((r) => [r[3], r[4], r[6], r[7]])
	.filter((v) => v !== '–' && v !== 0);
if (missing.length) console.error(`missing figures: ${missing.join(', ')}`);
if (mustBeZero.length || missing.length || (bad && bad.crashes) || (load && load.forgedEmitted)) {
	console.error('reliability: a figure that must be zero is not');
	process.exit(1);
}
