package io.annet.runtime.onnx;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What feeds a parameterised computation, as the structural match compares it on both sides: the
 * nearest parameterised computations (leaves: an Annet layer name or an ONNX node id, or {@code
 * input}) combined by the weightless operations that change values between them (pooling,
 * concatenation in its order, addition in any order); activations, dropout, flattening and
 * padding are transparent. Two branches that differ only by a pooling before their convolution
 * are told apart.
 *
 * @param op the operation, or null for a leaf
 * @param leaf the leaf's name, or null for an operation
 * @param args the operation's inputs, in order (sorted for a commutative one)
 */
record Wire(String op, String leaf, List<Wire> args) {
  /** The network's (or graph's) input. */
  static final Wire INPUT = leaf(Topology.INPUT);

  Wire {
    args = List.copyOf(args);
  }

  /** A leaf: a parameterised computation, or the input. */
  static Wire leaf(String name) {
    return new Wire(null, name, List.of());
  }

  /** {@code op} of {@code args}; {@code Add}'s arguments sorted, as order does not matter. */
  static Wire of(String op, List<Wire> args) {
    List<Wire> list = new ArrayList<>(args);
    if (op.equals("Add")) {
      list.sort(Comparator.comparing(Wire::toString));
    }
    return new Wire(op, null, list);
  }

  /** Whether this is one parameterised computation (or the input) itself. */
  boolean isLeaf() {
    return op == null;
  }

  /** The same wiring with the leaves renamed by {@code names}; null if one has no new name. */
  Wire rename(Map<String, String> names) {
    if (isLeaf()) {
      String name = names.get(leaf);
      return name == null ? null : leaf(name);
    }
    List<Wire> renamed = new ArrayList<>();
    for (Wire arg : args) {
      Wire r = arg.rename(names);
      if (r == null) {
        return null;
      }
      renamed.add(r);
    }
    return of(op, renamed);
  }

  @Override
  public String toString() {
    return isLeaf() ? leaf : op + args;
  }
}
