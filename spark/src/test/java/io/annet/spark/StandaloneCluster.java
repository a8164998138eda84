package io.annet.spark;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A Spark standalone cluster on this machine for the integration tests: a master and two workers
 * (one core each) as separate JVMs started from the Maven-resolved Spark class path, with a
 * SPARK_HOME assembled from the same jars (the workers' executor launcher wants {@code
 * $SPARK_HOME/jars}), and {@code spark-submit} (SparkSubmit's main class) for applications.
 * Every process it starts, and their descendants (executors), ends on {@link #close}.
 */
final class StandaloneCluster implements AutoCloseable {
  private static final Duration START = Duration.ofSeconds(90);

  private final Path dir;
  private final String classpath;
  private final List<String> opens;
  private final String masterUrl;
  private final List<Process> processes = new ArrayList<>();
  private final List<Process> workers = new ArrayList<>();

  StandaloneCluster(Path dir, int workerCount) throws IOException, InterruptedException {
    this.dir = dir;
    this.opens = Arrays.asList(System.getProperty("annet.spark.opens").trim().split("\\s+"));
    List<String> jars = new ArrayList<>();
    Path home = Files.createDirectories(dir.resolve("spark-home/jars"));
    for (String jar : Files.readString(Path.of(System.getProperty("annet.spark.classpath")))
        .trim().split(":")) {
      // Spark and its dependencies; not the project's own jars nor the test libraries
      if (jar.contains("/io/annet/") || jar.contains("junit") || jar.contains("opentest4j")
          || jar.contains("apiguardian") || jar.contains("slf4j-jdk14")) {
        continue;
      }
      jars.add(jar);
      Path link = home.resolve(Path.of(jar).getFileName());
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, Path.of(jar));
      }
    }
    this.classpath = String.join(":", jars);
    int port = freePort();
    this.masterUrl = "spark://127.0.0.1:" + port;
    Path masterLog = dir.resolve("master.log");
    processes.add(start(masterLog, "org.apache.spark.deploy.master.Master", "--host",
        "127.0.0.1", "--port", String.valueOf(port), "--webui-port",
        String.valueOf(freePort())));
    awaitLine(masterLog, "I have been elected leader", START);
    for (int w = 1; w <= workerCount; w++) {
      Path work = Files.createDirectories(dir.resolve("worker" + w));
      Path log = dir.resolve("worker" + w + ".log");
      Process worker = start(log, "org.apache.spark.deploy.worker.Worker", "--host",
          "127.0.0.1", "--cores", "1", "--memory", "2g", "--work-dir", work.toString(),
          "--webui-port", String.valueOf(freePort()), masterUrl);
      processes.add(worker);
      workers.add(worker);
      awaitLine(log, "Successfully registered with master", START);
    }
  }

  /** {@code spark://127.0.0.1:PORT}. */
  String masterUrl() {
    return masterUrl;
  }

  /**
   * Starts {@code spark-submit} of the application jar in client mode (the driver is this
   * process), its output to {@code log}.
   */
  Process submit(Path log, String mainClass, List<String> appArgs) throws IOException {
    String executorOpts = String.join(" ", opens);
    List<String> args = new ArrayList<>(List.of("--master", masterUrl, "--class", mainClass,
        "--conf", "spark.driver.host=127.0.0.1",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.executor.memory=1g",
        "--conf", "spark.executor.extraJavaOptions=" + executorOpts,
        "--conf", "spark.executorEnv.OMP_NUM_THREADS=1",
        "--conf", "spark.executorEnv.OPENBLAS_NUM_THREADS=1",
        System.getProperty("annet.spark.appJar")));
    args.addAll(appArgs);
    Process driver = start(log, "org.apache.spark.deploy.SparkSubmit",
        args.toArray(String[]::new));
    processes.add(driver);
    return driver;
  }

  /** The executor JVMs worker {@code index} (from 0) runs now. */
  List<ProcessHandle> executors(int index) {
    return workers.get(index).descendants().toList();
  }

  private Process start(Path log, String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(mainClass.endsWith("SparkSubmit") ? "-Xmx1g" : "-Xmx256m");
    command.addAll(opens);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("SPARK_HOME", dir.resolve("spark-home").toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("OMP_NUM_THREADS", "1");
    env.put("OPENBLAS_NUM_THREADS", "1");
    return builder.start();
  }

  /** Waits until {@code log} has a line containing {@code text}; fails after {@code timeout}. */
  static void awaitLine(Path log, String text, Duration timeout)
      throws IOException, InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (Files.exists(log) && Files.readString(log).contains(text)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no line with '" + text + "' in " + log + " after " + timeout
        + "; it ends:\n" + tail(log));
  }

  /** The last lines of a log, for failure messages. */
  static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(no log)";
    }
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    for (Process p : processes) {
      try {
        p.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
