// Engine events fan out to every connected client. An event about a journal
// write goes out after that write's commit: emitted inside `commitThenEmit`,
// it is held until the transaction has committed, and dropped if it rolls back.
import type { EngineEvents, EventName } from '../../shared/contract';

export type EventListener = <E extends EventName>(event: E, payload: EngineEvents[E]) => void;

type HeldEvent = () => void;

export class EventBus {
  private readonly listeners = new Set<EventListener>();
  /** Events emitted inside `holdWhile`, in order; null outside it. */
  private held: HeldEvent[] | null = null;

  emit<E extends EventName>(event: E, payload: EngineEvents[E]): void {
    if (this.held) {
      this.held.push(() => this.deliver(event, payload));
      return;
    }
    this.deliver(event, payload);
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs `fn`, holding the events it emits: the outermost call delivers them,
   * in order, once `fn` has returned. Those emitted by a call that throws are
   * dropped (its writes were rolled back), even when an outer call goes on.
   */
  holdWhile<T>(fn: () => T): T {
    const outermost = this.held === null;
    const held = (this.held ??= []);
    const mark = held.length;
    try {
      const result = fn();
      if (outermost) {
        this.held = null;
        for (const deliver of held) deliver();
      }
      return result;
    } catch (error) {
      held.length = mark;
      if (outermost) this.held = null;
      throw error;
    }
  }

  private deliver<E extends EventName>(event: E, payload: EngineEvents[E]): void {
    for (const listener of this.listeners) listener(event, payload);
  }
}

/** What can run a function as one transaction (the journal). */
export interface Transactional {
  transaction<T>(fn: () => T): T;
}

/**
 * Runs `fn` in one journal transaction; the events emitted inside it reach
 * clients after the commit, never about a write that was rolled back.
 */
export function commitThenEmit<T>(journal: Transactional, bus: EventBus, fn: () => T): T {
  return bus.holdWhile(() => journal.transaction(fn));
}
