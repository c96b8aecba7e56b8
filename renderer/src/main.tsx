import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startWebSession } from './api/web-session';
import { App } from './app/App';
import { NeedsLaunch } from './app/NeedsLaunch';
import './charts/register';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
const container = root;

/** In Electron the preload is the gateway; in a browser the tab first needs a web-host session. */
async function start(): Promise<void> {
  const web = !('burnrate' in window && window.burnrate);
  const ok = !web || (await startWebSession());
  createRoot(container).render(<StrictMode>{ok ? <App /> : <NeedsLaunch />}</StrictMode>);
}

void start();
