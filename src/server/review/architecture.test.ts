/**
 * House rules of docs/architecture.md checked on the sources: SQL only in repositories (and db/),
 * an area reaches another area through its service, never its repository, one set of date
 * helpers (src/shared/dates.ts), and every area declared in its manifest (`modules/<area>/index.ts`)
 * rather than registering texts, feeds or jobs by a side effect of being imported.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const server = path.join(root, 'src/server');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && e.name !== 'test-factories.ts' ? [p] : [];
  });
}

const rel = (p: string) => path.relative(root, p);
const SQL = /\.(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql`|\bsql</;

describe('architecture rules', () => {
  it('speaks SQL only in *.repository.ts and src/server/db', () => {
    const stray = files(server)
      .filter((f) => !f.endsWith('.repository.ts') && !f.startsWith(path.join(server, 'db') + path.sep))
      .filter((f) => SQL.test(fs.readFileSync(f, 'utf8')))
      .map(rel);
    expect(stray).toEqual([]);
  });

  it('never imports another area’s repository outside repositories (types aside)', () => {
    const wrong: string[] = [];
    for (const f of files(path.join(server, 'modules'))) {
      const area = path.basename(path.dirname(f));
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/^import\s+(type\s+)?[^;]*?from '\.\.\/([a-z-]+)\/[a-z-]+\.repository\.ts'/gm)) {
        if (m[1] || m[2] === area) continue;
        wrong.push(`${rel(f)} → ${m[2]}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keeps one set of calendar helpers in src/shared/dates.ts', () => {
    const copies = [...files(server), ...files(path.join(root, 'src/shared'))]
      .filter((f) => !f.endsWith(path.join('src', 'shared', 'dates.ts')))
      .filter((f) => /\bfunction (todayIn|addDays|isIsoDate|localDate|zonedToUtc|dayRange)\b/.test(fs.readFileSync(f, 'utf8')))
      .map(rel);
    expect(copies).toEqual([]);
  });

  it('declares every area in a manifest, with nothing registered by a side-effect import', () => {
    const modules = path.join(server, 'modules');
    const areaDirs = fs.readdirSync(modules, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(areaDirs.filter((a) => !fs.existsSync(path.join(modules, a, 'index.ts')))).toEqual([]);
    // Texts, feeds, hooks, attachment owners and automatic actions are declared in the manifest and
    // installed by installAreas (area.ts); an area never calls a registry itself.
    const SIDE_EFFECT =
      /^\s*(registerMessages|registerErrorStatus|customerTimeline\.register|unitHistory\.register|registerIncidentHooks|registerAutomaticAction|registerCatalogReference|registerAttachmentOwner|onCustomerChange|offerAutomaticAction|installAttachmentOwner|installCustomerChangeHook)\(/m;
    const stray = files(modules)
      .filter((f) => !f.endsWith(path.join('modules', 'area.ts')))
      .filter((f) => SIDE_EFFECT.test(fs.readFileSync(f, 'utf8')))
      .map(rel);
    expect(stray).toEqual([]);
    const sideEffectImports = files(server).flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/^import '(\.[^']+)';/gm)].map((m) => `${rel(f)} → ${m[1]}`));
    expect(sideEffectImports).toEqual([]);
  });

  it('starts background jobs from the job runner only (no timers in a routes file)', () => {
    const stray = files(path.join(server, 'modules'))
      .filter((f) => f.endsWith('.routes.ts'))
      .filter((f) => /\b(setInterval|setTimeout)\(|addHook\('onReady'/.test(fs.readFileSync(f, 'utf8')))
      .map(rel);
    expect(stray).toEqual([]);
  });

  it('keeps engine differences in src/server/db: no branch on the engine anywhere else', () => {
    // Reading the engine's name to branch on it (ctx.dialect, `dialect === 'postgres'`, a
    // comparison with an engine's name) belongs in src/server/db; elsewhere a db/ helper decides.
    // Handing the name on (`dialect: database.dialect`, `dialectOf(db)` passed to a db/ helper) is fine.
    const BRANCH = /\b(ctx|c)\.dialect\b|\bdialect\s*[!=]==|[!=]==\s*'(postgres|sqlite)'|'(postgres|sqlite)'\s*[!=]==/;
    const stray = files(server)
      .filter((f) => !f.startsWith(path.join(server, 'db') + path.sep))
      .filter((f) => BRANCH.test(fs.readFileSync(f, 'utf8')))
      .map(rel);
    expect(stray).toEqual([]);
  });

  it('builds no query in a service: no .where( / .execute( / sql` outside repositories', () => {
    const stray = files(server)
      .filter((f) => f.endsWith('.service.ts'))
      .filter((f) => /\.where\(|(?<!\.transaction\(\))\.execute\(|\.executeTakeFirst(OrThrow)?\(|\bsql`/.test(fs.readFileSync(f, 'utf8')))
      .map(rel);
    expect(stray).toEqual([]);
  });

  it('never turns a failure into "not found": no .catch(() => undefined | null) on the server', () => {
    const stray = files(server)
      .filter((f) => /\.catch\(\s*\(\)\s*=>\s*(undefined|null)\s*\)/.test(fs.readFileSync(f, 'utf8')))
      .map(rel);
    expect(stray).toEqual([]);
  });
});
