import { readFileSync, writeFileSync } from 'node:fs';

/** The file offset of an ELF64 little-endian shared object's local symbol `name`, or null (stripped, not ELF64). */
function elfSymbolOffset(b: Buffer, name: string): number | null {
  if (b.readUInt32BE(0) !== 0x7f454c46 || b[4] !== 2 || b[5] !== 1) return null;
  const shoff = Number(b.readBigUInt64LE(0x28));
  const shentsize = b.readUInt16LE(0x3a);
  const shnum = b.readUInt16LE(0x3c);
  const section = (i: number) => {
    const at = shoff + i * shentsize;
    return {
      type: b.readUInt32LE(at + 4),
      addr: Number(b.readBigUInt64LE(at + 16)),
      offset: Number(b.readBigUInt64LE(at + 24)),
      size: Number(b.readBigUInt64LE(at + 32)),
      link: b.readUInt32LE(at + 40),
    };
  };
  for (let i = 0; i < shnum; i++) {
    const symtab = section(i);
    if (symtab.type !== 2) continue; // SHT_SYMTAB
    const strtab = section(symtab.link);
    for (let at = symtab.offset; at < symtab.offset + symtab.size; at += 24) {
      const nameAt = strtab.offset + b.readUInt32LE(at);
      if (b.toString('latin1', nameAt, nameAt + name.length + 1) !== `${name}\0`) continue;
      const home = section(b.readUInt16LE(at + 6));
      return Number(b.readBigUInt64LE(at + 8)) - home.addr + home.offset;
    }
  }
  return null;
}

/**
 * Writes to `dest` a better-sqlite3 addon this Node refuses, standing in for
 * the Electron build `npm start` used to leave in node_modules (Electron's
 * binary cannot be downloaded here): the Node build relabelled as built for
 * module version `abi`, as an Electron build is — the version in its
 * registration record and the exported `node_register_module_v<N>` entry
 * point (Node falls back to that symbol when the versions differ). Node then
 * fails exactly as with an Electron build ("compiled against a different
 * Node.js version using NODE_MODULE_VERSION …"). Where the record cannot be
 * found (a stripped or non-ELF build), a file no loader accepts. Returns which
 * one it wrote.
 */
export function writeForeignSqliteBuild(nodeBuild: string, dest: string, abi = 145): 'other-abi' | 'not-loadable' {
  const b = readFileSync(nodeBuild);
  // `_module` is the addon's static node_module record; its first field is nm_version.
  const at = elfSymbolOffset(b, '_ZL7_module');
  const ours = Buffer.from(`node_register_module_v${process.versions.modules}\0`, 'latin1');
  const theirs = Buffer.from(`node_register_module_v${abi}\0`, 'latin1');
  if (at !== null && b.readInt32LE(at) === Number(process.versions.modules) && ours.length === theirs.length) {
    b.writeInt32LE(abi, at);
    for (let i = b.indexOf(ours); i >= 0; i = b.indexOf(ours, i + 1)) theirs.copy(b, i);
    writeFileSync(dest, b, { mode: 0o755 });
    return 'other-abi';
  }
  writeFileSync(dest, Buffer.from('not a shared library: a better-sqlite3 build for another runtime\n'), { mode: 0o755 });
  return 'not-loadable';
}
