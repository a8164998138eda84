package io.annet.runtime.data;

import java.util.Iterator;

/**
 * One pass over a {@link BatchSource} in a given order: an iterator of batches that must be
 * closed, which stops the source's background threads when the pass ends early (an error, an
 * interrupt).
 */
public interface BatchStream extends Iterator<Batch>, AutoCloseable {
  /** Stops any background work; never throws. */
  @Override
  void close();

  /** A stream over an iterator that needs no closing. */
  static BatchStream of(Iterator<Batch> batches) {
    return new BatchStream() {
      @Override
      public boolean hasNext() {
        return batches.hasNext();
      }

      @Override
      public Batch next() {
        return batches.next();
      }

      @Override
      public void close() {}
    };
  }
}
