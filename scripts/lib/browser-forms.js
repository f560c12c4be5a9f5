'use strict';
// The browser's fresh-form checks (scripts/e2e-browser.js): a create form as a first-time user opens
// it loads its dropdowns from the sandbox and shows no red issue on an optional field (e.g. "The
// value "" is not supported!" on the optional Method). A form only counts once its options have
// loaded: n8n does not run the "supported value" check while a dropdown has no options.
const path = require('node:path');
const { waitUntil } = require('./wait');
const { tid, search001kAfterManualTrigger, entry001k } = require('./browser');

/**
 * The editor's requests for dropdown options (POST /rest/dynamic-node-parameters/options), by the
 * parameter they load: which were answered since `reset()`, and which are still in flight.
 */
function trackOptionRequests(page) {
	const isOptions = (r) => /\/rest\/dynamic-node-parameters\/options\b/.test(r.url());
	const nameOf = (r) => {
		let p;
		try {
			p = JSON.parse(r.postData() || '{}').path;
		} catch {
			p = undefined;
		}
		return String(p ?? new URL(r.url()).searchParams.get('path') ?? '').replace(
			/^parameters\./,
			'',
		);
	};
	const t = {
		answered: new Set(),
		inFlight: new Set(),
		reset: () => (t.answered.clear(), t.inFlight.clear()),
	};
	const over = (r) => {
		if (!t.inFlight.delete(r)) return;
		t.answered.add(nameOf(r));
	};
	page.on('request', (r) => isOptions(r) && t.inFlight.add(r));
	page.on('requestfinished', over);
	page.on('requestfailed', over);
	return t;
}

/**
 * The five create forms the browser opens, with the top-level fields n8n shows on them (read from
 * the built node description with n8n-workflow's own display logic): optional ones and dropdowns.
 */
function createForms() {
	const { NodeHelpers } = require('n8n-workflow');
	const { ZeroZeroOneK } = require('../../dist/nodes/ZeroZeroOneK/ZeroZeroOneK.node.js');
	const { description } = new ZeroZeroOneK();
	const forms = [
		['Create a withdrawal', 'withdrawal', 'create'],
		['Create a swap', 'swap', 'create'],
		['Create a limit order', 'limitOrder', 'create'],
		['Generate a deposit address', 'deposit', 'generateAddress'],
		['Create an AML check', 'amlCheck', 'create'],
	];
	return forms.map(([action, resource, operation]) => {
		const node = { typeVersion: 1 };
		const values = NodeHelpers.getNodeParameters(
			description.properties,
			{ resource, operation },
			true,
			false,
			node,
			description,
		);
		const shown = description.properties.filter((p) =>
			NodeHelpers.displayParameter(values, p, node, description),
		);
		return {
			action,
			optional: shown
				.filter((p) => !p.required && !['resource', 'operation'].includes(p.name))
				.map((p) => p.name),
			dropdowns: shown.filter((p) => p.typeOptions?.loadOptionsMethod).map((p) => p.name),
		};
	});
}

/**
 * One form in the node details view: `fail` (a screenshot, then the error), `settle` (until every
 * dropdown has its options), `reopen` (close the node and open it again), `flaggedNow` (a field
 * shows n8n's red issue).
 */
function formOnPage({ page, o, optionRequests }, form) {
	const ndv = page.locator(tid('ndv'));
	const slug = form.action.toLowerCase().replace(/[^a-z]+/g, '-');
	const fail = async (message) => {
		await page
			.screenshot({ path: path.join(o.failuresDir, `fresh-form-${slug}.png`) })
			.catch(() => {});
		throw new Error(message);
	};
	// Every dropdown on the form with its options applied: n8n checks a value only then.
	const settle = async () => {
		await ndv.locator(tid('node-parameters')).waitFor();
		const last = await waitUntil(
			'options loaded',
			async () => {
				const absent = [];
				const loading = []; // n8n disables a dropdown while its options load
				for (const name of form.dropdowns) {
					const input = ndv.locator(tid(`parameter-input-${name}`));
					if (!(await input.count())) absent.push(name);
					else if (await input.locator('input[disabled]').count()) loading.push(name);
				}
				const unanswered = form.dropdowns.filter((n) => !optionRequests.answered.has(n));
				// Options asked for before the credential was set stay disabled: the caller reopens the node.
				const fetchError = await fetchErrorShown(ndv);
				return { absent, unanswered, inFlight: optionRequests.inFlight.size, loading, fetchError };
			},
			(v) =>
				v.fetchError ||
				(!v.absent.length && !v.unanswered.length && !v.inFlight && !v.loading.length),
			{ timeoutMs: 60000, orLastSeen: true },
		);
		if (last.fetchError) return;
		if (last.absent.length || last.unanswered.length || last.inFlight || last.loading.length)
			await fail(
				`"${form.action}": the dropdowns' options did not load within 60 s: ${JSON.stringify(last)}`,
			);
	};
	const reopen = async () => {
		await page
			.locator(tid('ndv-close-button'))
			.first()
			.click()
			.catch(async () => page.keyboard.press('Escape'));
		optionRequests.reset();
		await page
			.locator('[data-test-id="canvas-node"]')
			.filter({ hasText: form.action })
			.first()
			.dblclick();
		await settle();
	};
	const itemOf = (name) =>
		ndv
			.locator(tid('parameter-item'))
			.filter({ has: page.locator(tid(`parameter-input-${name}`)) })
			.first();
	const flaggedNow = async (name) =>
		(await itemOf(name).locator(tid('parameter-issues')).count()) +
			(await itemOf(name)
				.getByText(/is not supported/i)
				.count()) >
		0;
	return { ndv, fail, settle, reopen, itemOf, flaggedNow };
}

