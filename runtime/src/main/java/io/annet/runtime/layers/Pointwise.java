package io.annet.runtime.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A 1x1 convolution with stride 1 and no padding as GEMMs on NCHW data, no im2col, in one of two
 * layouts chosen per layer:
 *
 * <ul>
 *   <li>per example, on views: {@code z_n [F, P] = W [F, C] x_n [C, P]} ({@code P = H W}); no
 *       copies, one GEMM call per example. On large maps this beats libnd4j's conv2d, oneDNN
 *       included, by about 2x (see the shared ND4J notes).
 *   <li>batched: the input copied once to {@code [C, N P]}, one GEMM {@code [F, C] x [C, N P]},
 *       the result copied back to {@code [N, F, P]}. On small maps (7x7) the per-example GEMMs are
 *       tiny and each call costs far more than its arithmetic; two copies and one large GEMM are
 *       then over 10x faster.
 * </ul>
 */
final class Pointwise {
  private final boolean batched;
  private final int c;
  private final int f;
  private final int p;
  /** Batched layout scratch: {@code [C, N P]} (the input, then the input gradient). */
  private final BatchBuffer channelsMajor;
  /** Batched layout scratch: {@code [F, N P]} (the output, then the output gradient). */
  private final BatchBuffer filtersMajor;

  /** GEMMs for {@code c} input and {@code f} output channels on maps of {@code p} pixels. */
  Pointwise(DataType dtype, int c, int f, int p, boolean batched) {
    this.batched = batched;
    this.c = c;
    this.f = f;
    this.p = p;
    this.channelsMajor = batched ? new BatchBuffer(dtype, (long) c * p) : null;
    this.filtersMajor = batched ? new BatchBuffer(dtype, (long) f * p) : null;
  }

  /** Whether this runs one GEMM for the whole batch (else one per example). */
  boolean batched() {
    return batched;
  }

  /** {@code z = W x (+ b)} for x {@code [N,C,H,W]}, w {@code [F, C, 1, 1]}, z {@code [N,F,H,W]}. */
  void forward(INDArray x, INDArray w, INDArray b, INDArray z) {
    long n = x.size(0);
    INDArray w2 = w.reshape(f, c);
    if (batched) {
      INDArray xt = toChannelsMajor(x, c, channelsMajor.get(n)); // [N,C,P] -> [C, N*P]
      INDArray zt = filtersMajor.get(n).reshape('c', f, n * p);
      Nd4j.gemm(w2, xt, zt, false, false, 1.0, 0.0); // [F,C] x [C,N*P]
      fromChannelsMajor(zt, f, z); // [F, N*P] -> [N,F,P]
    } else {
      for (long i = 0; i < n; i++) {
        Nd4j.gemm(w2, x.slice(i).reshape(c, p), z.slice(i).reshape(f, p), false, false, 1.0, 0.0);
      }
    }
    if (b != null) {
      Nd4j.exec(new BroadcastAddOp(z, b, z, 1)); // + b[f] along dim 1
    }
  }

  /** Sets {@code dx = W^T dz}, {@code dW = sum_n dz_n x_n^T}, {@code db = sum dz} (db nullable). */
  void backward(INDArray x, INDArray w, INDArray dz, INDArray dx, INDArray dw, INDArray db) {
    long n = x.size(0);
    INDArray w2 = w.reshape(f, c);
    INDArray dw2 = dw.reshape(f, c);
    if (batched) {
      INDArray dzt = toChannelsMajor(dz, f, filtersMajor.get(n)); // [N,F,P] -> [F, N*P]
      INDArray xt = toChannelsMajor(x, c, channelsMajor.get(n)); // [N,C,P] -> [C, N*P]
      Nd4j.gemm(dzt, xt, dw2, false, true, 1.0, 0.0); // [F,N*P] x [N*P,C]
      Nd4j.gemm(w2, dzt, xt, true, false, 1.0, 0.0); // [C,F] x [F,N*P] -> dx, over the copy of x
      fromChannelsMajor(xt, c, dx);
    } else {
      for (long i = 0; i < n; i++) {
        INDArray dzi = dz.slice(i).reshape(f, p);
        Nd4j.gemm(w2, dzi, dx.slice(i).reshape(c, p), true, false, 1.0, 0.0); // [C,F] x [F,HW]
        Nd4j.gemm(dzi, x.slice(i).reshape(c, p), dw2, false, true, 1.0, i == 0 ? 0.0 : 1.0);
      }
    }
    if (db != null) {
      dz.sum(db, 0, 2, 3);
    }
  }

  /** Copies {@code a [N, K, P]} (c-order, any rank-4 view of it) into {@code buffer} as [K, N P]. */
  private INDArray toChannelsMajor(INDArray a, int k, INDArray buffer) {
    long n = a.size(0);
    INDArray t = buffer.reshape('c', k, n, p);
    t.assign(a.reshape('c', n, k, p).permute(1, 0, 2));
    return t.reshape('c', k, n * p);
  }

  /** Copies {@code t [K, N P]} back into {@code a [N, K, H, W]}. */
  private void fromChannelsMajor(INDArray t, int k, INDArray a) {
    long n = a.size(0);
    a.reshape('c', n, k, p).assign(t.reshape('c', k, n, p).permute(1, 0, 2));
  }
}
