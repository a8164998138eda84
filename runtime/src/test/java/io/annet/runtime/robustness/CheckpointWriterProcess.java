package io.annet.runtime.robustness;

import io.annet.runtime.Architecture;
import io.annet.runtime.checkpoint.Checkpoints;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The child process of {@link CrashSafetyTest}: saves checkpoints to one file in a loop, state
 * {@code k} having every element of tensor {@code j} equal to {@code k + j / 8}, and prints
 * {@code begin k} before and {@code saved k} after each save. Stops by itself after a minute.
 */
public final class CheckpointWriterProcess {
  /** The architecture the child saves for. */
  static final Architecture ARCHITECTURE = new Architecture("Crash", new int[] {1, 8, 8}, 4,
      "Crash input=[1, 8, 8] classes=4\nfc @Dense(units=4) -> [4]\n", "(summary)", 0, 0);
  /** Shapes of the saved tensors: parameters first, then optimizer state. */
  static final long[][] SHAPES = {{256, 256}, {4}, {256, 256}, {1}};

  private CheckpointWriterProcess() {}

  /** The tensors of state {@code k}: parameters and optimizer state. */
  static Map<String, INDArray>[] state(long k) {
    @SuppressWarnings("unchecked")
    Map<String, INDArray>[] maps = new Map[] {new LinkedHashMap<>(), new LinkedHashMap<>()};
    for (int j = 0; j < SHAPES.length; j++) {
      INDArray t = Nd4j.valueArrayOf(SHAPES[j], k + j / 8.0, DataType.FLOAT);
      maps[j < 2 ? 0 : 1].put("t" + j, t);
    }
    return maps;
  }

  /** Which state {@code tensors} hold (from the first element), checking every element agrees. */
  static long stateOf(Map<String, INDArray> parameters, Map<String, INDArray> optimizer) {
    long k = Math.round(parameters.get("t0").getDouble(0));
    for (int j = 0; j < SHAPES.length; j++) {
      INDArray t = (j < 2 ? parameters : optimizer).get("t" + j);
      INDArray expected = Nd4j.valueArrayOf(SHAPES[j], k + j / 8.0, DataType.FLOAT);
      if (t == null || !expected.equals(t)) {
        return -1;
      }
    }
    return k;
  }

  /** A started writer: its process and the thread that adds its output lines to a list. */
  record Started(Process process, Thread reader) {}

  /**
   * Starts this class in a child JVM saving to {@code file} from state {@code first}; every line
   * it prints (stdout and stderr) is added to {@code lines} until its output ends.
   */
  static Started start(Path file, long first, List<String> lines) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp",
        System.getProperty("java.class.path"), CheckpointWriterProcess.class.getName(),
        file.toString(), Long.toString(first));
    pb.redirectErrorStream(true);
    Process p = pb.start();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // the stream was closed (Process.destroyForcibly closes it)
      }
    });
    reader.setDaemon(true);
    reader.start();
    return new Started(p, reader);
  }

  /** Arguments: the checkpoint path and the first state number. */
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    long first = Long.parseLong(args[1]);
    long deadline = System.nanoTime() + 60_000_000_000L;
    for (long k = first; System.nanoTime() < deadline; k++) {
      Map<String, INDArray>[] s = state(k);
      System.out.println("begin " + k);
      System.out.flush();
      Checkpoints.save(file, ARCHITECTURE, s[0], s[1]);
      System.out.println("saved " + k);
      System.out.flush();
    }
  }
}
