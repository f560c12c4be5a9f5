import type { IPollFunctions, IWebhookFunctions } from 'n8n-workflow';

/** Keys kept in workflow static data (survives restarts) and in this process (catches concurrent repeats). */
const STATIC_LIMIT = 2_000;
const MEMORY_LIMIT = 10_000;

const memory = new Map<string, Set<string>>();

/**
 * True the first time a key is seen for this trigger node, false after. n8n saves static data
 * once per webhook call, so two identical callbacks in flight at once would both pass a static-data
 * check alone; the in-process set, checked and updated synchronously, stops the second one.
 */
export function rememberOnce(this: IWebhookFunctions | IPollFunctions, key: string): boolean {
	const scope = `${this.getWorkflow().id ?? ''}:${this.getNode().id}`;
	let recent = memory.get(scope);
	if (!recent) {
		recent = new Set();
		memory.set(scope, recent);
	}
	const data = this.getWorkflowStaticData('node');
	const stored = Array.isArray(data.seen) ? (data.seen as string[]) : [];
	if (recent.has(key) || stored.includes(key)) return false;

	recent.add(key);
	if (recent.size > MEMORY_LIMIT) recent.delete(recent.values().next().value as string);
	stored.push(key);
	data.seen = stored.length > STATIC_LIMIT ? stored.slice(stored.length - STATIC_LIMIT) : stored;
	return true;
}
