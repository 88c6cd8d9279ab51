// A dedicated worker that owns the browser mode's WebSocket (workerSocket.ts).
import { relaySocket, type RelayScope } from '../../../shared/wire/socketRelay';

relaySocket(self as unknown as RelayScope, (url, protocols) => new WebSocket(url, protocols));
