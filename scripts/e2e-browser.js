'use strict';
// The browser half of `npm run test:e2e`: headless Chromium (Debian `chromium`) driven by
// playwright-core signs into the n8n editor, finds "001k" in the nodes panel, adds the node,
// tests the "001k API" credential against the sandbox and saves screenshots for docs/ (README and docs/testing.md).
// Chromium and the editor moves several steps share: scripts/lib/browser.js; the fresh create
// forms: scripts/lib/browser-forms.js.
const fs = require('node:fs');
const path = require('node:path');
const { waitUntil } = require('./lib/wait');
const install = require('./lib/n8n-install');
const {
	ensureChromium,
	launchChromium,
	tid,
	search001kAfterManualTrigger,
	entry001k,
} = require('./lib/browser');
const { trackOptionRequests, createForms, freshFormIsClean } = require('./lib/browser-forms');
const {
	entryDescribesTheActions,
	credentialTestWithWrongSecret,
	dropdownTooltipWithWrongSecret,
} = require('./lib/browser-errors');

/**
 * @param {{url: string, owner: {email: string, password: string}, screenshotsDir: string,
 *          failuresDir: string, sandbox: object, log: (m: string) => void,
 *          sweepWorkflowId: string, balanceWorkflowId: string,
 *          balanceWorkflowNodes: string[]}} o
 */
async function runBrowserChecks(o) {
	const { chromium } = require('playwright-core');
	const executablePath = ensureChromium(o.log);
	fs.mkdirSync(o.screenshotsDir, { recursive: true });
	fs.mkdirSync(o.failuresDir, { recursive: true });
	const browser = await launchChromium(chromium, executablePath);
	const context = await browser.newContext({ viewport: { width: 1280, height: 760 } });
	const page = await context.newPage();
	page.setDefaultTimeout(30000);
	const optionRequests = trackOptionRequests(page);
	const shot = async (name, opts = {}) => {
		await page.waitForTimeout(400); // dialogs fade in
		const file = path.join(o.screenshotsDir, name);
		await page.screenshot({ path: file, ...opts });
		o.log(`  screenshot ${path.relative(process.cwd(), file)}`);
	};
	/** What every step uses: the page, the run's options, screenshots, the options requests. */
	const ui = { page, o, shot, optionRequests };
	let current = 'start';
	const step = async (name, fn) => {
		current = name;
		const t = Date.now();
		await fn();
		o.log(`  ✓ browser: ${name} (${Date.now() - t} ms)`);
	};
	try {
		await step('sign in', () => signIn(ui));
		await step('an imported example workflow opens', () => exampleOpens(ui));
		await step('an example with a schedule and a Run now trigger executes from Run now', () =>
			runNowStartsTheExample(ui),
		);
		for (const form of createForms())
			await step(`fresh "${form.action}" form: options loaded, no issue on an optional field`, () =>
				freshFormIsClean(ui, form),
			);
		await step('find "001k" in the nodes panel', () => find001k(ui));
		// n8n 1.x lists search results by name only, without descriptions.
		if (install.N8N_MAJOR >= 2)
			await step('the "001k" entry describes the actions', () => entryDescribesTheActions(ui));
		await step('open the node: its actions', () => listsItsActions(ui));
		await step('run the node in the editor: balances from the sandbox', () => runsInTheEditor(ui));
		await step('test the "001k API" credential against the sandbox', () => credentialTest(ui));
		// Last: they leave the imported credential with a wrong Secret Key.
		await step('a wrong Secret Key: the credential test names the cause and the fix', () =>
			credentialTestWithWrongSecret(ui),
		);
		// 2.x only: on 1.x the node would not reopen after the credential dialog (dblclick timed out); the REST credential check covers 1.x's sentence.
		if (install.N8N_MAJOR >= 2)
			await step(
				"a wrong Secret Key: the Method dropdown's tooltip names the cause and the fix",
				() => dropdownTooltipWithWrongSecret(ui),
			);
	} catch (e) {
		fs.mkdirSync(o.failuresDir, { recursive: true });
		const file = path.join(o.failuresDir, 'browser-failure.png');
		await page.screenshot({ path: file }).catch(() => {});
		throw new Error(`browser step "${current}" failed: ${e.message}\n  (screenshot ${file})`);
	} finally {
		await browser.close();
	}
}

async function signIn({ page, o }) {
	await page.goto(`${o.url}/signin`);
	const form = page.locator(tid('signin-form'));
	await form.waitFor();
	await form.locator('input').nth(0).fill(o.owner.email);
	await form.locator('input[type="password"]').fill(o.owner.password);
	await form.locator('input[type="password"]').press('Enter');
	await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
}

async function exampleOpens({ page, o, shot }) {
	await page.goto(`${o.url}/workflow/${o.sweepWorkflowId}`);
	await page.locator('[data-test-id="canvas-node"]').first().waitFor();
	await page.getByText('Withdraw the surplus').first().waitFor();
	await page.waitForTimeout(800);
	await shot('example-workflow.png');
}

