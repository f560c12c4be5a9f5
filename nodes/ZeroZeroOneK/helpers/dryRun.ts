import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { policyRefusal } from '../../../credentials/spendingPolicy';
import { buildPath, CREDENTIAL_TYPE } from '../transport';
import type { Route } from '../transport/endpoints';
import type { OperationTypeName } from './operationTypes';
import { createOnce } from './utils';

export interface RequestPreview extends IDataObject {
	dryRun: true;
	method: string;
	path: string;
	body: IDataObject;
	/** The exact text the credential signs and sends: it serializes the body with JSON.stringify once. */
	rawBody: string;
}

/**
 * The request a create would send, checked against the credential's spending policy as signing
 * would check it, but not sent. Contains neither the keys nor a signature.
 */
export async function previewRequest(
	this: IExecuteFunctions,
	itemIndex: number,
	route: Route,
	body: IDataObject,
): Promise<RequestPreview> {
	const method = route.slice(0, route.indexOf(' '));
	const path = buildPath(route);
	const rawBody = JSON.stringify(body);
	const refusal = policyRefusal(await this.getCredentials(CREDENTIAL_TYPE), method, path, rawBody);
	if (refusal) throw new NodeOperationError(this.getNode(), refusal, { itemIndex });
	return { dryRun: true, method, path, body, rawBody };
}

export function isDryRun(this: IExecuteFunctions, itemIndex: number): boolean {
	return this.getNodeParameter('dryRun', itemIndex, false) === true;
}

/**
 * A money-moving create: sent exactly once, or with "Dry Run" on, output as the request it would
 * be, plus the fees and totals `quote` derives from the API's reference lists.
 */
export async function createOrPreview(
	this: IExecuteFunctions,
	itemIndex: number,
	type: OperationTypeName,
	route: Route,
	body: IDataObject,
	quote?: () => IDataObject | Promise<IDataObject>,
): Promise<IDataObject> {
	if (!isDryRun.call(this, itemIndex)) return await createOnce.call(this, itemIndex, type, route, body);
	const preview = await previewRequest.call(this, itemIndex, route, body);
	return quote ? { ...preview, quote: await quote() } : preview;
}
