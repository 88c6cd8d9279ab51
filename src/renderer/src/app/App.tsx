import { useEffect, useEffectEvent } from 'react';
import { engine } from '../engine/client';
import { Welcome } from '../features/overview/Welcome';
import { JournalBanner } from './JournalBanner';
import { usePickAndOpen, useSessionView } from './queries';
import { ServerAccess } from './ServerAccess';
import { useApp } from './store';
import { useWhereWasI } from './whereWasI';
import { Wizard } from './Wizard';

export function App(): React.JSX.Element {
  const connection = useApp((s) => s.connection);
  const view = useSessionView();
  const { pickAndOpen } = usePickAndOpen();
  const onOpenProject = useEffectEvent(() => void pickAndOpen());
  useWhereWasI();
  useEffect(() => engine().bridge?.onMenu?.((command) => command === 'open-project' && onOpenProject()), []);
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
