/** Runs the poll trigger's `poll()` in n8n-core's real PollContext, keeping workflow static data between polls. */
import { PollContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeType } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import {
	contextDataFor,
	credentialsHelperFor,
	loadPackage,
	nodeTypesFor,
	PACKAGE_NAME,
} from './n8n.cjs';

export interface Poller {
	poll(mode?: 'trigger' | 'manual'): Promise<IDataObject[]>;
	staticData(): IDataObject;
}

export async function createPoller(options: {
	parameters: IDataObject;
	credentials: ICredentialDataDecryptedObject;
	staticData?: IDataObject;
	workflowId: string;
}): Promise<Poller> {
	const loader = await loadPackage();
	const nodeType = loader.nodeTypes.zeroZeroOneKPollTrigger.type as INodeType;
	const node: INode = {
		id: 'poll-node-1',
		name: '001k Poll Trigger',
		type: `${PACKAGE_NAME}.zeroZeroOneKPollTrigger`,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters as never,
		credentials: { zeroZeroOneKApi: { id: 'cred-1', name: '001k account' } },
	};
	const workflow = new Workflow({
		id: options.workflowId,
		name: 'poll',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: await nodeTypesFor(),
		staticData: JSON.parse(JSON.stringify(options.staticData ?? {})),
		settings: {},
	});
	const helper = await credentialsHelperFor(options.credentials);
	let polls = 0;
	return {
		async poll(mode = 'trigger') {
			const executionId = `poll-${++polls}`;
			const additionalData = await contextDataFor(helper, mode, executionId, {
				id: workflow.id,
				nodes: [node],
			});
			const context = new PollContext(workflow, node, additionalData, mode, 'activate');
			const result = await nodeType.poll!.call(context);
			return (result?.[0] ?? []).map((item) => item.json);
		},
		staticData: () => JSON.parse(JSON.stringify(workflow.staticData)),
	};
}
