import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { policyVerdict } from '../../shared/transport';
import type { Route } from '../../shared/endpoints';

/**
 * The credential's spending policy applied to a create before anything is sent or looked up, as
 * the transport and signing apply it to the same JSON: a refusal is the item's error, never a lost answer.
 */
export async function assertPolicyAllows(
	this: IExecuteFunctions,
	itemIndex: number,
	route: Route,
	body: IDataObject,
): Promise<void> {
	const refusal = await policyVerdict.call(this, route, body);
	if (refusal) throw new NodeOperationError(this.getNode(), refusal, { itemIndex });
}
