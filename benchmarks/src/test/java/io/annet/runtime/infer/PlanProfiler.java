package io.annet.runtime.infer;

import io.annet.benchmarks.MnistGapNetwork;
import io.annet.benchmarks.NinCifarNetwork;
import io.annet.examples.graphs.InceptionMnistNetwork;
import io.annet.examples.graphs.ResNetCifarNetwork;
import io.annet.runtime.NativeThreads;
import io.annet.runtime.Network;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a benchmark network's inference time goes: {@code predict}, the plan alone, and each step
 * of the plan (median over the calls, the steps run in order as a call runs them), then each step
 * repeated alone. A main class of the benchmarks' test sources: {@code PlanProfiler MODEL BATCH
 * [CALLS]}, MODEL one of {@code mnist}, {@code nin}, {@code resnet}, {@code inception} (the
 * benchmark's networks and seed). {@code -Dprofile.parts} also times the pieces of {@code predict}
 * (finiteness checks, the result's copy); {@code -Dprofile.chunks} instead times one-thread plans of
 * 1 to 64 examples, per example. Run with the benchmark's environment (runtime/PERFORMANCE.md).
 */
public final class PlanProfiler {
  private PlanProfiler() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    String model = args[0];
    int n = Integer.parseInt(args[1]);
    int calls = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    Network net = switch (model) {
      case "mnist" -> MnistGapNetwork.create(2014, DataType.FLOAT);
      case "nin" -> NinCifarNetwork.create(2014, DataType.FLOAT);
      case "resnet" -> ResNetCifarNetwork.create(2014, DataType.FLOAT);
      case "inception" -> InceptionMnistNetwork.create(2014, DataType.FLOAT);
      default -> throw new IllegalArgumentException(model);
    };
    int[] shape = net.architecture().inputShape();
    long[] dims = new long[shape.length + 1];
    dims[0] = n;
    for (int i = 0; i < shape.length; i++) {
      dims[i + 1] = shape[i];
    }
    Nd4j.getRandom().setSeed(7);
    INDArray x = Nd4j.rand(DataType.FLOAT, dims);
    System.out.println(model + " batch " + n + ", " + NativeThreads.max() + " threads");
    if (System.getProperty("profile.chunks") != null) {
      for (int m : new int[] {1, 2, 4, 8, 16, 32, 64}) {
        long[] d2 = dims.clone();
        d2[0] = 2L * m;
        INDArray xx = Nd4j.rand(DataType.FLOAT, d2);
        INDArray oo = Nd4j.createUninitialized(DataType.FLOAT, 2L * m, net.architecture().classes());
        InferencePlan p = InferencePlan.build(net, m, java.util.Set.of(), 2L * m, 0);
        double t = median(Math.max(20, 4 * calls / m), () -> p.runPart(xx, oo));
        System.out.printf("one-thread plan of %d: %.4f ms, %.2f us per example%n", m, t,
            1000 * t / m);
        p.close();
      }
      return;
    }
    for (int round = 0; round < 2; round++) {
      System.out.printf("predict: %.4f ms%n", median(calls, () -> net.predict(x)));
    }
    INDArray out = Nd4j.createUninitialized(DataType.FLOAT, n, net.architecture().classes());
    if (System.getProperty("profile.parts") != null) {
      io.annet.runtime.FiniteCheck check = new io.annet.runtime.FiniteCheck();
      System.out.printf("finite check of the input: %.4f ms%n",
          median(calls * 5, () -> check.isFinite("x", x)));
      System.out.printf("finite check of the output: %.4f ms%n",
          median(calls * 5, () -> check.isFinite("y", out)));
      System.out.printf("dup of the output: %.4f ms%n", median(calls * 5, () -> out.dup()));
      System.out.printf("createUninitialized + memcpy: %.4f ms%n", median(calls * 5, () -> {
        INDArray r = Nd4j.createUninitialized(DataType.FLOAT, out.shape(), 'c');
        org.bytedeco.javacpp.Pointer.memcpy(r.data().addressPointer(),
            out.data().addressPointer(), out.length() * 4);
      }));
      System.out.printf("NativeThreads.limit + restore: %.4f ms%n", median(calls * 5, () -> {
        NativeThreads.restore(NativeThreads.limit(1));
      }));
    }
    System.out.printf("predict(x, out): %.4f ms%n", median(calls, () -> net.predict(x, out)));
    io.annet.runtime.Predictor predictor = io.annet.runtime.Predictor.of(net);
    System.out.printf("predictor: %.4f ms%n", median(calls, () -> predictor.predict(x)));
    System.out.printf("predictor(x, out): %.4f ms%n",
        median(calls, () -> predictor.predict(x, out)));
    InferenceRoute route = new InferenceRoute(net, unused -> {
      throw new IllegalStateException("no plan");
    });
    route.forward(x);
    System.out.printf("plan: %.4f ms%n", median(calls, () -> route.forward(x)));
    System.out.printf("plan: %.4f ms%n", median(calls, () -> route.forward(x)));
    InferenceRoute fixed = new InferenceRoute(net.copy(), unused -> {
      throw new IllegalStateException("no plan");
    });
    fixed.fixWeights();
    fixed.forward(x);
    System.out.printf("plan, fixed weights: %.4f ms%n", median(calls, () -> fixed.forward(x)));
    System.out.printf("predictor: %.4f ms%n", median(calls, () -> predictor.predict(x)));
    System.out.printf("plan, fixed weights: %.4f ms%n", median(calls, () -> fixed.forward(x)));
    io.annet.runtime.FiniteCheck fc = new io.annet.runtime.FiniteCheck();
    System.out.printf("checks + plan + dup: %.4f ms%n", median(calls, () -> {
      fc.isFinite("x", x);
      fc.isFinite("y", route.forward(x).dup());
    }));
    System.out.printf("plan + dup: %.4f ms%n", median(calls, () -> route.forward(x).dup()));
    System.out.printf("plan + checks: %.4f ms%n", median(calls, () -> {
      fc.isFinite("x", x);
      fc.isFinite("y", route.forward(x));
    }));
    System.out.printf("plan + create + memcpy: %.4f ms%n", median(calls, () -> {
      INDArray o = route.forward(x);
      INDArray r = Nd4j.createUninitialized(DataType.FLOAT, o.shape(), 'c');
      org.bytedeco.javacpp.Pointer.memcpy(r.data().addressPointer(),
          o.data().addressPointer(), o.length() * 4);
    }));
    if (System.getProperty("profile.alloc") != null) {
      System.out.printf("plan + createUninitialized: %.4f ms%n", median(calls, () -> {
        route.forward(x);
        Nd4j.createUninitialized(DataType.FLOAT, new long[] {n, 10}, 'c');
      }));
      System.out.printf("plan + new float[]: %.4f ms%n", median(calls, () -> {
        route.forward(x);
        float[] f = new float[10 * n];
        f[0] = 1;
      }));
      System.out.printf("plan + sleep-free spin 10us + createUninitialized: %.4f ms%n",
          median(calls, () -> {
            route.forward(x);
            long t = System.nanoTime() + 10_000;
            while (System.nanoTime() < t) {
              Thread.onSpinWait();
            }
            Nd4j.createUninitialized(DataType.FLOAT, new long[] {n, 10}, 'c');
          }));
      System.out.printf("plan + spin 10us: %.4f ms%n", median(calls, () -> {
        route.forward(x);
        long t = System.nanoTime() + 10_000;
        while (System.nanoTime() < t) {
          Thread.onSpinWait();
        }
      }));
      java.util.ArrayDeque<INDArray> spares = new java.util.ArrayDeque<>();
      System.out.printf("plan + take a spare (32 allocated at once): %.4f ms%n",
          median(calls, () -> {
            route.forward(x);
            if (spares.isEmpty()) {
              for (int i = 0; i < 32; i++) {
                spares.add(Nd4j.createUninitialized(DataType.FLOAT, new long[] {n, 10}, 'c'));
              }
            }
            spares.poll();
          }));
      System.out.printf("createUninitialized + plan: %.4f ms%n", median(calls, () -> {
        Nd4j.createUninitialized(DataType.FLOAT, new long[] {n, 10}, 'c');
        route.forward(x);
      }));
    }
    System.out.printf("plan + java array: %.4f ms%n", median(calls, () -> {
      INDArray o = route.forward(x);
      float[] f = new float[(int) o.length()];
      new org.bytedeco.javacpp.FloatPointer(o.data().addressPointer()).get(f);
      Nd4j.create(f, o.shape(), 'c');
    }));
    System.out.printf("predict: %.4f ms%n", median(calls, () -> net.predict(x)));
    System.out.printf("plan: %.4f ms%n", median(calls, () -> route.forward(x)));
    Object runner = ((Map<?, ?>) field(route, "plans")).get((long) n);
    if (runner instanceof InferencePlan plan) {
      profileSteps(plan, x, calls);
    } else {
      System.out.println("split plan: " + runner.getClass().getSimpleName());
      @SuppressWarnings("unchecked")
      List<InferencePlan> parts = (List<InferencePlan>) field(runner, "parts");
      INDArray whole = Nd4j.createUninitialized(DataType.FLOAT, n, net.architecture().classes());
      long partSize = (Long) field(runner, "partSize");
      if (partSize > 0) {
        System.out.printf("part 0 alone, chunks of %d: %.4f ms%n", parts.get(0).batch(),
            median(calls, () -> runChunks(parts.get(0), x, whole, partSize)));
      } else {
        System.out.printf("part 0 alone: %.4f ms%n",
            median(calls, () -> parts.get(0).runPart(x, whole)));
      }
      profileSteps(parts.get(0), x, calls);
    }
  }

  /** The first {@code count} examples of {@code x} through chunk plan {@code plan}, one thread. */
  private static void runChunks(InferencePlan plan, INDArray x, INDArray out, long count) {
    long in = InferencePlan.address(x);
    long res = InferencePlan.address(out);
    for (long e = 0; e < count; e += plan.batch()) {
      plan.runChunk(in, res, out.size(1), e, e == 0);
    }
  }

  private static void profileSteps(InferencePlan plan, INDArray x, int calls) throws Exception {
    @SuppressWarnings("unchecked")
    List<Step> steps = (List<Step>) field(plan, "steps");
    stream s = (stream) field(plan, "stream");
    List<String> names = plan.implementations();
    long[][] times = new long[steps.size()][calls];
    for (int c = 0; c < calls + 20; c++) {
      int saved = 0;
      int current = -1;
      for (int i = 0; i < steps.size(); i++) {
        Step step = steps.get(i);
        int threads = step.threads();
        if (threads > 0 && threads != current) {
          int previous = NativeThreads.limit(threads);
          saved = saved == 0 ? previous : saved;
          current = threads;
        }
        long t0 = System.nanoTime();
        step.run(s);
        long t1 = System.nanoTime();
        if (c >= 20) {
          times[i][c - 20] = t1 - t0;
        }
      }
      NativeThreads.restore(saved);
    }
    double total = 0;
    int primitiveIndex = 0;
    for (int i = 0; i < steps.size(); i++) {
      long[] t = times[i].clone();
      Arrays.sort(t);
      double ms = t[t.length / 2] / 1e6;
      total += ms;
      String label = label(steps.get(i));
      if (!label.startsWith("reorder") && !label.startsWith("bind")
          && primitiveIndex < names.size()) {
        label = names.get(primitiveIndex++);
      }
      System.out.printf("  %2d  t=%d  %.4f ms  %s%n", i, steps.get(i).threads(), ms, label);
    }
    System.out.printf("  sum of step medians: %.4f ms%n", total);
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      if (step.threads() == 0) {
        continue;
      }
      int prev = NativeThreads.limit(step.threads());
      long[] t = new long[50];
      for (int r = 0; r < 60; r++) {
        long t0 = System.nanoTime();
        step.run(s);
        if (r >= 10) {
          t[r - 10] = System.nanoTime() - t0;
        }
      }
      NativeThreads.restore(prev);
      Arrays.sort(t);
      System.out.printf("  step %d repeated alone: %.4f ms%n", i, t[25] / 1e6);
    }
  }

  private static String label(Step step) throws Exception {
    List<String> parts = new ArrayList<>();
    for (Field f : step.getClass().getDeclaredFields()) {
      f.setAccessible(true);
      Object v = f.get(step);
      if (v instanceof primitive p) {
        parts.add(p.get_kind().toString());
      } else if (v instanceof Step inner) {
        parts.add("bind+" + label(inner));
      } else if (f.getName().contains("then") && v == null) {
        parts.add("bind");
      }
    }
    return String.join(" ", parts);
  }

  private static Object field(Object o, String name) throws Exception {
    Field f = o.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(o);
  }

  private static double median(int calls, Runnable r) {
    for (int i = 0; i < Math.max(10, calls / 5); i++) {
      r.run();
    }
    long[] t = new long[calls];
    for (int i = 0; i < calls; i++) {
      long t0 = System.nanoTime();
      r.run();
      t[i] = System.nanoTime() - t0;
    }
    Arrays.sort(t);
    return t[calls / 2] / 1e6;
  }
}
