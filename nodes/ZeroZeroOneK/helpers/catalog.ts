import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { apiRequest, type ApiContext } from '../../shared/transport';
import { apiErrorOf } from '../../shared/transport/errors';
import type { Route } from '../../shared/endpoints';
import { insufficientBalanceError, isInsufficientBalance } from './balance';
import { keepCopy, readList, type ListRead } from './referenceStore';

/**
 * The API's reference lists (methods, directions, pairs, currencies, AML tokens and plans) carry
 * the precision and limits that amounts are checked against. Checks and dropdowns use copies
 * shared by every execution of the process for a short lifetime (referenceStore.ts), so one event
 * per execution does not cost one lookup per execution.
 */
const perRun = new WeakMap<object, Map<Route, Promise<IDataObject[]>>>();

/** A list read live, once per node run ("Get Directions" and the like); the read also refreshes the shared copy. */
export async function referenceList(this: ApiContext, route: Route): Promise<IDataObject[]> {
	let lists = perRun.get(this);
	if (!lists) {
		lists = new Map();
		perRun.set(this, lists);
	}
	let list = lists.get(route);
	if (!list) {
		const startedAt = Date.now();
		list = (async () => {
			const answer = (await apiRequest.call(this, { route })) as IDataObject[];
			await keepCopy.call(this, route, answer, startedAt);
			return answer;
		})();
		lists.set(route, list);
		list.catch(() => lists!.delete(route));
	}
	return await list;
}

/** A list for display and lookups that need one (dropdowns, previews, the AML gate): the shared copy, else a live read. */
export async function sharedList(this: ApiContext, route: Route): Promise<IDataObject[]> {
	const found = await readList.call(this, route);
	return found.list ?? (await referenceList.call(this, route));
}

/** The currency code a method says it belongs to (a code on withdrawal methods, an object on deposit methods); '' when it does not say. */
export function methodCurrency(method: IDataObject): string {
	const currency = method.currency as IDataObject | string | undefined;
	return String(
		typeof currency === 'object' && currency ? (currency.code ?? '') : (currency ?? ''),
	).toUpperCase();
}

/** Whether a methods list leaves out which currency each method is for (see methodsOfCurrency). */
export const methodsOmitCurrency = (methods: IDataObject[]) =>
	!methods.every((m) => methodCurrency(m));

/**
 * A currency's methods. The doc says the withdrawal methods list is "similar to the withdrawal
 * methods in the currencies endpoint", which sit under their currency without naming it: then
 * GET /currency's `withdraw` arrays tell. undefined when neither can tell.
 */
export function methodsOfCurrency(
	methods: IDataObject[],
	currency: string,
	currencies?: IDataObject[],
): IDataObject[] | undefined {
	if (!methodsOmitCurrency(methods)) return methods.filter((m) => methodCurrency(m) === currency);
	const entry = currencies?.find((c) => sameCode(c.code, currency));
	if (!currencies || (entry && !Array.isArray(entry.withdraw))) return undefined;
	const codes = ((entry?.withdraw ?? []) as IDataObject[]).map((w) =>
		String(w?.code).toLowerCase(),
	);
	return methods.filter((m) =>
		methodCurrency(m)
			? methodCurrency(m) === currency
			: codes.includes(String(m.code).toLowerCase()),
	);
}

export const sameCode = (a: unknown, b: string) => String(a).toLowerCase() === b.toLowerCase();

/** A limit pair's price: the field table says latest_price, the doc's example clients read current_price. null when neither is given. */
export function pairPrice(pair: IDataObject): IDataObject[string] {
	return pair.latest_price ?? pair.current_price ?? null;
}

/**
 * The lists one create is checked against. A list that cannot be read without waiting (rate limit)
 * or is unrecognisable is `undefined`: the check is skipped, the request is sent for 001k to judge,
 * and the output item says so in `validation`.
 */
export class ReferenceLists {
	private readonly reads = new Map<Route, Promise<ListRead>>();
	private readonly unlisted: string[] = [];

	constructor(
		private readonly context: IExecuteFunctions,
		/** Only copies read since then count (the re-check after a rejection). */
		readonly newerThan?: number,
	) {}

