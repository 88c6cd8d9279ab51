import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xterm/xterm/css/xterm.css';
import './styles.css';
import { App } from './app/App';
import { useApp } from './app/store';
import { engine } from './engine/client';
import { connectEngineEvents } from './engine/eventHub';
import { queryClient } from './engine/queryClient';

connectEngineEvents(engine(), queryClient, useApp);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