/** n8n's "Error fetching options" on a dropdown: as text, or inside a disabled input (its value or placeholder). */
async function fetchErrorShown(ndv) {
	if (await ndv.getByText(/Error fetching options/i).count()) return true;
	return await ndv
		.locator('input')
		.evaluateAll((inputs) =>
			inputs.some((i) => /Error fetching options/i.test(`${i.value} ${i.placeholder}`)),
		);
}

/** A new workflow: Manual Trigger, then the 001k node added from the panel by this action. */
async function addTheNodeByItsAction({ page, o, optionRequests }, form) {
	await search001kAfterManualTrigger(page, o.url);
	await entry001k(page).click();
	const actions = page.locator('[data-keyboard-nav-id^="n8n-nodes-001k.zeroZeroOneK-"]');
	optionRequests.reset();
	await actions
		.filter({ hasText: new RegExp(`^\\s*${form.action}\\s*$`, 'i') })
		.first()
		.click();
}

/**
 * With several credentials of the type, n8n 2.41 loads the dropdowns before it picks the credential
 * ("Node does not have any credentials set") and does not reload them; opening the node again
 * does. (With one credential it is picked when the node is added.)
 */
async function optionsLoaded({ o }, form, f) {
	await f.settle();
	if (await fetchErrorShown(f.ndv)) {
		o.log('  options were requested before the credential was set: reopening the node');
		await f.reopen();
	}
	if (await fetchErrorShown(f.ndv))
		await f.fail(`"${form.action}": the dropdowns did not load (Error fetching options)`);
}

async function noOptionalFieldFlagged(form, f) {
	const flagged = [];
	let found = 0;
	for (const name of form.optional) {
		if (!(await f.ndv.locator(tid(`parameter-input-${name}`)).count())) continue;
		if (!(await f.itemOf(name).count()))
			await f.fail(`"${form.action}": no parameter item around ${name}`);
		found++;
		if (await f.flaggedNow(name)) flagged.push(name);
	}
	if (!found) await f.fail(`"${form.action}": none of the optional fields was found on the form`);
	if (flagged.length)
		await f.fail(
			`"${form.action}": optional field(s) flagged on a fresh form: ${flagged.join(', ')}`,
		);
}

/**
 * Control: the same check does see n8n's red issue, on the empty required Currency once the node is
 * no longer fresh (closed and opened again), while the Method stays clean.
 */
async function controlSeesAnIssue({ o }, f) {
	await f.reopen();
	const currencyFlagged = await waitUntil(
		'the empty required Currency flagged',
		() => f.flaggedNow('currency'),
		Boolean,
		{ timeoutMs: 30000, orLastSeen: true },
	);
	if (!currencyFlagged)
		await f.fail(
			'control failed: the empty required Currency shows no issue after reopening, so the check cannot see one',
		);
	if (await f.flaggedNow('method')) await f.fail('the optional Method is flagged after reopening');
	o.log(
		'  control: after reopening, the empty required Currency is flagged and the optional Method is not',
	);
}

/** A fresh create form: options loaded, no issue on an optional field (screenshot of the withdrawal's). */
async function freshFormIsClean(ui, form) {
	await addTheNodeByItsAction(ui, form);
	const f = formOnPage(ui, form);
	await optionsLoaded(ui, form, f);
	await noOptionalFieldFlagged(form, f);
	if (form.action === 'Create a withdrawal') {
		await ui.shot('withdrawal-create.png');
		await controlSeesAnIssue(ui, f);
	}
	for (const name of form.dropdowns) {
		const loaded = await f.ndv.locator(tid(`parameter-input-${name}`)).count();
		if (!loaded) await f.fail(`"${form.action}": dropdown ${name} is not on the form`);
	}
}

module.exports = {
	trackOptionRequests,
	createForms,
	freshFormIsClean,
	addTheNodeByItsAction,
	formOnPage,
};
