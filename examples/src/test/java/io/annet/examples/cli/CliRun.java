package io.annet.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the program in-process and captures its exit code, standard output and standard error. */
record CliRun(int code, String out, String err) {
  /** The MNIST-10k copy shipped with the project (tests run in the examples module directory). */
  static Path projectData() {
    for (Path candidate :
        new Path[] {Path.of("..", "data", "mnist-10k"), Path.of("data", "mnist-10k")}) {
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "data/mnist-10k not found from " + Path.of("").toAbsolutePath());
  }

  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = AnnetCli.run(new PrintWriter(out), new PrintWriter(err), args);
    return new CliRun(code, out.toString(), err.toString());
  }

  @Override
  public String toString() {
    return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
  }
}
