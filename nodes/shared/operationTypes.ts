import type { Route } from './endpoints';

/**
 * The 001k doc's facts per operation type, kept in one place: where to read one and the list, the
 * documented statuses (§3.3–3.8 "Status Values"), which of them are final, and the time field
 * that lists sort and filter on.
 */
export interface OperationType {
	label: string;
	getRoute: Route;
	listRoute: Route;
	statuses: string[];
	finalStatuses: string[];
	timeField: 'created_at' | 'timestamp';
	/**
	 * What a create of this type asks for: each request field and where the answer holds it.
	 * An operation returned for a custom_id must agree on each of them (helpers/exactlyOnce.ts).
	 */
	intentFields: string[][];
}

export const OPERATION_TYPES = {
	deposit: {
		label: 'Deposit',
		getRoute: 'GET /deposit/{code}',
		listRoute: 'GET /deposit',
		statuses: ['pending', 'quarantine', 'suspended', 'success', 'failed'],
		finalStatuses: ['success', 'failed'],
		timeField: 'created_at',
		intentFields: [],
	},
	withdrawal: {
		label: 'Withdrawal',
		getRoute: 'GET /withdraw/{code}',
		listRoute: 'GET /withdraw',
		statuses: ['pending', 'suspended', 'success', 'failed'],
		finalStatuses: ['success', 'failed'],
		timeField: 'created_at',
		intentFields: [
			['currency', 'currency'],
			['amount', 'amount'],
			['address', 'address', 'attributes.address'],
			['tag', 'tag', 'attributes.tag'],
			['method', 'method'],
		],
	},
	swap: {
		label: 'Swap',
		getRoute: 'GET /swap/{code}',
		listRoute: 'GET /swap',
		// The status table lists open/success/failed; a cancel request can also end a swap as cancelled.
		statuses: ['open', 'success', 'failed', 'cancelled'],
		finalStatuses: ['success', 'failed', 'cancelled'],
		timeField: 'created_at',
		intentFields: [
			['direction', 'direction'],
			['spend_amount', 'spend_amount'],
			['receive_amount', 'receive_amount'],
		],
	},
	internalTransfer: {
		label: 'Internal Transfer',
		getRoute: 'GET /internal-transfer/{code}',
		listRoute: 'GET /internal-transfer',
		statuses: ['pending', 'success', 'rejected'],
		finalStatuses: ['success', 'rejected'],
		timeField: 'timestamp',
		intentFields: [
			['currency_code', 'currency_code'],
			['amount', 'amount'],
			['recipient', 'recipient'],
		],
	},
	limitOrder: {
		label: 'Limit Order',
		getRoute: 'GET /limit-order/{code}',
		listRoute: 'GET /limit-order',
		// The doc's cancel endpoint answers "with status updated to cancelled", beside the five listed.
		statuses: ['queued', 'open', 'cancelling', 'success', 'failed', 'cancelled'],
		finalStatuses: ['success', 'failed', 'cancelled'],
		timeField: 'created_at',
		// 001k rounds an order's amounts to the pair's precision at its price, so only these are exact.
		intentFields: [
			['pair', 'pair'],
			['side', 'side'],
			['limit_price', 'limit_price'],
		],
	},
	amlCheck: {
		label: 'AML Check',
		getRoute: 'GET /aml/check/{code}',
		listRoute: 'GET /aml/check',
		statuses: ['queued', 'pending', 'success', 'failed'],
		finalStatuses: ['success', 'failed'],
		timeField: 'created_at',
		intentFields: [
			['direction', 'direction'],
			['token', 'token'],
			['address', 'address'],
			['transaction', 'transaction'],
		],
	},
} satisfies Record<string, OperationType>;

export type OperationTypeName = keyof typeof OPERATION_TYPES;

/** The route that reads one operation of this type: an operation file names it, the build checks it here. */
export type GetRoute<T extends OperationTypeName = OperationTypeName> =
	(typeof OPERATION_TYPES)[T]['getRoute'];

/** The route that lists operations of this type. */
export type ListRoute<T extends OperationTypeName = OperationTypeName> =
	(typeof OPERATION_TYPES)[T]['listRoute'];

/** The operation type a list route reads. */
export function typeOfListRoute(route: ListRoute): OperationTypeName {
	return (Object.keys(OPERATION_TYPES) as OperationTypeName[]).find(
		(type) => OPERATION_TYPES[type].listRoute === route,
	)!;
}

/** 001k transfer callbacks have been seen to say `completed` where the status table says `success`. */
export function normalizeStatus(type: OperationTypeName, status: unknown): string {
	const text = String(status ?? '').toLowerCase();
	return type === 'internalTransfer' && text === 'completed' ? 'success' : text;
}
