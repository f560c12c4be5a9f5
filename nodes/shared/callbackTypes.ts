import type { INodePropertyOptions } from 'n8n-workflow';

import { OPERATION_TYPES, type OperationTypeName } from './operationTypes';

/** The last path segment of each operation type's callback URL. */
export const CALLBACK_PATHS: Record<OperationTypeName, string> = {
	deposit: 'deposit',
	withdrawal: 'withdrawal',
	swap: 'swap',
	internalTransfer: 'internal-transfer',
	limitOrder: 'limit-order',
	amlCheck: 'aml-check',
};

export function typeFromPath(path: string): OperationTypeName | undefined {
	const last = path.split('?')[0].replace(/\/+$/, '').split('/').pop();
	const match = Object.entries(CALLBACK_PATHS).find(([, segment]) => segment === last);
	return match?.[0] as OperationTypeName | undefined;
}

export function operationTypeOptions(): INodePropertyOptions[] {
	return Object.entries(OPERATION_TYPES).map(([value, facts]) => ({ name: facts.label, value }));
}

/** Every status any operation type documents, once each. */
export function statusOptions(): INodePropertyOptions[] {
	const statuses = new Set(Object.values(OPERATION_TYPES).flatMap((facts) => facts.statuses));
	return [...statuses]
		.sort()
		.map((status) => ({ name: status.charAt(0).toUpperCase() + status.slice(1), value: status }));
}
