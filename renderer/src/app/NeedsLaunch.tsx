/** What a browser tab without a web-host session shows: how to get in (docs/ui.md, "Web transport"). */
export function NeedsLaunch() {
  return (
    <main className="needs-launch">
      <h1>Open Burnrate with its launch link</h1>
      <p>
        This tab has no session. Each launch link works once, within 5 minutes: open the launch file that <code>npm run start:web</code> printed when it started
        (it always holds a fresh link), or restart it.
      </p>
    </main>
  );
}