	async get(route: Route): Promise<IDataObject[] | undefined> {
		let found = this.reads.get(route);
		if (!found) {
			found = readList.call(this.context, route, this.newerThan);
			this.reads.set(route, found);
		}
		return (await found).list;
	}

	/**
	 * A code the list does not name (a method, direction, pair or currency): not proof that 001k refuses it
	 * (the doc spells codes several ways), so the request is sent for 001k to judge and the output says so.
	 * Only on the re-check after 001k refused the request does `refusal` stand.
	 */
	notListed(route: Route, what: string, refusal: Error): void {
		if (this.newerThan !== undefined) throw refusal;
		this.unlisted.push(`not checked against ${route} (${what})`);
	}

	/** Whether a check sent something the lists do not name (see notListed). */
	get sentUnlisted(): boolean {
		return this.unlisted.length > 0;
	}

	/** Whether a check used a copy read before this create (which 001k's answer may prove stale). */
	async usedStoredCopy(): Promise<boolean> {
		const reads = await Promise.all(this.reads.values());
		return reads.some((r) => r.list && !r.readNow);
	}

	/** One sentence for the output item's `validation` field, or undefined when every list was fresh. */
	async note(extra: string[] = []): Promise<string | undefined> {
		const notes = (await Promise.all(this.reads.values()))
			.map((r) => r.note)
			.filter(Boolean) as string[];
		const all = [...notes, ...this.unlisted, ...extra];
		return all.length ? `${all.join('; ')}: 001k validated the request` : undefined;
	}
}

/** Refusal codes and fields whose rules come from the reference lists. */
const PREDICTED_CODE = /precision|min_amount|max_amount|method|direction|pair|currency/i;

/** A 4xx verdict (001k refused; nothing was created) for a reason the lists would have predicted. */
function rejectedByListedRule(error: unknown, fields: string[]): boolean {
	if (!(error instanceof NodeApiError)) return false;
	const status = Number(error.httpCode);
	if (!(status >= 400 && status < 500) || [401, 403, 404, 408, 409, 429].includes(status))
		return false;
	const { code, field } = apiErrorOf(error);
	return (
		PREDICTED_CODE.test(code ?? '') ||
		(field ?? '').split(',').some((f) => fields.includes(f.trim()))
	);
}

/**
 * Checks a create against the reference lists, then sends it. When 001k rejects it for a rule a
 * stored copy allowed, or for a code the lists did not name, the lists are re-read and the request
 * re-checked: a refusal then explains it. Nothing is ever resent: 001k's verdict was on this very request.
 */
export async function checkThenCreate<T>(
	context: IExecuteFunctions,
	itemIndex: number,
	fields: string[],
	check: (lists: ReferenceLists) => Promise<T>,
	create: (checked: T) => Promise<IDataObject>,
	/** The currency the create spends: a refusal for a low balance then says how much there is. */
	spends?: (checked: T) => string | undefined,
): Promise<IDataObject> {
	const lists = new ReferenceLists(context);
	const checked = await check(lists);
	const sentAt = Date.now();
	let failure: unknown;
	try {
		const created = await create(checked);
		const validation = await lists.note();
		return validation ? { ...created, validation } : created;
	} catch (error) {
		failure = error;
	}
	const currency = spends?.(checked);
	if (currency && isInsufficientBalance(failure))
		throw await insufficientBalanceError(context, itemIndex, failure as NodeApiError, currency);
	if (
		!rejectedByListedRule(failure, fields) ||
		!(lists.sentUnlisted || (await lists.usedStoredCopy()))
	)
		throw failure;
	let refusal: unknown;
	try {
		await check(new ReferenceLists(context, sentAt));
	} catch (error) {
		refusal = error;
	}
	// The re-read lists allow it, or could not be read: 001k's verdict stands as it was.
	if (!(refusal instanceof NodeOperationError)) throw failure;
	throw new NodeOperationError(context.getNode(), refusal.message, {
		itemIndex,
		description: `001k rejected the request (${(failure as NodeApiError).message}), so nothing was created; its lists, re-read, ${lists.sentUnlisted ? 'do not list it either' : 'no longer allow it'}.`,
	});
}
