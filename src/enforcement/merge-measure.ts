/**
 * The exact areas a task list needs (重合图斑, issue 5), all from the overlay kernel (src/overlay/kernel.ts):
 *
 * - a patch's own area and its overlap with each earlier candidate patch: ONE kernel run with the patch as
 *   the kernel's patch operand and every candidate in a group of its own (area(P ∩ Cⱼ) = group j), plus, when
 *   asked, one group per candidate task holding that task's candidates (area(P ∩ ⋃ task) for the union area);
 * - the growth of a union when a patch joins it: area(P) − area(P ∩ ⋃ earlier members), one run with the
 *   earlier members in one group.
 *
 * The later patch is always the kernel's patch operand and earlier ones its candidates, in ascending order,
 * so a batch merge and a month-by-month one make exactly the same kernel runs for every pair.
 */
import type { Layer } from '../geometry/types.js';
import { OverlayKernel } from '../overlay/kernel.js';
import type { EdgeMeasure } from '../overlay/measure.js';
import { prepareLayer } from '../overlay/prepare.js';

/** Where global patch g lives: its set's layer and its feature index there. */
export type PatchLocator = (g: number) => { readonly layer: Layer; readonly featureIndex: number };

/**
 * Runs the kernel for task-list questions and counts the runs, so callers (and tests) can see that adding a
 * month measured only the month's patches.
 *
 * @example
 * const m = new OverlapMeasurer(planarMeasure(), (g) => ({ layer, featureIndex: g }));
 * const area = m.overlaps(1, [0]); // area of patch 1; m.pairArea(0) = area(patch 1 ∩ patch 0)
 */
export class OverlapMeasurer {
  /** Kernel runs made so far. */
  runs = 0;
  private readonly kernel = new OverlayKernel();
  private nPairs = 0;

  constructor(
    readonly measure: EdgeMeasure,
    private readonly locate: PatchLocator,
  ) {}

  /**
   * Area of patch g and of g ∩ cands[k] for every k ({@link pairArea}); with `unionGroup`, also of
   * g ∩ ⋃{cands[k] : unionGroup[k] = u} for u < nUnions ({@link unionArea}; −1 = in no union group).
   */
  overlaps(g: number, cands: readonly number[], unionGroup?: Int32Array, nUnions = 0): number {
    const k = this.kernel;
    this.setPatch(g);
    const n = cands.length;
    for (let j = 0; j < n; j++) {
      this.addCandidate(cands[j]);
      k.addGroup(j);
      if (unionGroup !== undefined && unionGroup[j] >= 0) k.addGroup(n + unionGroup[j]);
    }
    k.run(this.measure, n + (unionGroup !== undefined ? nUnions : 0));
    this.runs++;
    this.nPairs = n;
    return k.patchArea();
  }

  /** area(g ∩ cands[j]) from the last {@link overlaps} run. */
  pairArea(j: number): number {
    return this.kernel.groupArea(j);
  }

  /** area(g ∩ union group u) from the last {@link overlaps} run. */
  unionArea(u: number): number {
    return this.kernel.groupArea(this.nPairs + u);
  }

  /**
   * area(g) − area(g ∩ ⋃ prior): what patch g adds to the union of `prior`. The caller passes only prior patches
   * whose box meets g's (others cannot meet g); with none, no run is needed and `areaG` is returned.
   */
  increment(g: number, prior: readonly number[], areaG: number): number {
    if (prior.length === 0) return areaG;
    const k = this.kernel;
    this.setPatch(g);
    for (const p of prior) {
      this.addCandidate(p);
      k.addGroup(0);
    }
    k.run(this.measure, 1);
    this.runs++;
    this.nPairs = 0;
    return k.patchArea() - k.groupArea(0);
  }

  private setPatch(g: number): void {
    const { layer, featureIndex } = this.locate(g);
    this.kernel.setPatch(layer, featureIndex, prepareLayer(layer).fact(featureIndex));
  }

  private addCandidate(g: number): void {
    const { layer, featureIndex } = this.locate(g);
    this.kernel.addCandidate(layer, featureIndex, prepareLayer(layer).fact(featureIndex));
  }
}
