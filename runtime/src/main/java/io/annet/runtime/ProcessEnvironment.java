package io.annet.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The C library's environment of this process ({@code environ}), which native libraries read with
 * {@code getenv} when they load, unlike {@link System#getenv()}, a copy the JVM took at start-up.
 *
 * <p>Variables are added the way {@code setenv} does, without a C call JavaCPP cannot make: a new
 * {@code NULL}-terminated array holding the old entries and the new ones replaces the old array in
 * one pointer store, so a concurrent {@code getenv} sees one array or the other; neither array nor
 * any string is ever freed. Only POSIX systems whose C library exports {@code environ} (Linux)
 * support this; elsewhere {@link #supported()} is false and nothing is changed.
 */
final class ProcessEnvironment {
  /** Everything libc may still read: JavaCPP would free these with their Java objects. */
  private static final List<Pointer> KEEP = new ArrayList<>();

  private ProcessEnvironment() {}

  /** The address of the {@code environ} variable, or null when the C library has none. */
  private static PointerPointer<BytePointer> slot() {
    try {
      Loader.load(Pointer.class); // JavaCPP's own small library, for addressof; no ND4J natives
      Pointer p = Loader.addressof("environ");
      return p == null || p.isNull() ? null : new PointerPointer<>(p);
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  /** Whether this process's native environment can be read and changed. */
  static boolean supported() {
    return slot() != null;
  }

  /** The native environment now, in order; empty when not {@link #supported()}. */
  static synchronized Map<String, String> read() {
    Map<String, String> out = new LinkedHashMap<>();
    PointerPointer<BytePointer> slot = slot();
    if (slot == null) {
      return out;
    }
    Pointer array = slot.get(0);
    if (array == null || array.isNull()) {
      return out;
    }
    PointerPointer<BytePointer> entries = new PointerPointer<>(array);
    for (long i = 0; ; i++) {
      Pointer entry = entries.get(i);
      if (entry == null || entry.isNull()) {
        return out;
      }
      String text = new BytePointer(entry).getString();
      int eq = text.indexOf('=');
      if (eq > 0) {
        out.putIfAbsent(text.substring(0, eq), text.substring(eq + 1));
      }
    }
  }

  /** The native value of {@code name}, or null when unset (or not {@link #supported()}). */
  static String get(String name) {
    return read().get(name);
  }

  /**
   * Adds each of {@code values} that is not set yet (a value already there, even empty, is kept);
   * returns the ones added, empty when not {@link #supported()}.
   */
  static synchronized Map<String, String> addMissing(Map<String, String> values) {
    PointerPointer<BytePointer> slot = slot();
    if (slot == null) {
      return Map.of();
    }
    Map<String, String> present = read();
    Map<String, String> added = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (!present.containsKey(k)) {
        added.put(k, v);
      }
    });
    if (added.isEmpty()) {
      return added;
    }
    Pointer old = slot.get(0);
    long count = 0;
    PointerPointer<BytePointer> oldEntries = old == null || old.isNull() ? null
        : new PointerPointer<>(old);
    while (oldEntries != null && oldEntries.get(count) != null
        && !oldEntries.get(count).isNull()) {
      count++;
    }
    PointerPointer<BytePointer> fresh = new PointerPointer<>(count + added.size() + 1);
    for (long i = 0; i < count; i++) {
      fresh.put(i, oldEntries.get(i));
    }
    long i = count;
    for (Map.Entry<String, String> e : added.entrySet()) {
      BytePointer entry = new BytePointer(e.getKey() + "=" + e.getValue());
      KEEP.add(entry);
      fresh.put(i++, entry);
    }
    fresh.put(i, (Pointer) null);
    KEEP.add(fresh);
    slot.put(0, fresh);
    return added;
  }
}
