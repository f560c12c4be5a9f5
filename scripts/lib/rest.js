'use strict';
// Reading executions back from n8n's REST API (signed in as the owner), for the e2e checks.
const path = require('node:path');

const install = require('./n8n-install');
const { sleep, waitUntil } = require('./wait');

async function restGet(url, cookie, p) {
	const res = await fetch(`${url}${p}`, { headers: { cookie } });
	if (!res.ok) throw new Error(`GET ${p}: ${res.status} ${await res.text()}`);
	return (await res.json()).data;
}

/**
 * Every execution of a workflow, newest first. n8n pages at most 100 per call: 2.x hands back an
 * opaque `nextCursor` (and refuses lastId), 1.x pages by lastId.
 */
async function executionsOf(url, cookie, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const all = new Map();
	for (let next = ''; ;) {
		const page = await restGet(url, cookie, `/rest/executions?filter=${filter}&limit=100${next}`);
		for (const e of page.results) all.set(e.id, e);
		if ('nextCursor' in page) {
			if (!page.nextCursor) break;
			next = `&cursor=${encodeURIComponent(page.nextCursor)}`;
		} else {
			if (page.results.length < 100) break;
			next = `&lastId=${page.results[page.results.length - 1].id}`;
		}
	}
	return [...all.values()];
}

/**
 * Waits for `count` finished executions, then a little longer to see that no extra one comes; an
 * extra one that started meanwhile is waited for too, so no returned execution is still running.
 * Returns what it last saw when `timeoutMs` runs out: the caller's assertions say what is missing.
 */
async function waitForExecutions(
	url,
	cookie,
	workflowId,
	count,
	{ settleMs = 3000, timeoutMs = 120000, except = new Set() } = {},
) {
	const list = async () =>
		(await executionsOf(url, cookie, workflowId)).filter((e) => !except.has(e.id));
	const finished = (e) => e.status !== 'running' && e.status !== 'new';
	const until = (ok) =>
		waitUntil('executions', list, ok, { timeoutMs, everyMs: 500, orLastSeen: true });
	const all = await until((a) => a.filter(finished).length >= count && a.every(finished));
	if (!settleMs) return all;
	await sleep(settleMs);
	return await until((a) => a.every(finished));
}

/** One execution with its run data parsed (n8n stores it flatted). */
async function execution(url, cookie, id) {
	const full = await restGet(url, cookie, `/rest/executions/${id}`);
	const flatted = require(path.join(install.n8nDir, 'node_modules', 'flatted'));
	return { ...full, data: typeof full.data === 'string' ? flatted.parse(full.data) : full.data };
}

/** The items a node output in its first run (first output). */
function outputOf(data, nodeName) {
	return (data.resultData.runData[nodeName]?.[0]?.data?.main?.[0] ?? []).map((i) => i.json);
}

/** The `code` our trigger emitted in an execution. */
async function triggerCode(url, cookie, id, nodeName) {
	return outputOf((await execution(url, cookie, id)).data, nodeName)[0]?.code;
}

module.exports = { restGet, executionsOf, waitForExecutions, execution, outputOf, triggerCode };
