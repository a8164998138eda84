package io.annet.processor.emit;

import com.palantir.javapoet.CodeBlock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
   * A chain's generated methods are split when one's bound exceeds this: three quarters of the
   * limit, while the bound is already 1.7 to 2.8 times the measured size (a chain of 1x1
   * convolutions splits from about 280 layers, where javac would fail from 1,090).
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

  private static final Pattern TOKEN =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|\\d[\\w.]*|[A-Za-z_$][\\w$]*|[;,]");

  private MethodSize() {}

  /** The bound in bytes of {@code code}'s bytecode. */
  static int of(CodeBlock code) {
    return of(code.toString());
  }

  /** The bound in bytes of the bytecode of the Java statements in {@code text}. */
  static int of(String text) {
    long bytes = 0;
    for (String line : text.split("\n")) {
      Matcher m = TOKEN.matcher(stripComment(line));
      while (m.find()) {
        bytes += cost(m.group());
      }
    }
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  private static int cost(String token) {
    char c = token.charAt(0);
    if (c == '"') {
      return 3;
    }
    if (Character.isDigit(c)) {
      return 8;
    }
    return switch (token) {
      case "," -> 2;
      case "this" -> 1;
      default -> 4; // an identifier, new, or the ';' that ends a statement
    };
  }

  /** The line without a trailing {@code //} comment (outside string literals). */
  private static String stripComment(String line) {
    boolean inString = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && inString) {
        i++;
      } else if (c == '"') {
        inString = !inString;
      } else if (!inString && c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
        return line.substring(0, i);
      }
    }
    return line;
  }
}
