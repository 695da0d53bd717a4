// `pnpm release`: turns the pending changesets into a release — versions (one fixed group: every
// public package gets the same version), a CHANGELOG.md per package, a commit and a tag
// `vX.Y.Z`. Publishing to a registry is a separate, deliberate step (`pnpm -r publish`).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const sh = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
const out = (cmd, args) => execFileSync(cmd, args, { encoding: 'utf8' }).trim();

if (out('git', ['status', '--porcelain']) !== '') {
  console.error('release: the working tree has uncommitted changes; commit or stash them first');
  process.exit(2);
}
const pending = readdirSync('.changeset').filter((f) => f.endsWith('.md') && f !== 'README.md');
if (pending.length === 0) {
  console.error('release: no changesets are pending (`pnpm changeset` adds one per user-visible change)');
  process.exit(2);
}
sh('pnpm', ['exec', 'changeset', 'version']);
const version = JSON.parse(readFileSync('packages/core/package.json', 'utf8')).version;
sh('git', ['add', '-A', '.changeset', 'packages', 'examples']);
sh('git', ['commit', '-q', '-m', `release ${version}: versions and changelogs from ${pending.length} changesets`]);
sh('git', ['tag', '-a', `v${version}`, '-m', `Sunshine ${version}`]);
console.log(`released ${version} (${pending.length} changesets): commit and tag v${version} made; push them, then publish with \`pnpm -r publish\``);
