import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';
import { packageVersion } from '../../src/cli/version.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** The version as package.json says, read here without tuban's code. */
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

const run = (args: string[]) => runCli(args);

describe('tuban help', () => {
  it('prints the general help for --help, -h and help, listing every command, the input formats and exit codes', async () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const r = await run(args);
      expect([r.code, r.stderr], args.join(' ')).toEqual([0, '']);
      expect(r.stdout).toMatch(/^Usage: tuban <command>/m);
      for (const c of ['area', 'overlay']) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
      for (const ext of ['.shp', '.zip', '.geojson', '.json', '.ndjson']) expect(r.stdout).toContain(ext);
      expect(r.stdout).toMatch(/Exit codes: 0 .*; 1 bad input/);
    }
  });

  it('prints usage on stderr with exit code 2 when no command is given', async () => {
    const r = await run([]);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/^Usage: tuban <command>/m);
  });

  for (const command of ['area', 'overlay']) {
    it(`prints the ${command} page, with its usage line and an example, for every way of asking`, async () => {
      for (const args of [[command, '--help'], [command, '-h'], ['help', command], [command, 'x.shp', '--bogus', '--help']]) {
        const r = await run(args);
        expect([r.code, r.stderr], args.join(' ')).toEqual([0, '']);
        expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`^Usage: tuban ${command} <`));
        const examples = r.stdout.split(/^Examples:$/m)[1];
        expect(examples, 'an Examples section').toBeDefined();
        expect(examples).toMatch(new RegExp(`^  tuban ${command} \\S+`, 'm'));
        for (const ext of ['.shp', '.zip', '.geojson', '.json', '.ndjson']) expect(r.stdout).toContain(ext);
      }
    });

    it(`documents every option that tuban ${command} accepts`, async () => {
      // The parser's own list, from the unknown-option message.
      const r = await run([command, '--zzzz']);
      const accepted = /it accepts (.*)$/m.exec(r.stderr)![1].split(', ').map((o) => o.split('/')[0]);
      expect(accepted.length).toBeGreaterThan(5);
      const page = (await run([command, '--help'])).stdout;
      for (const option of accepted) expect(page, option).toMatch(new RegExp(`${option}\\b`));
    });
  }

  it('refuses help on an unknown command with exit code 2', async () => {
    const r = await run(['help', 'frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/expected a command to explain \(area, overlay, taohe, province, balance\), found "frobnicate"/);
  });
});

describe('tuban --version', () => {
  it('prints the version of package.json for --version and -V', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await run([flag]);
      expect([r.code, r.stdout, r.stderr]).toEqual([0, `${version}\n`, '']);
    }
  });

  it('finds package.json from where the built CLI lives (dist/cli/main.js) and from the sources', () => {
    expect(packageVersion(new URL('../../dist/cli/main.js', import.meta.url))).toBe(version);
    expect(packageVersion(new URL('../../src/cli/version.ts', import.meta.url))).toBe(version);
    expect(() => packageVersion(new URL('file:///nowhere/at/all/main.js'))).toThrow(/cannot find its own package.json/);
  });

  it('prints it when the sources are run with tsx, as a program', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx/esm', join(root, 'src/cli/main.ts'), '--version'], { cwd: root, encoding: 'utf8' });
    expect([r.status, r.stdout, r.stderr]).toEqual([0, `${version}\n`, '']);
  });

  it('prints it from a CLI built with the package build configuration (tsup.config.ts)', async () => {
    // Build into a scratch package under .tmp (git-ignored) whose package.json carries a version of its own,
    // so the printed version proves the lookup is relative to the built file. Dependencies stay external and
    // resolve from the project's node_modules further up.
    const scratch = join(root, '.tmp', `cli-build-${process.pid}`);
    mkdirSync(scratch, { recursive: true });
    try {
      writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'tuban', version: '9.8.7-built', type: 'module' }));
      const { build } = await import('tsup');
      const configs = (await import('../../tsup.config.js')).default as unknown as Record<string, unknown>[];
      const cli = configs.find((c) => JSON.stringify(c.entry).includes('src/cli/main.ts'));
      expect(cli, 'the CLI entry of tsup.config.ts').toBeDefined();
      await build({ ...cli, outDir: join(scratch, 'dist'), clean: false, sourcemap: false, silent: true, config: false });
      const built = join(scratch, 'dist', 'cli', 'main.js');
      expect(readFileSync(built, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
      const r = spawnSync(process.execPath, [built, '--version'], { cwd: scratch, encoding: 'utf8' });
      expect([r.status, r.stdout, r.stderr]).toEqual([0, '9.8.7-built\n', '']);
      const help = spawnSync(process.execPath, [built, 'area', '--help'], { cwd: scratch, encoding: 'utf8' });
      expect([help.status, help.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(/^Usage: tuban area/)]);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 30_000);
});
