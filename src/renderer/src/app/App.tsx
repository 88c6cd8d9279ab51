import { useEffect } from 'react';
import { useApp } from './store';
import { engine } from '../engine/client';
import { JournalBanner } from './JournalBanner';
import { ServerAccess } from './ServerAccess';
import { Welcome } from '../features/overview/Welcome';
import { Wizard } from './Wizard';

export function App(): React.JSX.Element {
  const connection = useApp((s) => s.connection);
  const view = useApp((s) => s.view);
  const pickAndOpen = useApp((s) => s.pickAndOpen);
  useEffect(() => engine().bridge?.onMenu?.((command) => command === 'open-project' && void pickAndOpen()), [pickAndOpen]);
  if (connection === 'no-token' || connection === 'refused') {
    return (
      <div className="app">
        <ServerAccess reason={connection} />
      </div>
    );
  }
  return (
    <div className="app">
      {connection === 'closed' && (
        <div className="banner banner-error" role="alert">
          Lost the connection to the Stepwise engine. Commands already journaled are safe; reload once the engine runs
          again.
        </div>
      )}
      <JournalBanner />
      {view ? <Wizard view={view} /> : <Welcome />}
    </div>
  );
}
