package io.annet.runtime;

import org.nd4j.common.io.Resource;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4jBackend;

/**
 * Not a backend: registered as one so that ND4J creates it while it looks for backends, before any
 * native library loads, which is the last moment {@link NativeDefaults#apply()} can take effect,
 * whatever code touches ND4J first. ND4J then tries the real backends first (this one has the
 * lowest priority) and never uses this one.
 */
public final class BackendHook extends Nd4jBackend {
  /** Created by ND4J's service loader; applies the native defaults. */
  public BackendHook() {
    NativeDefaults.apply();
  }

  @Override
  public boolean allowsOrder() {
    return false;
  }

  @Override
  public int getPriority() {
    return -1_000_000; // after every real backend (ND4J compares by subtraction)
  }

  @Override
  public boolean isAvailable() {
    return false;
  }

  @Override
  public boolean canRun() {
    return false;
  }

  @Override
  public Resource getConfigurationResource() {
    throw new UnsupportedOperationException("not a backend");
  }

  @Override
  public Class<?> getNDArrayClass() {
    throw new UnsupportedOperationException("not a backend");
  }

  @Override
  public Environment getEnvironment() {
    throw new UnsupportedOperationException("not a backend");
  }

  @Override
  public String buildInfo() {
    return "Annet's native-defaults hook (not a backend)";
  }

  @Override
  public void logBackendInit() {}
}
