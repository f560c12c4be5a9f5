import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as account from './account/Account.resource';
import * as amlCheck from './amlCheck/AmlCheck.resource';
import * as currency from './currency/Currency.resource';
import * as deposit from './deposit/Deposit.resource';
import * as internalTransfer from './internalTransfer/InternalTransfer.resource';
import * as limitOrder from './limitOrder/LimitOrder.resource';
import * as swap from './swap/Swap.resource';
import * as withdrawal from './withdrawal/Withdrawal.resource';

type Operation = { execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> };

const resources: Record<string, Record<string, unknown>> = {
	account,
	amlCheck,
	currency,
	deposit,
	internalTransfer,
	limitOrder,
	swap,
	withdrawal,
};

function operationFor(resource: string, operation: string): Operation | undefined {
	const candidate = resources[resource]?.[operation] as Partial<Operation> | undefined;
	return typeof candidate?.execute === 'function' ? (candidate as Operation) : undefined;
}

/** Keeps the API's own errors as they are; wraps anything else so n8n shows it properly. */
function asNodeError(this: IExecuteFunctions, error: unknown, itemIndex: number) {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(this.getNode(), error as Error, { itemIndex });
}

/** Dispatches each item to `<resource>/<operation>.operation.ts`; one item's failure never loses the others. */
export async function router(this: IExecuteFunctions, continueOnFail: boolean): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const resource = this.getNodeParameter('resource', itemIndex) as string;
		const operation = this.getNodeParameter('operation', itemIndex) as string;
		let failure: unknown;
		try {
			const handler = operationFor(resource, operation);
			if (!handler) {
				throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not known for "${resource}"`);
			}
			const results = await handler.execute.call(this, itemIndex);
			for (const json of results) output.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			failure = error;
		}
		if (failure === undefined) continue;
		const nodeError = asNodeError.call(this, failure, itemIndex);
		if (!continueOnFail) throw nodeError;
		// An operation may attach what it learned before failing (e.g. the AML gate's report).
		const extra = (nodeError.context.output ?? {}) as IDataObject;
		output.push({
			json: { error: nodeError.message, description: nodeError.description ?? null, ...extra },
			pairedItem: { item: itemIndex },
		});
	}
	return [output];
}
