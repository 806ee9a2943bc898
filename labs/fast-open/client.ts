// The Fast Open client is curl, because Node's net module cannot ask for Fast Open and curl
// can. `curl --tcp-fastopen` sets TCP_FASTOPEN_CONNECT on its socket, and then —
//   - holding no cookie for this server, connect() sends the SYN at once, with an empty
//     Fast Open option (a cookie request), and the request follows the handshake as usual;
//   - holding one, connect() sends nothing yet: the kernel sends the SYN with curl's first
//     write(), the cookie and the request inside it.
// The cookie lives in the kernel (per destination address), not in curl: two separate
// curl runs share it.
import { execFile } from 'node:child_process';

const port = Number(process.env.PORT ?? 8818);
const address = process.env.SERVER_ADDRESS ?? '127.0.0.1';
const path = process.env.REQUEST_PATH ?? '/';
const curl = process.env.CURL ?? 'curl';
const url = `http://${address}:${port}${path}`;

console.log(`client: curl --tcp-fastopen ${url}`);
execFile(curl, ['--tcp-fastopen', '--silent', '--show-error', '--max-time', '5', url], (error, body, stderr) => {
  if (error) {
    console.error(`client: curl failed: ${stderr.trim() || error.message}`);
    process.exitCode = 1;
    return;
  }
  console.log(`client: GET ${path} answered "${body.trim()}"; curl closed the connection`);
});
