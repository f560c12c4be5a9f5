'use strict';
// A real MCP client (@modelcontextprotocol/sdk) for n8n's MCP Server Trigger, the way an AI agent
// outside n8n calls a workflow's tools. Streamable HTTP (MCP Server Trigger v2: `<n8n>/mcp/<path>`).
//   const mcp = await connect('http://127.0.0.1:5678/mcp/treasury');
//   const { tools } = await mcp.listTools();
//   const r = await mcp.callTool('Get_balances', {});   // { isError, content, text, json }
//   await mcp.close();
const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const {
	StreamableHTTPClientTransport,
} = require('@modelcontextprotocol/sdk/client/streamableHttp.js');

/** The text parts of a tool result, joined, and that text parsed as JSON when it is JSON. */
function readResult(result) {
	const text = (result.content ?? [])
		.filter((c) => c.type === 'text')
		.map((c) => c.text)
		.join('\n');
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { isError: Boolean(result.isError), content: result.content ?? [], text, json };
}

/**
 * Connects to an MCP server over Streamable HTTP.
 * @param {string} url e.g. `${n8nUrl}/mcp/<path>`
 * @param {{ headers?: Record<string, string>, name?: string, timeoutMs?: number }} [options]
 */
async function connect(url, { headers = {}, name = 'n8n-nodes-001k-e2e', timeoutMs = 60000 } = {}) {
	const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
	const client = new Client({ name, version: '1.0.0' });
	await client.connect(transport);
	return {
		client,
		/** tools/list: [{ name, description, inputSchema }] */
		listTools: async () => await client.listTools(),
		/** tools/call; a tool's failure comes back as { isError: true, text } rather than a throw. */
		callTool: async (toolName, args = {}) =>
			readResult(
				await client.callTool({ name: toolName, arguments: args }, undefined, {
					timeout: timeoutMs,
				}),
			),
		close: async () => await client.close(),
	};
}

module.exports = { connect, readResult };
