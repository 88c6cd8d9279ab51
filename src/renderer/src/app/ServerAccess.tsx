// The browser mode's page when it may not connect: opened without the URL
// `stepwise serve` printed (a new tab, a bookmark), or kept from an earlier run
// of the server (each run makes a new token). Says what to do, and waits.

export function ServerAccess({ reason }: { reason: 'no-token' | 'refused' }): React.JSX.Element {
  return (
    <main className="welcome">
      <div className="welcome-card" role="alert" aria-labelledby="server-access-title">
        <h1 id="server-access-title">
          <span className="logo">◆</span> Open Stepwise from its URL
        </h1>
        <p className="lede">
          {reason === 'no-token'
            ? 'This page was opened without the key that lets it drive your terminals.'
            : 'The Stepwise server did not accept this page’s key: it has restarted since this tab was opened, and each start makes a new key.'}
        </p>
        <p>
          Open the URL that <code>stepwise serve</code> printed in its terminal (it has <code>#token=</code> in it).
          Only that URL can connect, so no other page or user on this machine can drive your shell.
        </p>
      </div>
    </main>
  );
}
