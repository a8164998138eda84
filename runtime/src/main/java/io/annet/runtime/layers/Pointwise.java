package io.annet.runtime.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

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
final class Pointwise implements ConvBackend {
  private final boolean batched;
  private final int c;
  private final int f;
  private final int p;
  /** Batched layout scratch: {@code [C, N P]} (the input, then the input gradient). */
  private final BatchBuffer channelsMajor;
  /** Batched layout scratch: {@code [F, N P]} (the output, then the output gradient). */
  private final BatchBuffer filtersMajor;
  // one reused native call and cached view per call site, so a step allocates nothing
  private final NativeCall xIn = permute();
  private final NativeCall zOut = permute();
  private final NativeCall dzIn = permute();
  private final NativeCall dxOut = permute();
  private final NativeCall product = new NativeCall("matmul").ints(0, 0, 0).doubles(1.0, 0.0);
  private final NativeCall weightProduct =
      new NativeCall("matmul").ints(0, 1, 0).doubles(1.0, 0.0); // dz x^T
  private final NativeCall inputProduct =
      new NativeCall("matmul").ints(1, 0, 0).doubles(1.0, 0.0); // W^T dz
  private final NativeCall addBias = new NativeCall("biasadd").booleans(true); // NCHW
  private final NativeCall sumBias = new NativeCall("reduce_sum").ints(0, 2, 3);
  private final NativeCall weightAccumulate =
      new NativeCall("matmul").ints(0, 1, 0).doubles(1.0, 1.0); // dW += dz_n x_n^T
  private final ViewCache[] views = new ViewCache[12];
  private final SliceCache xSlices = new SliceCache();
  private final SliceCache zSlices = new SliceCache();
  private final SliceCache dzSlices = new SliceCache();
  private final SliceCache dxSlices = new SliceCache();

  /** GEMMs for {@code c} input and {@code f} output channels on maps of {@code p} pixels. */
  Pointwise(DataType dtype, int c, int f, int p, boolean batched) {
    this.batched = batched;
    this.c = c;
    this.f = f;
    this.p = p;
    this.channelsMajor = batched ? new BatchBuffer(dtype, (long) c * p) : null;
    this.filtersMajor = batched ? new BatchBuffer(dtype, (long) f * p) : null;
    for (int i = 0; i < views.length; i++) {
      views[i] = new ViewCache();
    }
  }

  private static NativeCall permute() {
    return new NativeCall("permute").ints(1, 0, 2); // [A, B, P] -> [B, A, P]
  }

  /** GEMM_BATCHED when this runs one GEMM for the whole batch, else GEMM_PER_EXAMPLE. */
  @Override
  public ConvLayer.Path path() {
    return batched ? ConvLayer.Path.GEMM_BATCHED : ConvLayer.Path.GEMM_PER_EXAMPLE;
  }

  /** {@code z = W x (+ b)} for x {@code [N,C,H,W]}, w {@code [F, C, 1, 1]}, z {@code [N,F,H,W]}. */
  @Override
  public void forward(INDArray x, INDArray w, INDArray b, INDArray z) {
    long n = x.size(0);
    INDArray w2 = views[0].reshape(w, f, c);
    if (batched) {
      INDArray xt = channelsMajor.get(n);
      xIn.exec(views[1].reshape(x, n, c, p), views[2].reshape(xt, c, n, p)); // -> [C, N, P]
      INDArray zt = filtersMajor.get(n);
      product.exec(w2, views[3].reshape(xt, c, n * p), views[4].reshape(zt, f, n * p));
      zOut.exec(views[5].reshape(zt, f, n, p), views[6].reshape(z, n, f, p)); // -> [N, F, P]
    } else {
      INDArray[] xs = xSlices.of(x, c, p);
      INDArray[] zs = zSlices.of(z, f, p);
      for (int i = 0; i < n; i++) {
        product.exec(w2, xs[i], zs[i]); // [F,C] x [C,P]
      }
    }
    if (b != null) {
      addBias.exec(z, b, z); // + b[f] along dim 1
    }
  }

  /** Sets {@code dx = W^T dz}, {@code dW = sum_n dz_n x_n^T}, {@code db = sum dz} (db nullable). */
  @Override
  public void backward(INDArray x, INDArray w, INDArray b, INDArray dz, INDArray dx, INDArray dw,
      INDArray db) {
    long n = x.size(0);
    INDArray w2 = views[0].reshape(w, f, c);
    INDArray dw2 = views[7].reshape(dw, f, c);
    if (batched) {
      INDArray dzt = filtersMajor.get(n);
      dzIn.exec(views[8].reshape(dz, n, f, p), views[5].reshape(dzt, f, n, p)); // -> [F, N, P]
      INDArray xt = channelsMajor.get(n);
      xIn.exec(views[1].reshape(x, n, c, p), views[2].reshape(xt, c, n, p)); // -> [C, N, P]
      INDArray dzt2 = views[4].reshape(dzt, f, n * p);
      INDArray xt2 = views[3].reshape(xt, c, n * p);
      weightProduct.exec(dzt2, xt2, dw2); // [F,N*P] x [N*P,C]
      inputProduct.exec(w2, dzt2, xt2); // [C,F] x [F,N*P] -> dx, over the copy of x
      dxOut.exec(views[2].reshape(xt, c, n, p), views[9].reshape(dx, n, c, p)); // -> [N, C, P]
    } else {
      INDArray[] xs = xSlices.of(x, c, p);
      INDArray[] dzs = dzSlices.of(dz, f, p);
      INDArray[] dxs = dxSlices.of(dx, c, p);
      for (int i = 0; i < n; i++) {
        inputProduct.exec(w2, dzs[i], dxs[i]); // [C,F] x [F,P]
        (i == 0 ? weightProduct : weightAccumulate).exec(dzs[i], xs[i], dw2); // [F,P] x [P,C]
      }
    }
    if (db != null) {
      sumBias.exec(dz, db);
    }
  }
}
