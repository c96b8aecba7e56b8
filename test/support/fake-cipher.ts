import type { SecretCipher } from '../../main/shell/team-vault.js';

/** safeStorage as a test sees it (no Electron binary): a reversible scrambling, or no encryption at all; `backend` as on Linux. */
export function fakeCipher(available = true, backend = 'gnome_libsecret'): SecretCipher {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (plain) => Buffer.from(`enc:${Buffer.from(plain).toString('base64').split('').reverse().join('')}`),
    decryptString: (b) => {
      const text = b.toString();
      if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(text.slice(4).split('').reverse().join(''), 'base64').toString();
    },
  };
}
