'use strict';
// Headless Chromium (Debian `chromium`) for the browser half of `npm run test:e2e`, and the moves in
// n8n's editor that several of its steps make.
const fs = require('node:fs');
const { aptInstall } = require('./apt');

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Finds Debian's chromium; installs it with apt when missing and we are allowed to (root/CI). */
function ensureChromium(log) {
	// CHROMIUM_PATH: any Chromium-based browser already there (e.g. a CI runner's Chrome).
	if (process.env.CHROMIUM_PATH && fs.existsSync(process.env.CHROMIUM_PATH))
		return process.env.CHROMIUM_PATH;
	const found = CHROMIUM_CANDIDATES.find((p) => fs.existsSync(p));
	if (found) return found;
	aptInstall('chromium', log, ' (~1 min)');
	const installed = CHROMIUM_CANDIDATES.find((p) => fs.existsSync(p));
	if (!installed) throw new Error('apt-get installed chromium but no binary was found');
	return installed;
}

/** playwright-core's `chromium`, headless, kept off outside hosts. */
function launchChromium(chromium, executablePath) {
	return chromium.launch({
		executablePath,
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-dev-shm-usage',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			// Keep the browser off outside hosts (the editor looks packages up on the npm registry).
			'--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
		],
	});
}

const tid = (id) => `[data-test-id="${id}"]`;

/** A new workflow with a Manual Trigger, and the nodes panel after it searching for "001k". */
async function search001kAfterManualTrigger(page, url) {
	await page.goto(`${url}/workflow/new`);
	await page.locator(tid('canvas-plus-button')).first().click();
	await page.locator(tid('node-creator-search-bar')).fill('manual');
	await page
		.locator(tid('node-creator-item-name'))
		.filter({ hasText: /trigger manually|manual trigger/i })
		.first()
		.waitFor(); // 2.x | 1.x
	await page.keyboard.press('Enter');
	await page.locator(tid('canvas-handle-plus')).first().click();
	await page.locator(tid('node-creator-search-bar')).fill('001k');
}

/** The nodes panel's "001k" entry: n8n lists "001k" and "001k Trigger" as one, both inside. */
const entry001k = (page) =>
	page
		.locator(tid('node-creator-item-name'))
		.filter({ hasText: /^001k$/ })
		.first();

module.exports = { ensureChromium, launchChromium, tid, search001kAfterManualTrigger, entry001k };
