// Engine events fan out to every connected client.
import type { EngineEvents, EventName } from '../../shared/contract';

export type EventListener = <E extends EventName>(event: E, payload: EngineEvents[E]) => void;

export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(event: E, payload: EngineEvents[E]): void {
    for (const listener of this.listeners) listener(event, payload);
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
