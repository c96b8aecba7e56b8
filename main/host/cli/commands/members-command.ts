import type { Command } from 'commander';
import { callServer } from '../../../client/server-client.js';
import { RefusedError } from '../../../core/errors.js';
import { isRole, ROLES, type Role } from '../../../server/roles.js';
import { runRemote } from '../remote.js';

/** `--role`, checked before anything is sent. */
function parseRole(text: string): Role {
  const role = text.trim().toLowerCase();
  if (!isRole(role)) throw new RefusedError('invalid_role', `--role is one of ${ROLES.join(', ')}, got '${text}'`);
  return role;
}

/** `members add|list|remove`: the org's people on the team server (an admin's token). */
export function registerMembers(program: Command): Command {
  const members = program.command('members').description("the org's members on the team server (needs --server and an admin's --token)");

  members
    .command('add <email>')
    .description('add a member and print their token (shown this once)')
    .requiredOption('--role <role>', `${ROLES.join('|')}`)
    .action((email: string, opts: { role: string }, cmd: Command) =>
      runRemote(cmd, 'members add', async (ctx) => {
        const added = await callServer(ctx.conn, 'members/add', { email, role: parseRole(opts.role) });
        ctx.print(added, () => `Added ${added.email} as ${added.role}. Their token (shown this once, give it to them privately):\n${added.token}`);
      }),
    );

  members
    .command('list')
    .description("list the org's members")
    .action((_opts, cmd: Command) =>
      runRemote(cmd, 'members list', async (ctx) => {
        const rows = await callServer(ctx.conn, 'members/list', {});
        ctx.print(rows, () => rows.map((m) => `${m.email}  ${m.role}  added ${m.addedAt}`).join('\n'));
      }),
    );

  members
    .command('remove <email>')
    .description('remove a member: their tokens stop working at once')
    .action((email: string, _opts, cmd: Command) =>
      runRemote(cmd, 'members remove', async (ctx) => {
        const removed = await callServer(ctx.conn, 'members/remove', { email });
        ctx.print(removed, () => `Removed ${removed.email} (${removed.role}); their tokens no longer work.`);
      }),
    );
  return members;
}
