import { registerAppScheme } from './app-protocol.js';
import { electronDesktopParts } from './desktop-parts.js';
import { electronShellApp } from './start/electron-app.js';
import { startDesktop } from './start/start-sequence.js';

// app:// must be registered before the app is ready; everything else is the start sequence
// (start/start-sequence.ts): plain functions over a small interface of Electron calls.
registerAppScheme();
void startDesktop(electronShellApp(), electronDesktopParts());
