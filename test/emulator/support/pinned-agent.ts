import { Agent, type ClientRequestArgs } from 'node:http';
import { connect, type Socket } from 'node:net';

/**
 * An HTTP agent that opens every connection to `127.0.0.1:port`, whatever host and port the request's URL
 * names, and keeps none open. A client that must name a real host (to sign it, or to derive its signing
 * service from it) can then talk to an emulator on a free port: the URL, the Host header and the signature
 * all keep the named host, and the bytes go to the emulator. Nothing leaves the machine.
 */
export class PinnedAgent extends Agent {
  constructor(private readonly port: number) {
    super({ keepAlive: false });
  }

  override createConnection(_options: ClientRequestArgs): Socket {
    return connect(this.port, '127.0.0.1');
  }
}
