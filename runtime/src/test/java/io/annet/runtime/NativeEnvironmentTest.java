package io.annet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The native-environment check: what it reads here, and the advice it gives for each case. */
class NativeEnvironmentTest {
  private static final Set<String> AVX512 =
      Set.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512dq");

  private static NativeEnvironment env(boolean oneDnn, String core, String setting, String best) {
    return new NativeEnvironment(oneDnn, 1, 1, 2, core, setting, best, "PASSIVE", "30000");
  }

  @Test
  void readsThisProcess() {
    NativeEnvironment found = NativeEnvironment.detect();
    assertTrue(found.oneDnn(), "the runtime depends on the oneDNN build: " + found.summary());
    assertTrue(NativeEnvironment.level(found.blasCore()) >= 0,
        "OpenBLAS 0.3.19 is a DYNAMIC_ARCH build, its kernels are known: " + found.summary());
    String setting = System.getenv("OPENBLAS_CORETYPE");
    if (setting != null) {
      assertEquals(setting.toUpperCase(Locale.ROOT), found.blasCore(), found.summary());
    }
    assertEquals(1, found.ompThreads(), "surefire runs with OMP_NUM_THREADS=1");
    assertTrue(found.summary().startsWith("ND4J native: oneDNN build, 1 op thread(s)"),
        found.summary());
    assertEquals(ProcessEnvironment.get("GOMP_SPINCOUNT"), found.spinCount(), found.toString());
    assertEquals(found, NativeEnvironment.detect(), "the same process reads the same");
  }

  @Test
  void bestCoreFollowsTheCpuFlags() {
    assertEquals("SKYLAKEX", NativeEnvironment.bestCore(AVX512));
    assertEquals("HASWELL", NativeEnvironment.bestCore(Set.of("avx", "avx2", "fma")));
    assertEquals("SANDYBRIDGE", NativeEnvironment.bestCore(Set.of("avx", "sse4_2")));
    assertNull(NativeEnvironment.bestCore(Set.of("sse4_2")));
    assertNull(NativeEnvironment.bestCore(Set.of()));
  }

  @Test
  void sseFallbackOnAnAvx512CpuIsAWarningWithTheFix() {
    List<String> warnings = env(true, "BARCELONA", null, "SKYLAKEX").warnings();
    assertEquals(1, warnings.size(), warnings.toString());
    String w = warnings.get(0);
    assertTrue(w.contains("fell back to its Barcelona (SSE) kernels"), w);
    assertTrue(w.contains("OPENBLAS_CORETYPE=SkylakeX"), w);
  }

  @Test
  void aUserSettingIsKeptAndOnlyAdvisedOn() {
    NativeEnvironment haswell = env(true, "HASWELL", "Haswell", "SKYLAKEX");
    assertEquals(List.of(), haswell.warnings());
    assertEquals(1, haswell.notes().size(), haswell.notes().toString());
    assertTrue(haswell.notes().get(0).contains("OPENBLAS_CORETYPE=Haswell is set in the"
        + " environment and kept"), haswell.notes().get(0));
    List<String> sse = env(true, "PRESCOTT", "Prescott", "HASWELL").warnings();
    assertEquals(1, sse.size(), sse.toString());
    assertTrue(sse.get(0).startsWith("OPENBLAS_CORETYPE=Prescott (set in the environment)"),
        sse.get(0));
  }

  @Test
  void theBestKernelsGiveNoAdvice() {
    NativeEnvironment best = env(true, "SKYLAKEX", "SkylakeX", "SKYLAKEX");
    assertEquals(List.of(), best.warnings());
    assertEquals(List.of(), best.notes());
  }

  @Test
  void kernelsTheCpuLacksAndThePlainBuildAreWarnings() {
    List<String> ahead = env(true, "SKYLAKEX", "SkylakeX", "HASWELL").warnings();
    assertEquals(1, ahead.size(), ahead.toString());
    assertTrue(ahead.get(0).contains("illegal-instruction") && ahead.get(0).contains("Haswell"),
        ahead.get(0));
    List<String> plain = env(false, "HASWELL", null, "HASWELL").warnings();
    assertEquals(1, plain.size(), plain.toString());
    assertTrue(plain.get(0).contains("linux-x86_64-onednn"), plain.get(0));
  }

  @Test
  void busyWaitingPoolsGetANoteOnlyWithSeveralThreads() {
    NativeEnvironment two =
        new NativeEnvironment(true, 2, 2, 2, "HASWELL", null, "HASWELL", null, null);
    assertTrue(two.notes().stream().anyMatch(n -> n.contains("OMP_WAIT_POLICY=PASSIVE")
        && n.contains("GOMP_SPINCOUNT=30000")), two.notes().toString());
    NativeEnvironment one =
        new NativeEnvironment(true, 1, 1, 2, "HASWELL", null, "HASWELL", null, null);
    assertEquals(List.of(), one.notes());
  }

  @Test
  void sleepingOpenMpThreadsGetANoteUnlessTheyMaySpin() {
    for (String none : new String[] {null, "0"}) {
      NativeEnvironment asleep =
          new NativeEnvironment(true, 2, 2, 2, "HASWELL", null, "HASWELL", "passive", none);
      assertEquals(1, asleep.notes().size(), asleep.notes().toString());
      assertTrue(asleep.notes().get(0).contains("sleep between parallel regions")
          && asleep.notes().get(0).contains("GOMP_SPINCOUNT=30000"), asleep.notes().toString());
    }
    for (String policy : new String[] {"PASSIVE", "ACTIVE"}) {
      NativeEnvironment spinning =
          new NativeEnvironment(true, 2, 2, 2, "HASWELL", null, "HASWELL", policy, "30000");
      assertEquals(List.of(), spinning.notes(), policy);
    }
    NativeEnvironment one =
        new NativeEnvironment(true, 1, 1, 2, "HASWELL", null, "HASWELL", "PASSIVE", null);
    assertEquals(List.of(), one.notes());
  }
}
