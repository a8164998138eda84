package io.annet.examples.reliability;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Skips a property unless the long reliability run was asked for: {@code mvn -Pfuzz ...} or
 * {@code -Dannet.fuzz=true}.
 */
public final class FuzzOnly implements SkipExecutionHook {
  /** Whether the long run is on. */
  static boolean enabled() {
    return Boolean.parseBoolean(System.getProperty("annet.fuzz", "false"));
  }

  @Override
  public SkipResult shouldBeSkipped(LifecycleContext context) {
    return enabled() ? SkipResult.doNotSkip()
        : SkipResult.skip("long fuzz run: enable with -Pfuzz or -Dannet.fuzz=true");
  }
}
