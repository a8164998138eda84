package io.annet.benchmarks;

import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * What a worker actually runs on: native build, thread counts, tuning variables; one line for the
 * report.
 */
final class EnvironmentInfo {
  private EnvironmentInfo() {}

  /** Whether the loaded libnd4j is the oneDNN build (loads the ND4J backend). */
  static boolean oneDnnBuild() {
    Nd4j.getEnvironment();
    return NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().contains("HAVE_ONEDNN");
  }

  static String describe(Framework framework) {
    List<String> parts = new ArrayList<>();
    if (framework == Framework.PYTORCH) {
      Engine engine = Engine.getEngine("PyTorch");
      parts.add("PyTorch " + engine.getVersion());
      parts.add("threads " + System.getProperty("ai.djl.pytorch.num_threads", "default"));
    } else if (framework == Framework.ORT) {
      parts.add("ONNX Runtime " + ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion());
      parts.add("CPU execution provider, all graph optimisations, sequential execution");
      parts.add("intra-op threads " + OrtStep.threads());
    } else {
      int threads = Nd4j.getEnvironment().maxThreads(); // loads the backend first
      parts.add(oneDnnBuild() ? "nd4j-native oneDNN build" : "nd4j-native plain build");
      parts.add("ND4J threads " + threads);
      if (framework == Framework.ANNET) {
        parts.add(io.annet.runtime.layers.OneDnn.status());
      }
    }
    for (String name :
        new String[] {
          "OMP_NUM_THREADS", "OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "OPENBLAS_CORETYPE",
          "OPENBLAS_THREAD_TIMEOUT",
          "MALLOC_MMAP_MAX_", "MALLOC_TRIM_THRESHOLD_"
        }) {
      String value = System.getenv(name);
      if (value != null) {
        parts.add(name + "=" + value);
      }
    }
    return String.join(", ", parts);
  }
}
