import type { IPollFunctions, IWebhookFunctions } from 'n8n-workflow';

/** Keys kept in workflow static data (survives restarts) and in this process (catches concurrent repeats). */
const STATIC_LIMIT = 2_000;
const MEMORY_LIMIT = 10_000;

const memory = new Map<string, Set<string>>();

export function scopeOf(this: IWebhookFunctions | IPollFunctions): string {
	return `${this.getWorkflow().id ?? ''}:${this.getNode().id}`;
}

function recentFor(this: IWebhookFunctions | IPollFunctions): Set<string> {
	const scope = scopeOf.call(this);
	let recent = memory.get(scope);
	if (!recent) {
		recent = new Set();
		memory.set(scope, recent);
	}
	return recent;
}

/** Whether a key was already remembered, without remembering it. */
export function wasSeen(this: IWebhookFunctions | IPollFunctions, key: string): boolean {
	const stored = this.getWorkflowStaticData('node').seen;
	return recentFor.call(this).has(key) || (Array.isArray(stored) && (stored as string[]).includes(key));
}

/**
 * True the first time a key is seen for this trigger node, false after. n8n saves static data
 * once per webhook call, so two identical callbacks in flight at once would both pass a static-data
 * check alone; the in-process set, checked and updated synchronously, stops the second one.
 */
export function rememberOnce(this: IWebhookFunctions | IPollFunctions, key: string): boolean {
	const recent = recentFor.call(this);
	const data = this.getWorkflowStaticData('node');
	const stored = Array.isArray(data.seen) ? (data.seen as string[]) : [];
	if (recent.has(key) || stored.includes(key)) return false;

	recent.add(key);
	if (recent.size > MEMORY_LIMIT) recent.delete(recent.values().next().value as string);
	stored.push(key);
	data.seen = stored.length > STATIC_LIMIT ? stored.slice(stored.length - STATIC_LIMIT) : stored;
	return true;
}