async function runNowStartsTheExample({ page, o }) {
	await page.goto(`${o.url}/workflow/${o.balanceWorkflowId}`);
	const run = page.locator(tid('execute-workflow-button')).first();
	const canvasNode = (name) => page.locator(tid('canvas-node')).filter({ hasText: name });
	// With one enabled trigger n8n shows a plain button that starts from it; with several, a
	// split button "… from <trigger>". Either way it must be Run now, not the schedule.
	// The button follows the workflow's triggers, so it counts only once every node (the
	// disabled schedule trigger too) is on the canvas: before that it is a plain button.
	const seen = await waitUntil(
		'the example drawn with an execute button that starts from Run now',
		async () => {
			const missing = [];
			for (const name of o.balanceWorkflowNodes)
				if (!(await canvasNode(name).count())) missing.push(name);
			const text = await run.innerText({ timeout: 1000 }).catch(() => '');
			return {
				missing,
				text: text.replace(/\s+/g, ' ').trim(),
				split: await page.getByRole('button', { name: 'Select trigger node' }).count(),
			};
		},
		(v) =>
			!v.missing.length &&
			v.text !== '' &&
			(v.split ? /from Run now/.test(v.text) : !/from/.test(v.text)),
		{
			timeoutMs: 60000,
			show: (v) =>
				`the execute button says "${v.text}" (${v.split ? 'split' : 'plain'})${v.missing.length ? `, not on the canvas: ${v.missing.join(', ')}` : ''}`,
		},
	);
	o.log(`  the execute button says "${seen.text}"`);
}

async function find001k({ page, o, shot }) {
	// Start with a Manual Trigger, then open the nodes panel after it (action nodes).
	await search001kAfterManualTrigger(page, o.url);
	await entry001k(page).waitFor();
	await shot('nodes-panel.png');
}

async function listsItsActions({ page, o, shot }) {
	await entry001k(page).click();
	const actions = page.locator('[data-keyboard-nav-id^="n8n-nodes-001k.zeroZeroOneK-"]');
	const header = page
		.locator(tid('node-creator-category-item'))
		.filter({ hasText: /^\s*Actions\s*\(\d+\)/ });
	// n8n draws a long list a few items at a time: count once it holds what "Actions (N)" says.
	const { listed } = await waitUntil(
		'the nodes panel lists as many actions as its "Actions (N)" header says',
		async () => {
			const [text = ''] = await header.allTextContents();
			return { header: text.trim(), listed: await actions.count() };
		},
		(v) => v.header !== '' && v.listed === Number(/\((\d+)\)/.exec(v.header)[1]),
		{ timeoutMs: 60000, show: (v) => `${v.listed} listed under "${v.header}"` },
	);
	if (listed < 20) throw new Error(`only ${listed} actions listed`);
	o.log(`  ${listed} actions listed`);
	await page.locator('[data-keyboard-nav-id="Triggers"]').first().waitFor();
	await shot('node-actions.png');
	await actions
		.filter({ hasText: /get balances/i })
		.first()
		.click();
	await page.locator(tid('ndv')).waitFor();
	await page.locator(tid('parameter-input-resource')).waitFor();
}

async function runsInTheEditor({ page, shot }) {
	const ndv = page.locator(tid('ndv'));
	await ndv.locator(tid('node-execute-button')).first().click();
	await ndv.locator(tid('output-panel')).getByText('USDT').first().waitFor();
	await shot('node-run.png');
}

async function credentialTest({ page, o, shot }) {
	const before = o.sandbox.admin.requests().filter((r) => r.route === '/api/v1/balance').length;
	const ndv = page.locator(tid('ndv'));
	// Dismiss the "Node executed successfully" toast so it does not cover the dialog.
	const toastClose = page.locator('.el-notification .el-notification__closeBtn');
	if (await toastClose.count())
		await toastClose
			.first()
			.click()
			.catch(() => {});
	// The imported "001k sandbox" credential is picked automatically; open it for editing.
	const edit = ndv.locator(tid('credential-edit-button'));
	if (await edit.count()) {
		await edit.first().click();
	} else {
		await ndv.locator(tid('node-credentials-select')).first().click();
		await page.getByText('001k sandbox').first().click();
		await ndv.locator(tid('credential-edit-button')).first().click();
	}
	const modal = page.locator(tid('editCredential-modal'));
	await modal.waitFor();
	const save = modal.locator(tid('credential-save-button'));
	const tested = modal.getByText(/connection tested successfully/i);
	// 2.x: saving runs the credential's test. 1.x tests it when the dialog opens and shows
	// Save only after a change.
	await save.or(tested).first().waitFor();
	if (await save.isVisible()) await save.click();
	await tested.waitFor({ timeout: 30000 });
	const after = o.sandbox.admin.requests().filter((r) => r.route === '/api/v1/balance').length;
	if (after <= before) throw new Error('the credential test did not reach the sandbox');
	await page.waitForTimeout(500);
	await shot('credential-test.png');
}

module.exports = { runBrowserChecks, ensureChromium };
