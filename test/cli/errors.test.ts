import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';
import type { CommandIO } from '../../src/cli/args.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const sample = join(root, 'fixtures/sample');
/** A line of a JavaScript stack trace. */
const STACK_LINE = /^\s+at .+\(?.+:\d+:\d+\)?$/m;

const run = (args: string[], io: Partial<CommandIO> = {}) => runCli(args, io);

const dir = mkdtempSync(join(tmpdir(), 'tuban-errors-'));
const point = join(dir, 'point.geojson');
writeFileSync(point, JSON.stringify({ type: 'FeatureCollection', features: [
  { type: 'Feature', properties: { id: 'a' }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } },
  { type: 'Feature', properties: { id: 'b' }, geometry: { type: 'Point', coordinates: [1, 2] } },
] }));

describe('exit codes and messages', () => {
  it('exit 2 for an unknown option, naming it, suggesting the near one and pointing to the help', async () => {
    const r = await run(['area', 'x.geojson', '--plannar']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tuban: unknown option "--plannar" for tuban area \(did you mean --planar\?\); it accepts --id, /);
    expect(r.stderr).toMatch(/Run "tuban area --help" for usage\.\n$/);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('exit 2 for other command-line mistakes', async () => {
    const cases: [string[], RegExp][] = [
      [['area'], /expected one input file, found nothing/],
      [['area', 'a.shp', 'b.shp'], /expected one input file, found "a.shp" "b.shp"/],
      [['area', 'a.shp', '--id'], /expected a value after --id, found none/],
      [['area', 'a.shp', '--planar=yes'], /expected no value for --planar \(it is a switch\), found one/],
      [['area', 'a.shp', '--id', 'A', '--id', 'B'], /expected --id once, found it 2 times/],
      [['frobnicate'], /expected a command \(area, overlay, taohe, province, balance, help\), found "frobnicate"/],
      [['--id', 'x'], /expected a command \(area, overlay, taohe, province, balance\) before any option, found "--id"/],
      [['overlay', 'p.geojson'], /expected at least one --layer NAME=FILE\[:CLASSFIELD\], found none/],
      [['overlay', 'p.geojson', '--layer', 'a=x.geojson', '--layer', 'a=y.geojson'], /expected a different NAME for every --layer, found "a" twice/],
      [['overlay', 'p.geojson', '--layer', 'a=x.geojson', '--layer-crs', 'b=EPSG:4527'], /expected --layer-crs to name one of the layers \(a\), found "b"/],
      [['overlay', 'p.geojson', '--layer', 'a=x.geojson', '--layer-crs', 'a=EPSG:99'], /--layer-crs a=EPSG:99: /],
      [['overlay', 'p.geojson', '--layer', 'a=x.geojson', '--crs', 'zone 39'], /--crs zone 39: Cannot read a coordinate reference system/],
      [['area', point, '--out', join(dir, 'a.shp')], /expected --out to name a \.csv or \.xlsx file, found "\.shp"/],
      [['area', point, '--out', point], /expected --out to name a new file, found .*point\.geojson, which is one of the inputs/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect([r.code, r.stderr], args.join(' ')).toEqual([2, expect.stringMatching(message)]);
      expect(r.stderr).not.toMatch(STACK_LINE);
    }
  });

  it('exit 1 for a bad file: the message names the file, the feature and what was expected and found, without a stack', async () => {
    const r = await run(['area', point, '--planar', '--id', 'id']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')).toEqual([expect.any(String), '']);
    for (const part of [`tuban: ${point}`, 'feature 1', 'expected a Polygon or MultiPolygon', 'found Point', 'id b']) expect(r.stderr).toContain(part);
    const missing = await run(['area', join(dir, 'nothere.shp')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nothere.shp');
    expect(missing.stderr).not.toMatch(STACK_LINE);
  });

  it('exit 1 before any work when the --out folder does not exist; nothing is written', async () => {
    const out = join(dir, 'no-such-folder', 'a.csv');
    const r = await run(['area', join(sample, 'patches.geojson'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`tuban: ${out}: expected the folder ${join(dir, 'no-such-folder')} to exist for --out, found none\n`);
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
  });

  it('--debug adds the stack trace to any error message', async () => {
    const bad = await run(['area', point, '--planar', '--debug']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^tuban: .*found Point\nInputError: /);
    expect(bad.stderr).toMatch(STACK_LINE);
    const usage = await run(['area', '--debug']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/UsageError: expected one input file/);
    expect(usage.stderr).toMatch(STACK_LINE);
  });

  it('exit 70 with a please-report message and the stack for an internal error', async () => {
    // A failing stdout stands in for a bug: an error that is not one of tuban's input errors.
    const r = await run(['area', join(sample, 'patches.geojson'), '--id', 'JCBH'], {
      stdout: () => {
        throw new TypeError('cannot read properties of undefined');
      },
    });
    expect(r.code).toBe(70);
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    expect(r.stderr).toMatch(new RegExp(`^tuban: internal error — a bug in tuban ${version.replace(/\./g, '\\.')}\\. Please report it`));
    expect(r.stderr).toMatch(/TypeError: cannot read properties of undefined/);
    expect(r.stderr).toMatch(STACK_LINE);
  });

  it.skipIf(process.platform === 'win32')('stops quietly with exit code 0 when the reader of stdout goes away (| head)', () => {
    // bash pipeline: head reads one line and exits; tuban's next writes hit a closed pipe (EPIPE). The sample
    // land-use table (~160 kB) is larger than a pipe buffer (64 kB on Linux), so the pipe does close under it.
    const script = `"${process.execPath}" --import tsx/esm src/cli/main.ts area fixtures/sample/landuse.geojson | head -1; echo "exit=\${PIPESTATUS[0]}" >&2`;
    const r = spawnSync('bash', ['-c', script], { cwd: root, encoding: 'utf8' });
    expect(r.stdout).toBe('id,area_m2,area_mu\n');
    expect(r.stderr).toBe('exit=0\n');
  });
});
