package io.annet.runtime.layers;

/**
 * The switch a network turns on for the length of its float32 training step, under which the
 * kernels it marked ({@link BlockedTraining}) read or write oneDNN's channel-blocked {@code
 * nChw16c} layout in place of plain NCHW: a tensor between two oneDNN layers then skips the two
 * reorders it otherwise takes. With a multiple of 16 channels the blocked tensor has exactly the
 * plain one's size, so the same {@code [N, C, H, W]} array holds it; element-wise layers (sums,
 * activations, gradient sums) compute on it unchanged. Off, every kernel reads and writes plain
 * arrays, whatever it was marked: the layer handles' own calls and inference never see blocked
 * data.
 */
public final class BlockedLayout {
  /** The channel block of {@code nChw16c}; a blocked tensor's channels are a multiple of it. */
  public static final int BLOCK = 16;
  /** The bit of a kernel's layout code: its input (and the input's gradient) is blocked. */
  static final int INPUT = 1;
  /** The bit of a kernel's layout code: its output (and the output's gradient) is blocked. */
  static final int OUTPUT = 2;

  private boolean active;
  private boolean stale;

  /** Turns the marked kernels' blocked layouts on (a training step begins) or off. */
  public void activate(boolean on) {
    this.active = on;
  }

  /** Whether the marked kernels compute in their blocked layouts now. */
  public boolean active() {
    return active;
  }

  /** Says that a marked kernel can no longer compute as marked (a batch norm was frozen). */
  public void invalidate() {
    this.stale = true;
  }

  /** Whether the network must plan its layouts again before the next step. */
  public boolean stale() {
    return stale;
  }

  /** Whether maps of {@code channels} channels can be held blocked in a plain-sized array. */
  public static boolean fits(int channels) {
    return channels % BLOCK == 0;
  }

  /** The layout code of a call: {@code marked} while {@code scope} is on, else 0 (plain). */
  static int of(BlockedLayout scope, int marked) {
    return scope != null && scope.active ? marked : 0;
  }
}
