import { uiCsp } from '../host/content-security-policy.js';

/**
 * The shell's Content-Security-Policy, sent as a header on every app://
 * response and every session response (the page also carries it as a meta
 * tag). Only the app's own scripts and styles; no network but itself.
 */
export const SHELL_CSP = uiCsp(["frame-src 'none'"]);
