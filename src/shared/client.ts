// A typed client for the engine contract over any message transport: the
// Electron bridge, a browser WebSocket, or a Node `ws` socket in tests.
import type {
  ClientMessage,
  EngineEvents,
  EventName,
  NotificationMethod,
  NotificationParams,
  RequestMethod,
  RequestParams,
  RequestResults,
  ServerMessage,
  WireError,
} from './contract';

export interface Transport {
  send(message: ClientMessage): void;
  onMessage(listener: (message: ServerMessage) => void): () => void;
}

export class EngineError extends Error {
  readonly code: string;
  /** The plan parameter a refused value was for, when that was the problem. */
  readonly param: string | undefined;
  constructor(error: WireError) {
    super(error.message);
    this.name = 'EngineError';
    this.code = error.code;
    this.param = typeof error.param === 'string' ? error.param : undefined;
  }
}

type Listener<E extends EventName> = (payload: EngineEvents[E]) => void;

export class EngineClient {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();
  private readonly detach: () => void;

  constructor(private readonly transport: Transport) {
    this.detach = transport.onMessage((message) => this.dispatch(message));
  }

  request<M extends RequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResults[M]> {
    const id = this.nextId++;
    return new Promise<RequestResults[M]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.transport.send({ type: 'request', id, method, params });
    });
  }

  notify<N extends NotificationMethod>(method: N, params: NotificationParams<N>): void {
    this.transport.send({ type: 'notify', method, params });
  }

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener<EventName>);
    return () => set.delete(listener as Listener<EventName>);
  }

  /** Fail every request still waiting, e.g. when the connection drops. */
  failPending(reason: string): void {
    for (const { reject } of this.pending.values()) {
      reject(new EngineError({ message: reason, code: 'disconnected' }));
    }
    this.pending.clear();
  }

  dispose(): void {
    this.failPending('client disposed');
    this.detach();
    this.listeners.clear();
  }

  private dispatch(message: ServerMessage): void {
    if (message.type === 'event') {
      for (const listener of this.listeners.get(message.event) ?? []) {
        listener(message.payload as EngineEvents[EventName]);
      }
      return;
    }
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    this.pending.delete(message.id);
    if (message.ok) waiting.resolve(message.result);
    else waiting.reject(new EngineError(message.error));
  }
}
