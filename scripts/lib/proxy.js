'use strict';
// The load balancer n8n's queue-mode docs put in front of the `n8n webhook` processes: a tiny
// round-robin HTTP proxy on 127.0.0.1. It counts what each upstream answered, for the table.
const http = require('node:http');

function startProxy({ port, upstreams }) {
	let next = 0;
	const served = upstreams.map(() => 0);
	const server = http.createServer((req, res) => {
		const i = next++ % upstreams.length;
		served[i]++;
		const up = http.request(
			{
				host: '127.0.0.1',
				port: upstreams[i],
				method: req.method,
				path: req.url,
				headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress },
			},
			(upRes) => {
				res.writeHead(upRes.statusCode, upRes.headers);
				upRes.pipe(res);
			},
		);
		up.on('error', () => {
			if (!res.headersSent) res.writeHead(502);
			res.end();
		});
		req.pipe(up);
	});
	server.listen(port, '127.0.0.1');
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.once('listening', () =>
			resolve({
				url: `http://127.0.0.1:${port}`,
				served,
				stop: () =>
					new Promise((r) => {
						server.close(() => r());
						server.closeAllConnections(); // keep-alive sockets would hold close() open
					}),
			}),
		);
	});
}

module.exports = { startProxy };
