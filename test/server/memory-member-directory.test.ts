import { MemoryMemberDirectory } from '../support/memory-member-directory.js';
import { memberDirectoryCases } from './member-directory-cases.js';

// The stand-in the host and CLI tests use keeps the PostgreSQL directory's rules.
memberDirectoryCases('in memory', () => Promise.resolve(new MemoryMemberDirectory()));
