package io.annet.examples.cli;

import io.annet.runtime.NativeEnvironment;
import io.annet.runtime.NativeThreads;
import io.annet.runtime.ThreadCountException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code annet} command-line program: trains, evaluates and inspects the example models. */
@Command(
    name = "annet",
    mixinStandardHelpOptions = true,
    versionProvider = AnnetCli.Version.class,
    description = {
      "Annotated networks: CNNs declared as annotated Java interfaces, shape-checked at compile"
          + " time, trained on ND4J.",
      "Without a subcommand, runs 'compare' with its defaults."
    },
    subcommands = {
      CompareCommand.class,
      TransferCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      PredictCommand.class,
      SummaryCommand.class,
      ExportCommand.class,
      ImportCommand.class,
      CommandLine.HelpCommand.class
    })
public final class AnnetCli implements Callable<Integer> {
  /** Exit code for a failure while running a command (bad data, unreadable file). */
  public static final int EXIT_FAILURE = 1;

  /** Exit code for a command line that does not parse. */
  public static final int EXIT_USAGE = 2;

  @Spec private CommandSpec spec;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description =
          "Print the native environment (ND4J build, threads, OpenBLAS kernels) and advice on"
              + " it before running.")
  private boolean verbose;

  @Option(
      names = "--threads",
      scope = ScopeType.INHERIT,
      paramLabel = "N",
      description =
          "Native threads for training and inference (default: every core, or OMP_NUM_THREADS),"
              + " 1 to 256 (or the number of cores if higher); more than the cores runs slower."
              + " Calls too small to share still run on one.")
  private Integer threads;

  /** Runs the program and exits with its exit code. */
  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the program with the given streams and returns the exit code instead of exiting. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    try {
      NativeThreads.checkEnvironment(); // before anything loads ND4J, which would crash on it
    } catch (ThreadCountException e) {
      err.println("annet: " + e.getMessage());
      err.flush();
      return EXIT_USAGE;
    }
    CommandLine cli = new CommandLine(new AnnetCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler(AnnetCli::usageError);
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          commandLine.getErr().println("annet: " + describe(ex));
          if (System.getenv("ANNET_DEBUG") != null) {
            ex.printStackTrace(commandLine.getErr());
          }
          commandLine.getErr().flush();
          return EXIT_FAILURE;
        });
    cli.setExecutionStrategy(
        parseResult -> {
          Integer count = threads(parseResult);
          if (count != null) {
            if (count < 1 || count > NativeThreads.upperBound()) {
              throw new CommandLine.ParameterException(
                  parseResult.commandSpec().commandLine(),
                  "--threads expects at least 1 and at most " + NativeThreads.upperBound()
                      + " (this machine has " + Runtime.getRuntime().availableProcessors()
                      + " cores), found " + count);
            }
            NativeThreads.setMax(count);
          }
          if (verbose(parseResult)) {
            printEnvironment(cli.getErr());
          } else {
            warnOversubscription(cli.getErr(), count);
          }
          return new CommandLine.RunLast().execute(parseResult);
        });
    int code;
    try {
      code = cli.execute(args);
    } catch (OutOfMemoryError e) {
      // picocli handles exceptions only; errors reach here. One line, no stack trace, a hint.
      err.println(
          "annet: out of memory ("
              + e.getMessage()
              + "); give Java more heap, e.g."
              + " ANNET_JAVA_OPTS=-Xmx8g, or use a smaller --batch");
      code = EXIT_FAILURE;
    } catch (ExceptionInInitializerError e) {
      // e.g. a setting ND4J parses as it loads: name the cause, not a build problem
      err.println("annet: cannot start ND4J: " + (e.getCause() == null ? e : e.getCause())
          + " (set ANNET_DEBUG=1 for the stack trace)");
      if (System.getenv("ANNET_DEBUG") != null) {
        e.printStackTrace(err);
      }
      code = EXIT_FAILURE;
    } catch (LinkageError e) {
      err.println(
          "annet: internal error: "
              + e
              + " (the modules were built from different"
              + " sources; rebuild with mvn -B -q install -DskipTests)");
      code = EXIT_FAILURE;
    }
    out.flush();
    err.flush();
    return code;
  }

  @Override
  public Integer call() {
    // No subcommand: the main job.
    CommandLine compare = spec.commandLine().getSubcommands().get("compare");
    return compare.execute();
  }

  /** The {@code --threads} value given to the command or a subcommand, or null. */
  private static Integer threads(ParseResult result) {
    Integer found = null;
    for (ParseResult r = result; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--threads")) {
        found = r.matchedOptionValue("--threads", null);
      }
    }
    return found;
  }

  /** Whether {@code --verbose} was given to the command or any of its subcommands. */
  private static boolean verbose(ParseResult result) {
    for (ParseResult r = result; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Warns when the thread count ({@code --threads}, else {@code OMP_NUM_THREADS}) exceeds the
   * cores; without either, ND4J uses the cores and there is nothing to say.
   */
  private static void warnOversubscription(PrintWriter err, Integer count) {
    String env = System.getenv(NativeThreads.ENVIRONMENT_VARIABLE);
    int threads = count != null ? count : env == null || env.isEmpty() ? 0 : Integer.parseInt(env);
    String warning = NativeThreads.oversubscription(threads);
    if (warning != null) {
      err.println("annet: warning: " + warning);
      err.flush();
    }
  }

  /** The native environment's summary, then its warnings and notes, one line each. */
  private static void printEnvironment(PrintWriter err) {
    NativeEnvironment env = NativeEnvironment.detect();
    err.println("annet: " + env.summary());
    env.warnings().forEach(w -> err.println("annet: warning: " + w));
    env.notes().forEach(n -> err.println("annet: note: " + n));
    err.flush();
  }

  private static int usageError(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    String path = cl.getCommandSpec().qualifiedName();
    cl.getErr().println("annet: " + ex.getMessage() + " (see '" + path + " --help')");
    cl.getErr().flush();
    return EXIT_USAGE;
  }

  /** The one-line message for an exception: its own message for expected failures. */
  static String describe(Throwable ex) {
    Throwable t = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
    String message = t.getMessage() == null ? "" : t.getMessage().strip();
    int newline = message.indexOf('\n');
    // Annet's own messages may go on over several lines (e.g. a checkpoint's layer-by-layer diff);
    // other libraries' messages keep their first line only.
    boolean ours = t instanceof CliException || t instanceof io.annet.runtime.AnnetException;
    if (newline >= 0 && !ours) {
      message = message.substring(0, newline);
    }
    if (t instanceof java.nio.file.FileSystemException fs) {
      // Their own message is often just the path.
      String reason =
          fs.getReason() != null
              ? fs.getReason()
              : fs instanceof java.nio.file.NoSuchFileException
                  ? "no such file or directory"
                  : fs instanceof java.nio.file.AccessDeniedException
                      ? "permission denied"
                      : fs instanceof java.nio.file.FileAlreadyExistsException
                          ? "already exists and is not a directory"
                          : fs.getClass().getSimpleName();
      return "cannot access " + fs.getFile() + ": " + reason;
    }
    if (t instanceof CliException
        || t instanceof IOException
        || t instanceof IllegalArgumentException
        || t instanceof io.annet.runtime.AnnetException) {
      return message.isEmpty() ? t.getClass().getSimpleName() : message;
    }
    return "internal error: "
        + t.getClass().getName()
        + (message.isEmpty() ? "" : ": " + message)
        + " (set ANNET_DEBUG=1 for the stack trace)";
  }

  /** Prints the program's version and the platform it runs on. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = AnnetCli.class.getPackage().getImplementationVersion();
      return new String[] {
        "annet " + (version == null ? "(development build)" : version),
        "Java "
            + System.getProperty("java.version")
            + " on "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.arch")
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " cores"
      };
    }
  }
}
