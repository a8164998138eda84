package io.annet.spark;

import io.annet.runtime.AnnetException;
import io.annet.runtime.Network;
import java.io.Serializable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * What an executor needs to build its own instance of a generated network: the generated class's
 * name and its compile-time spec (so that a class compiled from another declaration is refused
 * instead of silently receiving weights of another shape). Weights travel separately.
 *
 * @param className the generated class (a subclass of {@link Network} with a static {@code
 *     create(long seed)} factory)
 * @param spec the generated class's {@code SPEC} text, the cache key with the class name
 */
public record NetworkSpec(String className, String spec) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The spec of {@code network}'s generated class. */
  public static NetworkSpec of(Network network) {
    return new NetworkSpec(network.getClass().getName(), network.architecture().spec());
  }

  /**
   * A new instance through the generated {@code create(long)} factory (the weights it draws are
   * overwritten by the first broadcast).
   *
   * @throws AnnetException when the class is missing, is not a generated network, or was
   *     compiled from another declaration than the driver's
   */
  public Network create() {
    Class<?> type;
    try {
      type = Class.forName(className, true, classLoader());
    } catch (ClassNotFoundException e) {
      throw new AnnetException("executor cannot load network class " + className
          + ": add the jar that holds it to the application (spark-submit --jars or the"
          + " application jar)", e);
    }
    if (!Network.class.isAssignableFrom(type)) {
      throw new AnnetException(className + " is not a generated network (an "
          + Network.class.getName() + " subclass)");
    }
    Network network;
    try {
      Method create = type.getMethod("create", long.class);
      if (!Modifier.isStatic(create.getModifiers())) {
        throw new NoSuchMethodException("create(long) is not static");
      }
      network = (Network) create.invoke(null, 0L);
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new AnnetException(className + " has no public static create(long seed) factory"
          + " (is it a generated network?)", e);
    } catch (InvocationTargetException e) {
      throw new AnnetException("creating " + className + " failed: " + e.getCause(),
          e.getCause());
    }
    String found = network.architecture().spec();
    if (!found.equals(spec)) {
      throw new AnnetException(className + " on this executor was compiled from another"
          + " declaration than the driver's: expected spec\n" + spec + "\nfound\n" + found);
    }
    return network;
  }

  private static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : NetworkSpec.class.getClassLoader();
  }
}
