package io.annet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A program embedding Annet gets the launcher's native settings with nothing set: a child JVM
 * with a clean environment ends up with what {@code ./annet} used to export; values the user set
 * are kept; where the settings cannot be made, one warning names them and their cost. SLF4J has
 * a binding (no "no binding" warning) and ND4J's start-up chatter stays quiet.
 */
class NativeDefaultsTest {
  /** What the launcher exported on this machine, by its own rule (grep of /proc/cpuinfo). */
  private static Map<String, String> launcherSettings() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("OMP_WAIT_POLICY", "PASSIVE");
    out.put("GOMP_SPINCOUNT", "30000"); // not the launcher's: OpenMP threads spin 0.3 ms, then sleep
    out.put("OPENBLAS_THREAD_TIMEOUT", "4");
    String cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
    if (cpuinfo.matches("(?s).*\\bavx512f\\b.*")) {
      out.put("OPENBLAS_CORETYPE", "SkylakeX");
    } else if (cpuinfo.matches("(?s).*\\bavx2\\b.*")) {
      out.put("OPENBLAS_CORETYPE", "Haswell");
    }
    return out;
  }

  /** Runs {@link NativeSettingsProbe} with only {@code env} (plus PATH and HOME) set. */
  private static Map<String, String> probe(Map<String, String> env, String... jvmOptions)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx512m"));
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        NativeSettingsProbe.class.getName()));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear();
    for (String keep : List.of("PATH", "HOME")) {
      if (System.getenv(keep) != null) {
        pb.environment().put(keep, System.getenv(keep));
      }
    }
    pb.environment().putAll(env);
    Process p = pb.redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe did not finish: " + out);
    assertEquals(0, p.exitValue(), out);
    Map<String, String> found = new LinkedHashMap<>();
    out.lines().forEach(l -> {
      int space = l.lastIndexOf(' ');
      if (l.startsWith("env ")) {
        found.put(l.substring(4, space), l.substring(space + 1));
      } else if (l.indexOf(' ') > 0) {
        found.putIfAbsent(l.substring(0, l.indexOf(' ')), l.substring(l.indexOf(' ') + 1));
      }
    });
    found.put("output", out);
    return found;
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aCleanEnvironmentEndsUpWithTheLauncherSettings() throws Exception {
    Map<String, String> found = probe(Map.of());
    String out = found.get("output");
    launcherSettings().forEach((k, v) -> assertEquals(v, found.get(k), k + "\n" + out));
    String core = launcherSettings().get("OPENBLAS_CORETYPE");
    if (core != null) {
      assertEquals(core.toUpperCase(Locale.ROOT), found.get("blasCore"), out);
    }
    assertEquals(String.valueOf(Runtime.getRuntime().availableProcessors()),
        found.get("ompThreads"), "as under the launcher, OpenMP's default: every core\n" + out);
    assertEquals(found.get("ompThreads"), found.get("blasThreads"), out);
    assertTrue(out.lines().noneMatch(l -> l.startsWith("annet: warning")), out);
    assertTrue(out.lines().noneMatch(l -> l.startsWith("SLF4J:")), "SLF4J has a binding\n" + out);
    assertTrue(out.lines().noneMatch(l -> l.contains("Loaded [CpuBackend]")),
        "ND4J's start-up INFO lines are lowered to WARNING\n" + out);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void valuesTheUserSetAreKept() throws Exception {
    Map<String, String> found = probe(Map.of("OPENBLAS_CORETYPE", "Prescott",
        "OMP_WAIT_POLICY", "ACTIVE", "OMP_NUM_THREADS", "1", "GOMP_SPINCOUNT", "0"));
    String out = found.get("output");
    assertEquals("Prescott", found.get("OPENBLAS_CORETYPE"), out);
    assertEquals("PRESCOTT", found.get("blasCore"), out);
    assertEquals("ACTIVE", found.get("OMP_WAIT_POLICY"), out);
    assertEquals("0", found.get("GOMP_SPINCOUNT"), out);
    assertEquals("4", found.get("OPENBLAS_THREAD_TIMEOUT"), "the unset one is added\n" + out);
    assertEquals("1", found.get("ompThreads"), out);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aLoggingConfigurationOfTheUserIsKept(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path config = dir.resolve("logging.properties");
    Files.writeString(config, "handlers=java.util.logging.ConsoleHandler\norg.nd4j.level=INFO\n");
    String out = probe(Map.of(), "-Djava.util.logging.config.file=" + config).get("output");
    assertTrue(out.contains("Loaded [CpuBackend]"), "ND4J's INFO lines, as configured\n" + out);
  }

  @Test
  void theLauncherRuleMovedIntoJava() {
    Set<String> avx512 =
        Set.of("avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512dq");
    assertEquals("SkylakeX", NativeDefaults.wanted(avx512).get("OPENBLAS_CORETYPE"));
    assertEquals("Haswell", NativeDefaults.wanted(Set.of("avx", "avx2", "fma"))
        .get("OPENBLAS_CORETYPE"));
    Map<String, String> plain = NativeDefaults.wanted(Set.of()); // no /proc/cpuinfo: macOS, Windows
    assertEquals(Map.of("OMP_WAIT_POLICY", "PASSIVE", "GOMP_SPINCOUNT", "30000",
        "OPENBLAS_THREAD_TIMEOUT", "4"), plain);
  }

  @Test
  void theSpinCountDecidesWhetherIdleOpenMpThreadsStayAwake() {
    assertTrue(NativeThreads.spins("PASSIVE", "30000"));
    assertTrue(NativeThreads.spins("PASSIVE", "1k"));
    assertTrue(NativeThreads.spins(null, null), "libgomp's default policy spins");
    assertTrue(NativeThreads.spins("ACTIVE", null));
    assertTrue(!NativeThreads.spins("passive", null), "no count: the passive policy's 0");
    assertTrue(!NativeThreads.spins("PASSIVE", "0"));
    assertTrue(!NativeThreads.spins("ACTIVE", "00"), "the count overrides the policy");
    if ("30000".equals(ProcessEnvironment.get("GOMP_SPINCOUNT"))) { // set here by the defaults
      assertTrue(NativeThreads.spinning());
    }
  }

  @Test
  void tooLateIsOneWarningNamingEachVariableAndItsCost() {
    Map<String, String> wanted = new LinkedHashMap<>();
    wanted.put("ANNET_TEST_UNSET_A", "x");
    wanted.put("PATH", "/nowhere"); // set: kept, not reported
    NativeDefaults.Outcome o = NativeDefaults.applyNow(wanted, true);
    assertEquals(Map.of(), o.added());
    assertEquals(Set.of("ANNET_TEST_UNSET_A"), o.missing().keySet());
    assertEquals(Set.of("PATH"), o.kept().keySet());
    assertTrue(o.warning().startsWith("annet: warning: could not set ANNET_TEST_UNSET_A (ND4J's"
        + " native libraries were loaded before Annet)"), o.warning());
    assertNull(ProcessEnvironment.get("ANNET_TEST_UNSET_A"), "nothing set when too late");
    String w = NativeDefaults.warning(Map.of("OPENBLAS_CORETYPE", "SkylakeX", "OMP_WAIT_POLICY",
        "PASSIVE", "GOMP_SPINCOUNT", "30000"), true);
    assertTrue(w.contains("OPENBLAS_CORETYPE=SkylakeX (without it matrix products run 3-4x"
        + " slower"), w);
    assertTrue(w.contains("OMP_WAIT_POLICY=PASSIVE (without it idle native threads spin"), w);
    assertTrue(w.contains("GOMP_SPINCOUNT=30000 (without it OpenMP threads sleep between"), w);
    assertTrue(w.contains("loaded before Annet"), w);
    assertNull(NativeDefaults.warning(Map.of(), true));
  }

  @Test
  void theProcessEnvironmentTakesNewVariablesAndKeepsExistingOnes() {
    assertTrue(ProcessEnvironment.supported(), "Linux's C library exports environ");
    String name = "ANNET_TEST_VARIABLE_" + ProcessHandle.current().pid();
    assertNull(ProcessEnvironment.get(name));
    assertEquals(Map.of(name, "one"), ProcessEnvironment.addMissing(Map.of(name, "one")));
    assertEquals("one", ProcessEnvironment.get(name));
    assertEquals(Map.of(), ProcessEnvironment.addMissing(Map.of(name, "two")));
    assertEquals("one", ProcessEnvironment.get(name));
    assertEquals(System.getenv("PATH"), ProcessEnvironment.get("PATH"), "the old entries stay");
  }
}
