'use strict';
// Browser steps on what the editor says when something is wrong: the nodes panel's description of
// the "001k" entry, and a wrong Secret Key in the credential test and in a dropdown's tooltip.
const { waitUntil } = require('./wait');
const { tid, entry001k } = require('./browser');
const { addTheNodeByItsAction, formOnPage, createForms } = require('./browser-forms');

const WRONG_SECRET = 'not-the-demo-secret';
const CAUSE = /001k rejected the request signature \[signature\.invalid\]/;
const FIX =
	/check that the Secret Key in the 001k credential is the one issued with this Access Key/;

/** Fails unless the text names the cause and the fix, shows no "[object Object]" and no secret. */
function namesCauseAndFix(where, text) {
	const problems = [];
	if (!CAUSE.test(text)) problems.push('no cause');
	if (!FIX.test(text)) problems.push('no fix');
	if (text.includes('[object Object]')) problems.push('"[object Object]"');
	if (text.includes(WRONG_SECRET)) problems.push('the secret');
	if (problems.length) throw new Error(`${where}: ${problems.join(', ')} in "${text}"`);
}

/**
 * n8n merges "001k" and "001k Trigger" into one entry and shows the trigger's description for it
 * (editor: generateMergedNodesAndActions sets `description = trigger.description`): ours names the actions.
 */
async function entryDescribesTheActions({ page, o }) {
	const item = entry001k(page)
		.locator('xpath=ancestor::*[.//*[@data-test-id="node-creator-item-description"]][1]')
		.locator(tid('node-creator-item-description'))
		.first();
	const seen = await waitUntil(
		'the "001k" entry describes the package\'s actions',
		async () => (await item.innerText({ timeout: 1000 })).replace(/\s+/g, ' ').trim(),
		(text) =>
			/balances, deposits, withdrawals, swaps, transfers, limit orders, AML checks/.test(text),
		{ timeoutMs: 30000, show: (text) => `"${text}"` },
	);
	o.log(`  nodes panel entry: "${seen}"`);
}

/** In the open credential dialog: a wrong Secret Key, saved (which runs the test), and the test's message read. */
async function credentialTestWithWrongSecret(ui) {
	const { page, o, shot } = ui;
	const modal = page.locator(tid('editCredential-modal'));
	await modal.waitFor();
	const secret = modal.locator(tid('parameter-input-secretKey')).locator('input').first();
	// n8n opens the credential the node picked: the dropdown step uses the same one.
	ui.wrongSecretCredential = (await modal.innerText()).split('\n')[0].trim();
	await secret.fill(WRONG_SECRET);
	await modal.locator(tid('credential-save-button')).click();
	const text = await waitUntil(
		"the credential test's message names the wrong signature",
		async () => {
			const details = modal.getByText(/more details/i);
			if (await details.count())
				await details
					.first()
					.click({ timeout: 1000 })
					.catch(() => {});
			return (await modal.innerText({ timeout: 1000 })).replace(/\s+/g, ' ');
		},
		(t) => CAUSE.test(t),
		{ timeoutMs: 60000, show: (t) => `"${t.slice(0, 600)}"` },
	);
	namesCauseAndFix('the credential test', text);
	o.log(`  credential test: "${CAUSE.exec(text)[0]}…"`);
	await shot('credential-test-wrong-secret.png');
	await page.keyboard.press('Escape');
	await modal.waitFor({ state: 'hidden' }).catch(() => {});
}

/** A withdrawal form with the wrong-secret credential: the Method dropdown's tooltip says why it is empty. */
async function dropdownTooltipWithWrongSecret(ui) {
	const { page, o, shot } = ui;
	const form = createForms().find((f) => f.action === 'Create a withdrawal');
	await addTheNodeByItsAction(ui, form);
	const f = formOnPage(ui, form);
	await f.ndv.locator(tid('node-parameters')).waitFor();
	// n8n may pick another 001k credential for a new node: use the one with the wrong Secret Key.
	await f.ndv.locator(tid('node-credentials-select')).first().click();
	await page
		.getByText(ui.wrongSecretCredential, { exact: true })
		.filter({ visible: true })
		.first()
		.click();
	// n8n loads the options again, and shows a fresh node's issues, only once the node is reopened.
	await f.reopen();
	const issue = f.itemOf('method').locator(tid('parameter-issues')).first();
	const text = await waitUntil(
		"the Method dropdown's issue tooltip",
		async () => {
			await issue.hover({ timeout: 1000 });
			const tip = page
				.getByText(/problem loading the parameter options/i)
				.filter({ visible: true });
			return (await tip.allInnerTexts()).join(' ').replace(/\s+/g, ' ');
		},
		// An earlier failure (options asked for before the credential was set) may show first.
		(t) => /problem loading the parameter options/i.test(t) && CAUSE.test(t),
		{ timeoutMs: 60000, show: (t) => `"${t.slice(0, 600)}"` },
	);
	namesCauseAndFix('the dropdown tooltip', text);
	o.log(`  dropdown tooltip: "${text.slice(0, 160)}…"`);
	await shot('dropdown-wrong-secret.png');
}

module.exports = {
	entryDescribesTheActions,
	credentialTestWithWrongSecret,
	dropdownTooltipWithWrongSecret,
};
