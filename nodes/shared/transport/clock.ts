import type {
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { API_PREFIX } from '../endpoints';

type Context =
	IExecuteFunctions | ILoadOptionsFunctions | IWebhookFunctions | IPollFunctions | IHookFunctions;

/** Server time minus local time, per API base URL, learned after a `timestamp.invalid`. */
const offsets = new Map<string, number>();

export function clockOffset(baseUrl: string): number {
	return offsets.get(baseUrl) ?? 0;
}

/** Reads 001k's clock from the unauthenticated `GET /status` and remembers the offset. */
export async function syncClock(this: Context, baseUrl: string): Promise<number> {
	const sentAt = Date.now();
	const status = (await this.helpers.httpRequest({
		method: 'GET',
		url: `${baseUrl}${API_PREFIX}/status`,
		json: true,
		timeout: 10_000,
	})) as { timestamp?: unknown };
	const receivedAt = Date.now();
	const serverTime = Number(status?.timestamp);
	if (!Number.isFinite(serverTime)) return clockOffset(baseUrl);
	// The server stamped its answer somewhere in the round trip: assume the middle.
	const offset = Math.round(serverTime - (sentAt + receivedAt) / 2);
	offsets.set(baseUrl, offset);
	return offset;
}
