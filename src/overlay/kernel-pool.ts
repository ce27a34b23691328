/**
 * Idle overlay kernels kept between the calls of the table functions, which take one for a call and give it back.
 *
 * Why not a new kernel per call: V8's optimised code for the kernel is specialised to the hidden classes ("maps")
 * of the kernel's objects, which it holds only weakly. Once every object of such a class has died, a full garbage
 * collection frees the class and throws that code away ("weak objects" deoptimisation in `--trace-deopt`), and the
 * next call runs unoptimised until V8 has compiled it again: patches × farmland measured 65 ms instead of 40 on its
 * first run after a full collection, which any allocating code between two calls (a file read, a report) triggers.
 * A kept kernel keeps those classes alive, and its buffers at the size the largest overlay so far needed.
 */
import { OverlayKernel } from './kernel.js';

/** Enough for nested calls (a visitor that tabulates) without holding many grown kernels. */
const MAX_IDLE = 4;
/**
 * A kernel whose buffers grew past this many items (one overlay of a very large feature) is not kept, so that what
 * the pool holds stays within a few megabytes a kernel; a county's patches need a few hundred.
 */
const MAX_KEPT_CAPACITY = 16_384;
const idle: OverlayKernel[] = [];

/**
 * A kernel for one job (a table function's loop over its patches), fresh or idle; give it back with
 * {@link giveKernel} when the job is done. Its statistics (see {@link OverlayKernel.beginJob}) start over.
 *
 * @example
 * const k = takeKernel();
 * try { k.setPatch(patches, 0); k.run(planarMeasure(), 0); } finally { giveKernel(k); }
 */
export function takeKernel(): OverlayKernel {
  const k = idle.pop() ?? new OverlayKernel();
  k.beginJob();
  return k;
}

/**
 * Returns a kernel from {@link takeKernel} for later calls, without references to the layers it overlaid (a kernel
 * grown for a very large overlay is let go instead).
 *
 * @example
 * giveKernel(k);
 */
export function giveKernel(k: OverlayKernel): void {
  k.endJob();
  if (idle.length < MAX_IDLE && !idle.includes(k) && k.capacity() <= MAX_KEPT_CAPACITY) idle.push(k);
}
