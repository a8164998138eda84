package io.annet.processor.emit;

import com.palantir.javapoet.CodeBlock;

/**
 * An upper bound on the bytecode javac emits for a generated method body, read from its text: the
 * JVM refuses a method of more than 65,535 bytes ("code too large"), so the emitter splits the
 * methods of a large model before javac would.
 *
 * <p>The bound charges every token of the (comment-free) text what it may cost at most in the
 * straight-line code Annet generates: a number 8 bytes (an int array element: dup, index, value,
 * iastore), an identifier 4 (a field access, a call, a wide local load or store; {@code new} and
 * its class name together pay for new, dup and the constructor call), a string literal 3 ({@code
 * ldc_w}), {@code this} 1, a statement end 4 (a wide store) and a comma 2 (what an array or
 * varargs element costs beyond its tokens). Type names cost nothing but are charged, which pays
 * for the casts. Measured on chains of {@code @Conv(filters = 1, kernel = 1)} layers (javac 17):
 * the constructor takes 60 bytes a layer (bound 169), {@code trainStep} 37 (bound 64), {@code
 * forward} 13 (bound 30), and javac fails on the unsplit constructor from about 1,090 such layers
 * ("code too large"), on {@code trainStep} from about 1,790.
 */
final class MethodSize {
  /** The JVM's limit on the bytecode of one method. */
  static final int LIMIT = 65_535;

  /**
   * A network's generated methods (a chain's or a graph's) are split when one's bound exceeds
   * this: three quarters of the limit, while the bound is already 1.7 to 2.8 times the measured
   * size (a chain of 1x1 convolutions splits from about 280 layers, where javac would fail from
   * 1,090).
   */
  static final int BUDGET = 48_000;

  /** The bound a chunk of a split method aims at, so that a single odd layer cannot overflow. */
  static final int CHUNK_BUDGET = 8_000;

  /** At most this many layers per chunk, so that every index into a chunk is a {@code bipush}. */
  static final int CHUNK_LAYERS = 100;

  /**
   * The bound of one field assignment of a split constructor, {@code this.c0 = (ConvLayer)
   * kernels0[0];}: aload_0, aload (2), bipush (2), aaload, checkcast (3), putfield (3).
   */
  static final int ASSIGNMENT = 12;

  private MethodSize() {}

  /** The bound in bytes of {@code code}'s bytecode. */
  static int of(CodeBlock code) {
    return of(code.toString());
  }

  /**
   * The bound in bytes of the bytecode of the Java statements in {@code text}. A hand-written
   * scanner, linear in the text and without recursion: the text holds user names of any length
   * (a regular expression with one alternation per string character overflowed the stack on a
   * layer name of 2,000 characters).
   */
  static int of(String text) {
    long bytes = 0;
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
        int end = text.indexOf('\n', i);
        i = end < 0 ? n : end + 1; // a trailing comment, to the end of its line
      } else if (c == '"') {
        i = endOfString(text, i + 1);
        bytes += 3; // ldc_w
      } else if (Character.isDigit(c)) {
        i = endOfWord(text, i + 1, true);
        bytes += 8; // an int array element: dup, index, value, iastore
      } else if (Character.isLetter(c) || c == '_' || c == '$') {
        int start = i;
        i = endOfWord(text, i + 1, false);
        bytes += i - start == 4 && text.startsWith("this", start) ? 1 : 4;
      } else {
        bytes += c == ';' ? 4 : c == ',' ? 2 : 0;
        i++;
      }
    }
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  /** The index after the identifier (or, with {@code number}, the numeric literal) at {@code i}. */
  private static int endOfWord(String text, int i, boolean number) {
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isLetterOrDigit(c) || c == '_' || (number ? c == '.' : c == '$')) {
        i++;
      } else {
        break;
      }
    }
    return i;
  }

  /**
   * The index after the closing quote of a string literal whose contents start at {@code i} (or
   * the end of the line, should a literal be unterminated).
   */
  private static int endOfString(String text, int i) {
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '"' || c == '\n') {
        return i + 1;
      } else {
        i++;
      }
    }
    return n;
  }
}
