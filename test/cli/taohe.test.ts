import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const s = new URL('../../fixtures/sample/', import.meta.url).pathname;

const run = (args: string[]) => runCli(args);

describe('tuban taohe', () => {
  it('runs the job on the sample county and lists the files it wrote', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tuban-taohe-')), '套合');
    const r = await run([
      'taohe', '--patches', join(s, 'patches.geojson'), '--landuse', `${join(s, 'landuse.geojson')}:DLBM`,
      '--farmland', join(s, 'farmland.geojson'), '--townships', join(s, 'townships.geojson'),
      '--planning', join(s, 'planning.geojson'), '--approvals', join(s, 'approvals.geojson'),
      '--status', join(s, 'status.csv'), '--as-of', '2026-11-29', '--format', 'csv,json', '--out', out,
    ]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const listed = r.stdout.trim().split('\n');
    expect(listed.every((f) => f.startsWith(out))).toBe(true);
    expect(readdirSync(out).sort()).toEqual(listed.map((f) => f.slice(out.length + 1)).sort());
    expect(readdirSync(out)).toContain('套合表.json');
    expect(r.stderr).toMatch(/taohe: 300 patches in 1 set\(s\) → \d+ tasks/);
    const json = JSON.parse(readFileSync(join(out, '套合表.json'), 'utf8')) as { rows: { balanced: boolean }[] };
    expect(json.rows.every((row) => row.balanced)).toBe(true);
  });

  it('usage errors exit 2, bad configuration exits 1 naming the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tuban-taohe-'));
    expect((await run(['taohe', '--patches', join(s, 'patches.geojson'), '--out', dir])).code).toBe(2);
    const bad = await run(['taohe', '--patches', join(s, 'patches.geojson'), '--landuse', join(s, 'landuse.geojson'), '--out', dir, '--format', 'pdf']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/expected --format from xlsx, csv, json, html/);
    const cfg = join(dir, 'cfg.json');
    writeFileSync(cfg, JSON.stringify({ thresholds: { approvalCoverage: '70%' } }));
    const r = await run(['taohe', '--patches', join(s, 'patches.geojson'), '--landuse', join(s, 'landuse.geojson'), '--config', cfg, '--out', join(dir, 'o')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/thresholds\.approvalCoverage/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).toEqual(['cfg.json']);
  });
});
