import type { IDataObject } from 'n8n-workflow';

import { apiRequest, type ApiContext, type ApiRequest } from './index';

/** Doc: `limit` at most 200, `offset` at most 10000 ("if you set more - error will be returned"). */
export const MAX_PAGE_SIZE = 200;
export const MAX_OFFSET = 10_000;

export interface ListRequest extends ApiRequest {
	/** The field the list is sorted and `start_at`/`end_at` filter on (`timestamp` for internal transfers). */
	timeField?: 'created_at' | 'timestamp';
	/** Stop after this many objects; undefined = all. */
	max?: number;
}

/**
 * Reads a list endpoint to the end. 001k sorts lists newest first and refuses offsets past 10,000,
 * so, as the doc advises, whenever the offset would pass the cap the window's `end_at` moves to the
 * oldest time seen and the offset restarts; objects seen twice at the boundary are dropped by `code`.
 */
export async function apiRequestAll(
	this: ApiContext,
	request: ListRequest,
): Promise<IDataObject[]> {
	const timeField = request.timeField ?? 'created_at';
	const max = request.max ?? Infinity;
	const results: IDataObject[] = [];
	// Every code returned so far: a shifted page (new objects arriving) or a narrowed window can repeat any of them.
	const seen = new Set<string>();
	let oldestTime: string | undefined;
	let endAt = request.qs?.end_at as string | undefined;
	let offset = 0;

	while (results.length < max) {
		const limit = Math.min(MAX_PAGE_SIZE, max - results.length);
		const qs: IDataObject = { ...request.qs, end_at: endAt, limit, offset };
		const page = (await apiRequest.call(this, { ...request, qs })) as IDataObject[];
		if (!Array.isArray(page)) throw new Error(`Expected a list from ${request.route}`);

		for (const object of page) {
			const code = String(object.code);
			if (seen.has(code)) continue;
			seen.add(code);
			oldestTime = String(object[timeField]);
			results.push(object);
			if (results.length >= max) return results;
		}
		if (page.length < limit) return results;

		offset += page.length;
		if (offset > MAX_OFFSET) {
			if (oldestTime === undefined || oldestTime === endAt) {
				throw new Error(
					`More than ${MAX_OFFSET} objects share the time ${oldestTime}: 001k cannot page past them. Narrow the filters.`,
				);
			}
			endAt = oldestTime;
			offset = 0;
		}
	}
	return results;
}
