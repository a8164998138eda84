package io.annet.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A running {@link Worker} JVM and the line protocol to it. */
final class WorkerProcess implements AutoCloseable {
  private final Framework framework;
  private final Process process;
  private final PrintWriter commands;
  private final BufferedReader answers;

  /**
   * Starts {@code java <jvmOptions> -cp <classpath> io.annet.benchmarks.Worker <framework>} with
   * exactly {@code environment}, its stderr appended to {@code log}.
   */
  WorkerProcess(
      Framework framework,
      String classpath,
      List<String> jvmOptions,
      Map<String, String> environment,
      Path log)
      throws IOException {
    this.framework = framework;
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(Worker.class.getName());
    command.add(framework.name());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    process = builder.start();
    commands =
        new PrintWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
    answers =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  Framework framework() {
    return framework;
  }

  /**
   * Sends one command and returns the answer without the protocol prefix; throws {@link
   * WorkerException} when the worker answers {@code ERROR} or dies.
   */
  String call(String command) throws IOException {
    commands.println(command);
    String line;
    while ((line = answers.readLine()) != null) {
      if (line.startsWith(Worker.PREFIX)) {
        String answer = line.substring(Worker.PREFIX.length());
        if (answer.startsWith("ERROR")) {
          throw new WorkerException(framework.label() + ": " + command + " -> " + answer);
        }
        return answer;
      }
    }
    throw new WorkerException(
        framework.label() + " worker exited during '" + command + "' (see its log)");
  }

  @Override
  public void close() {
    commands.println("QUIT");
    try {
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** A command a worker could not carry out. */
  static final class WorkerException extends IOException {
    WorkerException(String message) {
      super(message);
    }
  }
}
