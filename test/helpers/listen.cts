/** A plain HTTP server on 127.0.0.1 (a free port) that keeps every request it receives. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

export interface Listening {
	url: string;
	received: IncomingMessage[];
	server: Server;
	close(): Promise<void>;
}

export async function listen(
	handler: (req: IncomingMessage, body: string, res: ServerResponse) => void,
): Promise<Listening> {
	const received: IncomingMessage[] = [];
	const server = createServer((req, res) => {
		received.push(req);
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => handler(req, body, res));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		received,
		server,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
