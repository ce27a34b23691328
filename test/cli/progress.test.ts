import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { formatDuration, Progress } from '../../src/cli/progress.js';

/** A clock the test sets by hand. */
function manualClock(start = 0) {
  const clock = { t: start, now: () => clock.t };
  return clock;
}

describe('Progress (non-terminal sink, fake clock)', () => {
  it('prints nothing before 2 s, then a line with counts, percent and ETA, then one line per 5 s', () => {
    const clock = manualClock();
    const lines: string[] = [];
    const p = new Progress({ task: 'overlay', write: (t) => lines.push(t), tty: false, now: clock.now });
    p.update(0, 4000, '0/4000 patches');
    clock.t = 1999;
    p.update(800, 4000, '800/4000 patches');
    expect(lines).toEqual([]);
    // After 2 s but with no unit done since the first update there is no rate, hence no ETA: no line yet.
    clock.t = 2100;
    p.update(0, 4000, '0/4000 patches');
    expect(lines).toEqual([]);
    // 1000 units in 2.5 s since the first update: 2.5 ms each, 3000 left → 7.5 s, shown rounded up.
    clock.t = 2500;
    p.update(1000, 4000, '1000/4000 patches');
    expect(lines).toEqual(['overlay: 1000/4000 patches, 25%, ETA 8 s\n']);
    clock.t = 7499;
    p.update(2999, 4000, '2999/4000 patches');
    expect(lines.length).toBe(1);
    // 3000 units in 7.5 s: 2.5 ms each, 1000 left → 2.5 s → "3 s".
    clock.t = 7500;
    p.update(3000, 4000, '3000/4000 patches');
    expect(lines[1]).toBe('overlay: 3000/4000 patches, 75%, ETA 3 s\n');
    clock.t = 10_000;
    p.finish();
    expect(lines[2]).toBe('overlay: done in 10 s\n');
    expect(lines.length).toBe(3);
  });

  it('says nothing at all for a job shorter than 2 s, and nothing with quiet', () => {
    const clock = manualClock();
    const short: string[] = [];
    const p = new Progress({ task: 'area', write: (t) => short.push(t), tty: false, now: clock.now });
    for (let i = 0; i <= 100; i++) {
      clock.t = i * 19; // ends at 1.9 s
      p.update(i, 100, `${i}/100`);
    }
    p.finish();
    expect(short).toEqual([]);

    const quiet: string[] = [];
    const q = new Progress({ task: 'area', write: (t) => quiet.push(t), tty: false, now: clock.now, quiet: true });
    for (let i = 0; i <= 100; i++) {
      clock.t += 1000;
      q.update(i, 100, `${i}/100`);
    }
    q.finish();
    expect(quiet).toEqual([]);
  });

  it('draws a bar in place on a terminal and erases it for other messages', () => {
    const clock = manualClock();
    let screen = '';
    const p = new Progress({ task: 'overlay', write: (t) => void (screen += t), tty: true, now: clock.now, columns: 80 });
    p.update(0, 10, '0/10');
    clock.t = 3000;
    p.update(5, 10, '5/10 patches');
    // Carriage return, the bar (half of its cells filled), and ECMA-48 "erase in line" (CSI K).
    expect(screen).toMatch(/^\roverlay \[(#+)(\.+)\]  50% 5\/10 patches, ETA 3 s\x1b\[K$/);
    const [, filled, empty] = /\[(#+)(\.+)\]/.exec(screen)!;
    expect(filled.length).toBe(empty.length);
    expect(screen.length - 4).toBeLessThanOrEqual(79); // \r and the 3-byte escape are not columns
    // Redrawn at most every 200 ms.
    clock.t = 3100;
    p.update(6, 10, '6/10 patches');
    expect(screen).not.toContain('6/10');
    screen = '';
    p.clear();
    expect(screen).toBe('\r\x1b[K');
    screen = '';
    p.finish();
    expect(screen).toBe('overlay: done in 4 s\n'); // 3.1 s rounded up; the bar was already erased
  });

  it('leaves the bar out on a narrow terminal and never writes past its width', () => {
    const clock = manualClock();
    let screen = '';
    const p = new Progress({ task: 'overlay', write: (t) => void (screen += t), tty: true, now: clock.now, columns: 30 });
    p.update(0, 10, '0/10');
    clock.t = 3000;
    p.update(5, 10, '5/10 patches');
    expect(screen.startsWith('\roverlay  50% 5/10')).toBe(true);
    expect(screen.endsWith('\x1b[K')).toBe(true);
    expect(screen.length - 4).toBeLessThanOrEqual(29);
  });

  it('erases the bar when the work throws, and says "done" when it returns', () => {
    const clock = manualClock();
    let screen = '';
    const p = new Progress({ task: 'area', write: (t) => void (screen += t), tty: true, now: clock.now });
    expect(() =>
      p.during(() => {
        p.update(0, 10, '0/10');
        clock.t = 2500;
        p.update(3, 10, '3/10');
        throw new Error('bad feature');
      }),
    ).toThrow('bad feature');
    expect(screen.endsWith('\r\x1b[K')).toBe(true);
    expect(screen).not.toContain('done');
    screen = '';
    const q = new Progress({ task: 'area', write: (t) => void (screen += t), tty: false, now: clock.now });
    expect(q.during(() => { q.update(0, 4, '0/4'); clock.t += 3000; q.update(2, 4, '2/4'); return 42; })).toBe(42);
    expect(screen).toBe('area: 2/4, 50%, ETA 3 s\narea: done in 3 s\n');
  });

  it('formats durations in seconds, minutes and hours', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(200)).toBe('1 s');
    expect(formatDuration(59_000)).toBe('59 s');
    expect(formatDuration(125_000)).toBe('2 min 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 min');
  });
});

describe('progress of tuban overlay', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tuban-progress-'));
  const sq = (x: number, y: number, s: number) => [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]];
  const feat = (props: object, coords: number[][][]) => ({ type: 'Feature', properties: props, geometry: { type: 'Polygon', coordinates: coords } });
  // 40 patches in a row and one layer square under the first 20.
  writeFileSync(join(dir, 'p.geojson'), JSON.stringify({ type: 'FeatureCollection', features: Array.from({ length: 40 }, (_, i) => feat({ id: `P${i}` }, sq(10 * i, 0, 5))) }));
  writeFileSync(join(dir, 'l.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [feat({ c: 'A' }, sq(-1, -1, 200))] }));

  /** Runs with a clock that moves 1 s every time it is read. */
  async function run(extra: string[], clockStep: number) {
    let t = 0;
    let stdout = '';
    let stderr = '';
    const code = await main(['overlay', join(dir, 'p.geojson'), '--planar', '--id', 'id', '--layer', `z=${join(dir, 'l.geojson')}`, '--layer', `y=${join(dir, 'l.geojson')}`, ...extra], {
      stdout: (s) => void (stdout += s),
      stderr: (s) => void (stderr += s),
      stderrIsTTY: false,
      now: () => (t += clockStep),
    });
    return { code, stdout, stderr };
  }

  it('prints plain progress lines on a non-terminal stderr once the job has run 2 s', async () => {
    const r = await run([], 1000);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('overlay:'));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines[0]).toMatch(/^overlay: layer [12]\/2 [zy], \d+\/40 patches, \d+%, ETA (\d+ s|\d+ min \d\d s|\?)$/);
    expect(lines.at(-1)).toMatch(/^overlay: done in \d+ s$/);
    // The results are the same as without progress: 20 patches on the layer square, twice.
    expect(r.stdout.trim().split('\n').length).toBe(1 + 2 * 20);
  });

  it('prints nothing with --quiet or -q, nor when the job is quick', async () => {
    for (const flag of ['--quiet', '-q']) {
      const r = await run([flag], 1000);
      expect(r.code).toBe(0);
      expect(r.stderr).not.toMatch(/^overlay:/m);
    }
    const quick = await run([], 0);
    expect(quick.stderr).not.toMatch(/^overlay:/m);
  });
});
