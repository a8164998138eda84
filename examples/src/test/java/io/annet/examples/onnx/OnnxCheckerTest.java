package io.annet.examples.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.annet.examples.MobileMnistNetwork;
import io.annet.examples.NinCifar10Network;
import io.annet.examples.graphs.InceptionMnistNetwork;
import io.annet.examples.graphs.ResNetCifarNetwork;
import io.annet.examples.networks.EveryKindNetwork;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official checker ({@code onnx.checker.check_model} with {@code full_check}, which also runs
 * ONNX's shape inference) accepts the exports. It needs Python with the {@code onnx} package
 * (Debian: {@code apt-get install python3-onnx}); without it the test is skipped, not failed.
 */
class OnnxCheckerTest {
  @TempDir Path dir;

  /** A Python 3 that imports onnx, or null. */
  private static String python() throws Exception {
    for (String candidate : new String[] {"/usr/bin/python3", "python3"}) {
      try {
        Process p = new ProcessBuilder(candidate, "-c", "import onnx").redirectErrorStream(true)
            .start();
        if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return candidate;
        }
      } catch (java.io.IOException notThere) {
        // try the next
      }
    }
    return null;
  }

  @Test
  void checkerAcceptsTheExports() throws Exception {
    String python = python();
    assumeTrue(python != null, "python3 with the onnx package is not installed");
    List<String> files = new ArrayList<>();
    files.add(export(ResNetCifarNetwork.create(1), "resnet.onnx"));
    files.add(export(InceptionMnistNetwork.create(1), "inception.onnx"));
    files.add(export(NinCifar10Network.create(1), "nin.onnx"));
    files.add(export(EveryKindNetwork.create(1), "every.onnx"));
    files.add(export(MobileMnistNetwork.create(1), "mobile.onnx"));
    List<String> command = new ArrayList<>(List.of(python, "-c",
        "import sys, onnx\n"
            + "for f in sys.argv[1:]:\n"
            + "    onnx.checker.check_model(onnx.load(f), full_check=True)\n"
            + "    print('ok', f)\n"));
    command.addAll(files);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), output);
    assertEquals(files.size(), output.lines().filter(l -> l.startsWith("ok ")).count(), output);
  }

  private String export(io.annet.runtime.Network net, String name) throws Exception {
    Path file = dir.resolve(name);
    net.exportOnnx(file);
    assumeTrue(Files.size(file) > 0);
    return file.toString();
  }
}
