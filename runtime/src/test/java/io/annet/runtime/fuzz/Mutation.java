package io.annet.runtime.fuzz;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One edit of a file's bytes, as a fuzzer would make it: a bit flip, an overwritten byte, a
 * truncation, an insertion, a deletion, a duplicated range, or a forged big-endian length field
 * (often 4-byte aligned, where headers keep their counts). Positions are fractions of the length
 * so that an edit applies to any file and shrinks well.
 */
sealed interface Mutation {
  /** The mutated copy of {@code in}. */
  byte[] apply(byte[] in);

  /** Applies {@code mutations} in order. */
  static byte[] applyAll(List<Mutation> mutations, byte[] in) {
    byte[] out = in;
    for (Mutation m : mutations) {
      out = m.apply(out);
    }
    return out;
  }

  /** One to four edits. */
  static Arbitrary<List<Mutation>> lists() {
    return any().list().ofMinSize(1).ofMaxSize(4);
  }

  /** Any one edit. */
  static Arbitrary<Mutation> any() {
    Arbitrary<Double> at = Arbitraries.doubles().between(0, 1).ofScale(6);
    Arbitrary<Integer> small = Arbitraries.integers().between(1, 64);
    Arbitrary<Integer> forgedInt = Arbitraries.oneOf(
        Arbitraries.of(0, -1, 1, 2, 3, 4, 0x7fffffff, 0x80000000, 0xfffffff0, 1 << 20, 1 << 28,
            3073, 65_536, 0x00000803, 0x00000801),
        Arbitraries.integers());
    Arbitrary<Long> forgedLong = Arbitraries.oneOf(
        Arbitraries.of(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 31, 1L << 40, 12L),
        Arbitraries.longs());
    return Arbitraries.oneOf(
        Combinators.combine(at, Arbitraries.integers().between(0, 7)).as(FlipBit::new),
        Combinators.combine(at, Arbitraries.bytes()).as(SetByte::new),
        at.map(Truncate::new),
        Combinators.combine(at, Arbitraries.bytes().array(byte[].class).ofMinSize(1)
            .ofMaxSize(16)).as(Insert::new),
        Combinators.combine(at, small).as(Delete::new),
        Combinators.combine(at, small).as(Duplicate::new),
        Combinators.combine(at, forgedInt, Arbitraries.of(true, false)).as(ForgeInt::new),
        Combinators.combine(at, forgedLong).as(ForgeLong::new));
  }

  private static int index(double at, int length) {
    return Math.min(length, (int) (at * length));
  }

  /** Flips one bit. */
  record FlipBit(double at, int bit) implements Mutation {
    @Override
    public byte[] apply(byte[] in) {
      byte[] out = in.clone();
      if (out.length > 0) {
        int i = Math.min(out.length - 1, index(at, out.length));
        out[i] ^= (byte) (1 << bit);
      }
      return out;
    }
  }

  /** Overwrites one byte. */
  record SetByte(double at, byte value) implements Mutation {
    @Override
    public byte[] apply(byte[] in) {
      byte[] out = in.clone();
      if (out.length > 0) {
        out[Math.min(out.length - 1, index(at, out.length))] = value;
      }
      return out;
    }
  }

  /** Cuts the file short. */
  record Truncate(double at) implements Mutation {
    @Override
    public byte[] apply(byte[] in) {
      return Arrays.copyOf(in, index(at, in.length));
    }
  }

  /** Inserts bytes. */
  record Insert(double at, byte[] bytes) implements Mutation {
    @Override
    public byte[] apply(byte[] in) {
      int i = index(at, in.length);
      byte[] out = new byte[in.length + bytes.length];
      System.arraycopy(in, 0, out, 0, i);
      System.arraycopy(bytes, 0, out, i, bytes.length);
      System.arraycopy(in, i, out, i + bytes.length, in.length - i);
      return out;
    }
  }

  /** Removes up to {@code length} bytes. */
  record Delete(double at, int length) implements Mutation {
    @Override
    public byte[] apply(byte[] in) {
      int i = index(at, in.length);
      int n = Math.min(length, in.length - i);
      byte[] out = new byte[in.length - n];
      System.arraycopy(in, 0, out, 0, i);
      System.arraycopy(in, i + n, out, i, in.length - i - n);
      return out;
    }
  }

  /** Repeats up to {@code length} bytes right after themselves. */
  record Duplicate(double at, int length) implements Mutation {
    @Override
    public byte[] apply(byte[] in) {
      int i = index(at, in.length);
      int n = Math.min(length, in.length - i);
      return new Insert((double) (i + n) / Math.max(1, in.length),
          Arrays.copyOfRange(in, i, i + n)).apply(in);
    }
  }

  /** Writes a big-endian int, 4-byte aligned when {@code aligned}. */
  record ForgeInt(double at, int value, boolean aligned) implements Mutation {
    @Override
    public byte[] apply(byte[] in) {
      return forge(in, index(at, in.length), aligned ? 4 : 1, value, 4);
    }
  }

  /** Writes a big-endian long. */
  record ForgeLong(double at, long value) implements Mutation {
    @Override
    public byte[] apply(byte[] in) {
      return forge(in, index(at, in.length), 1, value, 8);
    }
  }

  private static byte[] forge(byte[] in, int position, int alignment, long value, int width) {
    byte[] out = in.clone();
    int start = position - position % alignment;
    for (int k = 0; k < width && start + k < out.length; k++) {
      out[start + k] = (byte) (value >>> (8 * (width - 1 - k)));
    }
    return out;
  }
}
