import ssh2, { type ClientInfo, type Connection } from 'ssh2';
// ssh2 is CommonJS and Node cannot see its `Server` as a named export: reach it through the default export.
import type { Socket } from 'node:net';
import { SSH_ALGORITHMS } from './ssh-algorithms.js';
import { serveSshConnection, type SshConnectionOptions } from './ssh-connection.js';

export interface SshServer {
  /** Run the SSH protocol on a connection the transport accepted. */
  injectSocket(socket: Socket): void;
}

/**
 * ssh2's server, and ssh2 with it: the transport loads this module when the
 * first SSH caller arrives, not when the board starts, since ssh2 costs
 * megabytes an idle board has no use for. ssh2 names each client only by
 * address and port when it hands it over; `connectionFor` finds the
 * transport's socket again (undefined: it is gone, end the client). Throws,
 * as ssh2 does, when the host keys are of no use to it.
 */
export function createSshServer(
  hostKeys: readonly Buffer[],
  connectionFor: (address: string | undefined, port: number | undefined) => SshConnectionOptions | undefined,
  onClientError: (address: string, err: Error) => void,
): SshServer {
  return new ssh2.Server({ hostKeys: [...hostKeys], algorithms: SSH_ALGORITHMS }, (client: Connection, info: ClientInfo) => {
    client.on('error', (err: Error) => onClientError(info.ip, err));
    const connection = connectionFor(info.ip, info.port);
    if (!connection) {
      client.end();
      return;
    }
    serveSshConnection(client, connection);
  });
}
