package io.annet.examples.cli;

import java.util.Iterator;

/** The registered model names, for picocli's help text and shell completion. */
final class ModelNames implements Iterable<String> {
  @Override
  public Iterator<String> iterator() {
    return ModelRegistry.names().iterator();
  }
}
