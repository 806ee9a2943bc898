// A solution to serve-500: answer the request, and close our side when the client hangs up.
// Each socket then lives from accept() to the client's FIN plus a moment, so the server
// holds a descriptor per client being served, a handful at most, never one per client ever served.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8818);

const server = net.createServer({ allowHalfOpen: true }, (conn) => {
  conn.on('data', (request) => conn.write(`ok, ${request}`));
  // The client sent FIN: we have nothing more to say, so we send ours and the descriptor goes.
  conn.on('end', () => conn.end());
});

server.listen(port, '127.0.0.1', () => console.log(`server: listening on 127.0.0.1:${port}`));
