// macOS signing and notarization for `npm run dist`, from environment variables
// (electron-builder reads them itself; this checks them before a long build and
// says what the build will be). docs/desktop-shell.md, "Packaging".
//   Signing identity: CSC_LINK (+ CSC_KEY_PASSWORD) — a .p12 file or base64 — or CSC_NAME, a "Developer ID
//     Application" identity in the keychain; without either, electron-builder looks one up in the keychain
//     unless CSC_IDENTITY_AUTO_DISCOVERY=false, which builds unsigned.
//   Notarization (needs a signed build), one of: APPLE_ID + APPLE_APP_SPECIFIC_PASSWORD + APPLE_TEAM_ID;
//     APPLE_API_KEY (a .p8 file) + APPLE_API_KEY_ID + APPLE_API_ISSUER; APPLE_KEYCHAIN_PROFILE (+ APPLE_KEYCHAIN).

const ID_SET = ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'];
const API_SET = ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'];

/**
 * What a macOS `npm run dist` will do with `env`: extra electron-builder
 * arguments, lines to print, or a refusal (a half-set credential group would
 * only fail after the whole build).
 */
export function macSigningPlan(env) {
  const has = (k) => Boolean(env[k]?.trim());
  for (const set of [ID_SET, API_SET]) {
    const given = set.filter(has);
    if (given.length > 0 && given.length < set.length) {
      return { error: `notarization needs ${set.join(', ')} together; missing: ${set.filter((k) => !has(k)).join(', ')}` };
    }
  }
  if (has('CSC_LINK') && !has('CSC_KEY_PASSWORD')) return { error: 'CSC_LINK is set without CSC_KEY_PASSWORD (the .p12 file’s password)' };
  const identity = has('CSC_LINK') ? 'the certificate in CSC_LINK' : has('CSC_NAME') ? `the keychain identity "${env.CSC_NAME.trim()}"` : null;
  const notarize = ID_SET.every(has) || API_SET.every(has) || has('APPLE_KEYCHAIN_PROFILE');
  if (!identity && env.CSC_IDENTITY_AUTO_DISCOVERY === 'false') {
    if (notarize) return { error: 'notarization needs a signed build: set CSC_LINK + CSC_KEY_PASSWORD or CSC_NAME (not CSC_IDENTITY_AUTO_DISCOVERY=false)' };
    // Unsigned: a hardened runtime without a signature only gets in the way of local testing.
    return {
      args: ['-c.mac.identity=null', '-c.mac.hardenedRuntime=false'],
      lines: ['macOS: unsigned build (CSC_IDENTITY_AUTO_DISCOVERY=false) — for this Mac only; Gatekeeper blocks it elsewhere.'],
    };
  }
  const who = identity ?? 'a Developer ID identity found in the keychain (none found = unsigned)';
  const lines = [`macOS: signed with ${who}, hardened runtime on.`];
  lines.push(
    notarize
      ? 'macOS: notarized with Apple (notarytool) after signing.'
      : 'macOS: NOT notarized — set APPLE_ID + APPLE_APP_SPECIFIC_PASSWORD + APPLE_TEAM_ID (or the APPLE_API_KEY set) to notarize; Gatekeeper warns on other Macs.',
  );
  return { args: [], lines };
}
