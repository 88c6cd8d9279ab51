// The one cache of the engine's data. Engine events keep it current
// (engine/eventHub.ts), so data stays fresh until an event says otherwise.
import { QueryClient } from '@tanstack/react-query';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // An engine error is an answer, not a network blip: show it at once.
      queries: { retry: false, staleTime: Infinity, refetchOnWindowFocus: false, refetchOnReconnect: false },
      mutations: { retry: false },
    },
  });
}

export const queryClient = createQueryClient();
