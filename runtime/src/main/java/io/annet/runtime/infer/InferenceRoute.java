package io.annet.runtime.infer;

import io.annet.runtime.NativeThreads;
import io.annet.runtime.Network;
import io.annet.runtime.layers.OneDnn;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where a network's inference forward pass runs: its {@link InferencePlan} for the batch size
 * (built on first use, the last {@link #PLANS} batch sizes kept) when oneDNN is available, the
 * network computes in float32 and {@code -Dannet.inferencePlan=false} is not set; else, or once a
 * plan could not be built (the reason in {@link #status()}), the network's ordinary forward pass.
 * Not thread-safe, like the network.
 */
public final class InferenceRoute {
  /** The system property that turns the plan off ({@code false}). */
  public static final String PROPERTY = "annet.inferencePlan";
  /** Plans kept, one per batch size. */
  static final int PLANS = 4;

  private final Network network;
  private final UnaryOperator<INDArray> ordinary;
  private final Set<String> withoutHook;
  /** {@code -Dannet.inferencePlan.split=false} keeps a batch in one plan on all threads. */
  public static final String SPLIT_PROPERTY = "annet.inferencePlan.split";
  /** The smallest part of a batch split across threads. */
  static final int MIN_PART = 8;

  private final Map<Long, PlanRunner> plans = new LinkedHashMap<>(8, 0.75f, true);
  private final int parts;
  private final boolean split = !"false".equalsIgnoreCase(System.getProperty(SPLIT_PROPERTY));
  private String status;
  private boolean planned;
  private int threads;
  private boolean fixedWeights;

  /** The route of {@code network}, whose ordinary inference forward pass is {@code ordinary}. */
  public InferenceRoute(Network network, UnaryOperator<INDArray> ordinary) {
    this(network, ordinary, Set.of());
  }

  /** The same, layers of the kinds {@code withoutHook} run as if they had no hook (tests). */
  InferenceRoute(Network network, UnaryOperator<INDArray> ordinary, Set<String> withoutHook) {
    this(network, ordinary, withoutHook, 0);
  }

  /**
   * The same, a batch split into {@code parts} parts when it can be (0: one per thread of {@link
   * NativeThreads#max()}; tests set it to split on a single-threaded run).
   */
  InferenceRoute(Network network, UnaryOperator<INDArray> ordinary, Set<String> withoutHook,
      int parts) {
    this.parts = parts;
    this.network = network;
    this.ordinary = ordinary;
    this.withoutHook = Set.copyOf(withoutHook);
    if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"))) {
      status = "inference plan: off (-D" + PROPERTY + "=false)";
    } else if (network.dataType() != DataType.FLOAT) {
      status = "inference plan: off (" + network.dataType() + "; the plan serves FLOAT)";
    } else if (!OneDnn.available()) {
      status = "inference plan: off (" + OneDnn.status() + ")";
    } else {
      planned = true;
      status = "inference plan: on";
    }
  }

  /** The probabilities of the checked batch {@code x}; the plan's array, or the forward's. */
  public INDArray forward(INDArray x) {
    if (!planned) {
      return ordinary.apply(x);
    }
    if (threads != NativeThreads.max()) { // primitives keep the team size they were built with
      clear();
      threads = NativeThreads.max();
    }
    long n = x.size(0);
    PlanRunner plan = plans.get(n);
    if (plan == null) {
      try {
        plan = build(n);
      } catch (RuntimeException e) { // PlanException, or oneDNN refusing a primitive
        planned = false;
        status = "inference plan: off (" + e.getMessage() + ")";
        clear();
        return ordinary.apply(x);
      }
      if (fixedWeights) {
        plan.fixWeights();
      }
      plans.put(n, plan);
      evict();
    }
    return plan.run(x);
  }

  /**
   * Declares that the network's parameters never change from now on (a {@link
   * io.annet.runtime.Predictor}'s private copy): each plan binds, reorders and folds them on its
   * first call only.
   */
  public void fixWeights() {
    fixedWeights = true;
    plans.values().forEach(PlanRunner::fixWeights);
  }

  /** One line: whether the plan serves inference, or why not. */
  public String status() {
    return status;
  }

  /**
   * The runner of batches of {@code n}: with T threads, T equal parts of at least {@link
   * #MIN_PART} examples run at once on single-threaded plans; else one plan.
   */
  private PlanRunner build(long n) {
    int count = parts > 0 ? parts : NativeThreads.max();
    if (split && count > 1 && n % count == 0 && n / count >= MIN_PART) {
      SplitPlan parts = SplitPlan.build(network, n, count, withoutHook);
      if (parts != null) {
        return parts;
      }
    }
    return InferencePlan.build(network, n, withoutHook);
  }

  /** Frees every plan built so far (and stops their part workers); later calls build anew. */
  public void close() {
    clear();
  }

  /** The plan for batches of {@code n} if one whole plan is built (tests). */
  InferencePlan plan(long n) {
    return plans.get(n) instanceof InferencePlan p ? p : null;
  }

  private void evict() {
    Iterator<PlanRunner> it = plans.values().iterator();
    while (plans.size() > PLANS && it.hasNext()) {
      it.next().close();
      it.remove();
    }
  }

  private void clear() {
    plans.values().forEach(PlanRunner::close);
    plans.clear();
  }
}
